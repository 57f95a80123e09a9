package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.Inspection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A passive observer holding the PMKs of some (AA, SA) pairs: given the frames of one air in order, it follows each
 * handshake (Trigger, Response, Confirm), derives the PTK with the AKM's KDF ({@link AmpSecKeySchedule#ptk}) and
 * checks every MIC the keys open (AMP-SEC-R7): the Response MIC over Trigger || Response, a Response's UlData CCM,
 * the Confirm MIC over Trigger || Response || Confirm, and, within the session the last Confirm set up, the CCM of
 * UplinkData and DownlinkData and the PmkUpdate MIC (these through {@link AmpSecInspector}).
 *
 * <p>The PMK of a later generation is derived from the given one ({@link AmpSecKeySchedule#nextPmk}), so a capture
 * after PmkUpdates is still checked; a generation before the given one is not (no keys). A session follows the last
 * Confirm of its pair whether or not that Confirm verified, as the air shows the peers going on: with a wrong PMK
 * every later MIC fails too, which is the honest verdict. Sans-I/O; never prints a key.
 */
public final class AmpSecMicObserver {
    /** Generations derived forward at most: a doctored PmkGeneration must not cost 65535 KDF runs. */
    static final int MAX_GENERATIONS_AHEAD = 64;

    /** What the observer concluded of one frame. */
    public enum Status {
        /** Every MIC of the frame verifies under the pair's keys. */
        VERIFIED,
        /** A MIC of the frame does not verify ({@link Verdict#rule()}: AMP-SEC-R7). */
        FAILED,
        /** Not checked: no MIC, no PMK for its pair, or a handshake part this capture does not hold. */
        NO_KEYS
    }

    /** {@code rule} is the rule a FAILED frame breaks, else null. */
    public record Verdict(Status status, Rule rule, String detail) {
        static Verdict verified(String detail) {
            return new Verdict(Status.VERIFIED, null, detail);
        }

        static Verdict failed(String detail) {
            return new Verdict(Status.FAILED, AmpSecRule.R7, detail);
        }

        static Verdict noKeys(String detail) {
            return new Verdict(Status.NO_KEYS, null, detail);
        }
    }

    private record Handshake(byte[] trigger, byte[] response, int anonceId, AmpSecKeySchedule.Ptk ptk) {
    }

    private final Map<String, AmpSecPersonalization> devices = new HashMap<>();
    /** Pair -> generation -> PMK (the given one and those derived from it). */
    private final Map<String, TreeMap<Integer, KeyMaterial>> pmks = new HashMap<>();
    /** AA/ANonceId -> the last Trigger's bytes. */
    private final Map<String, byte[]> triggers = new HashMap<>();
    /** Pair -> its last handshake (Trigger and Response seen). */
    private final Map<String, Handshake> pending = new HashMap<>();
    private final Map<String, AmpSecKeySchedule.Ptk> sessions = new HashMap<>();
    private final AmpSecCodec codec = new AmpSecCodec();

    public AmpSecMicObserver(List<AmpSecPersonalization> devices) {
        for (AmpSecPersonalization p : Objects.requireNonNull(devices, "devices")) {
            String pair = pair(p.aa(), p.sa());
            this.devices.put(pair, p);
            TreeMap<Integer, KeyMaterial> g = new TreeMap<>();
            g.put(p.pmkGeneration(), p.pmk());
            pmks.put(pair, g);
        }
    }

    /** Checks one frame (already known to decode). */
    public Verdict observe(byte[] bytes) throws FrameDecodeException {
        Frame f = codec.decode(bytes);
        if (f instanceof TriggerFrame t) {
            triggers.put(Hex.encode(t.aa()) + "/" + t.anonceId(), bytes.clone());
            return Verdict.noKeys("Trigger carries no MIC");
        }
        if (f instanceof ResponseFrame r) {
            return response(r, bytes);
        }
        if (f instanceof ConfirmFrame c) {
            return confirm(c);
        }
        if (f instanceof UplinkDataFrame u) {
            return inSession(pair(u.aa(), u.sa()), u.type(), bytes);
        }
        if (f instanceof DownlinkDataFrame d) {
            return inSession(pair(d.aa(), d.sa()), d.type(), bytes);
        }
        if (f instanceof PmkUpdateFrame u) {
            return inSession(pair(u.aa(), u.sa()), u.type(), bytes);
        }
        return Verdict.noKeys(f.type() + " is not checked");
    }

    private Verdict response(ResponseFrame r, byte[] bytes) throws FrameDecodeException {
        String pair = pair(r.aa(), r.sa());
        AmpSecPersonalization p = devices.get(pair);
        if (p == null) {
            return Verdict.noKeys("Response of a pair whose PMK is not given");
        }
        byte[] triggerBytes = triggers.get(Hex.encode(r.aa()) + "/" + r.anonceId());
        if (triggerBytes == null) {
            return Verdict.noKeys("Response to ANonceId " + r.anonceId() + ", whose Trigger is not in the capture");
        }
        KeyMaterial pmk = pmk(pair, p, r.pmkGeneration());
        if (pmk == null) {
            return Verdict.noKeys("Response under PMK generation " + r.pmkGeneration()
                    + ", which the given PMK's generation does not lead to");
        }
        TriggerFrame t = TriggerFrame.decode(triggerBytes);
        AmpSecAkm akm = p.parameters().format().akm();
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(akm, pmk, r.aa(), r.sa(), t.anonce(), r.snonce());
        pending.put(pair, new Handshake(triggerBytes, bytes.clone(), r.anonceId(), ptk));
        boolean micOk = ConstantTime.equal(akm.mic(ptk.kck(), triggerBytes, r.micCovered()), r.mic());
        if (!micOk) {
            return Verdict.failed("Response MIC (" + akm + " under the KCK of PMK generation " + r.pmkGeneration()
                    + ") does not verify");
        }
        if (r.sealedUlData().length > 0) {
            Inspection.Verdict ul = inspect(bytes, ptk).verdict("CCM MIC of UlData").orElseThrow();
            if (ul != Inspection.Verdict.VERIFIED) {
                return Verdict.failed("Response UlData CCM MIC (AES-128-CCM under TK, PN 0) does not verify");
            }
            return Verdict.verified("Response MIC and UlData CCM MIC verify");
        }
        return Verdict.verified("Response MIC verifies");
    }

    private Verdict confirm(ConfirmFrame c) {
        String pair = pair(c.aa(), c.sa());
        if (!devices.containsKey(pair)) {
            return Verdict.noKeys("Confirm of a pair whose PMK is not given");
        }
        Handshake h = pending.get(pair); // kept: a Confirm sent again (its first lost) is checked too
        if (h == null || h.anonceId() != c.anonceId()) {
            return Verdict.noKeys("Confirm for a handshake whose Trigger and Response this capture does not hold");
        }
        sessions.put(pair, h.ptk());
        AmpSecAkm akm = devices.get(pair).parameters().format().akm();
        boolean ok = ConstantTime.equal(akm.mic(h.ptk().kck(), h.trigger(), h.response(), c.micCovered()), c.mic());
        return ok ? Verdict.verified("Confirm MIC verifies")
                : Verdict.failed("Confirm MIC (" + akm + " under KCK, over Trigger, Response and Confirm) does not "
                        + "verify");
    }

    private Verdict inSession(String pair, String type, byte[] bytes) throws FrameDecodeException {
        AmpSecKeySchedule.Ptk ptk = sessions.get(pair);
        if (ptk == null) {
            return Verdict.noKeys(type + (devices.containsKey(pair) ? " under a session whose handshake this "
                    + "capture does not hold" : " of a pair whose PMK is not given"));
        }
        Inspection.Check check = inspect(bytes, ptk).checks().get(0);
        return check.verdict() == Inspection.Verdict.VERIFIED ? Verdict.verified(type + " " + check.what()
                + " verifies") : Verdict.failed(type + " " + check.what() + " (" + check.detail() + ") does not verify");
    }

    private static Inspection inspect(byte[] bytes, AmpSecKeySchedule.Ptk ptk) throws FrameDecodeException {
        return new AmpSecInspector().inspect(bytes, Map.of(AmpSecInspector.KCK, ptk.kck(), AmpSecInspector.TK,
                ptk.tk()));
    }

    /** The PMK of {@code generation}, derived forward from the nearest known one; null before the given one. */
    private KeyMaterial pmk(String pair, AmpSecPersonalization p, int generation) {
        TreeMap<Integer, KeyMaterial> known = pmks.get(pair);
        Map.Entry<Integer, KeyMaterial> from = known.floorEntry(generation);
        if (from == null || generation - from.getKey() > MAX_GENERATIONS_AHEAD) {
            return null;
        }
        KeyMaterial pmk = from.getValue();
        for (int g = from.getKey() + 1; g <= generation; g++) {
            pmk = AmpSecKeySchedule.nextPmk(p.parameters().format().akm(), pmk, p.aa(), p.sa(), g);
            known.put(g, pmk);
        }
        return pmk;
    }

    private static String pair(byte[] aa, byte[] sa) {
        return Hex.encode(aa) + "/" + Hex.encode(sa);
    }

    @Override
    public String toString() {
        return "AmpSecMicObserver[" + devices.size() + " pairs, PMKs redacted]";
    }
}
