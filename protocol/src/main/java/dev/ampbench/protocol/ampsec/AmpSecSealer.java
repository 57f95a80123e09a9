package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reseals the frames of one STA's exchange as the side that sends them would, so one sealer serves both campaigns: a
 * tag campaign (the bench is the AP) and a gateway campaign (the bench is the STA).
 * <ul>
 *   <li>AP frames: a Confirm's MIC under the KCK of the handshake it follows (the last Trigger and the STA's Response
 *       to it) over Trigger, Response and the mutated Confirm; a PmkUpdate's MIC under the KCK of the session over the
 *       mutated frame; a DownlinkData's CCM tag under the session's TK. Triggers carry no MIC.</li>
 *   <li>STA frames: a Response's MIC under the KCK the STA derives for the frame's own contents (the PMK of its
 *       PmkGeneration, its AA and SA, the last Trigger's ANonce and its SNonce, mutated or not) over the last Trigger
 *       and the mutated Response, after its UL data's CCM tag under the TK of the same derivation (PN 0); an
 *       UplinkData's CCM tag under the session's TK.</li>
 * </ul>
 * A CCM tag is recomputed with the mutated header as additional data and the mutated ciphertext kept as it is (its
 * plaintext is what CTR gives under the mutated header's nonce). PMK generations after the given one are derived
 * forward, as both sides do (at most 64). Sans-I/O; never prints a key.
 */
public final class AmpSecSealer implements FrameSealer {
    private static final Set<Deviation> TAG_NOT_CHECKED = Set.of(Deviation.MIC_NOT_CHECKED);

    /** A Trigger and the STA's Response to it; the PTK is derived the first time a seal needs it (a KDF run). */
    private final class Handshake {
        final byte[] trigger;
        final byte[] response;
        private final TriggerFrame t;
        private final ResponseFrame r;
        private final KeyMaterial pmk;
        private AmpSecKeySchedule.Ptk ptk;

        Handshake(byte[] trigger, byte[] response, TriggerFrame t, ResponseFrame r, KeyMaterial pmk) {
            this.trigger = trigger;
            this.response = response;
            this.t = t;
            this.r = r;
            this.pmk = pmk;
        }

        AmpSecKeySchedule.Ptk ptk() {
            if (ptk == null) {
                ptk = AmpSecKeySchedule.ptk(akm, pmk, r.aa(), r.sa(), t.anonce(), r.snonce());
            }
            return ptk;
        }
    }

    private final AmpSecPersonalization sta;
    private final AmpSecAkm akm;
    private final AmpSecCodec codec = new AmpSecCodec();
    private byte[] trigger;
    private Handshake pending;
    private Handshake session;

    public AmpSecSealer(AmpSecPersonalization sta) {
        this.sta = Objects.requireNonNull(sta, "sta");
        this.akm = sta.parameters().format().akm();
    }

    @Override
    public void observe(byte[] frame) {
        Frame f = decode(frame);
        if (f instanceof TriggerFrame) {
            trigger = frame.clone();
        } else if (f instanceof ResponseFrame r && trigger != null && Arrays.equals(r.sa(), sta.sa())) {
            KeyMaterial pmk = pmk(r.pmkGeneration());
            TriggerFrame t = (TriggerFrame) decode(trigger);
            if (pmk != null && t != null && t.anonceId() == r.anonceId()) {
                pending = new Handshake(trigger, frame.clone(), t, r, pmk);
            }
        } else if (f instanceof ConfirmFrame && pending != null) {
            session = pending;
        }
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        Frame f = decode(mutated);
        if (f instanceof ConfirmFrame c && pending != null) {
            return FrameSealer.withMic(mutated, c, akm.mic(pending.ptk().kck(), pending.trigger, pending.response,
                    c.micCovered()));
        }
        if (f instanceof PmkUpdateFrame u && session != null) {
            return FrameSealer.withMic(mutated, u, akm.mic(session.ptk().kck(), u.micCovered()));
        }
        if (f instanceof ResponseFrame r && trigger != null) {
            return resealResponse(r, mutated);
        }
        if (f instanceof DownlinkDataFrame d && session != null) {
            return resealData(d, mutated, d.header(), AmpSecCcm.DOWNLINK, d.sa(), d.pn(), d.sealed(),
                    sealed -> new DownlinkDataFrame(d.format(), d.aa(), d.sa(), d.pn(), sealed).encode());
        }
        if (f instanceof UplinkDataFrame d && session != null) {
            return resealData(d, mutated, d.header(), AmpSecCcm.UPLINK, d.sa(), d.pn(), d.sealed(),
                    sealed -> new UplinkDataFrame(d.format(), d.aa(), d.sa(), d.pn(), sealed).encode());
        }
        return Optional.empty();
    }

    /**
     * A Response as the STA computes it for these contents: it answers the last Trigger, so the PTK comes from that
     * ANonce and the frame's SNonce, AA, SA and PmkGeneration; empty for a generation the sealer cannot derive.
     */
    private Optional<byte[]> resealResponse(ResponseFrame r, byte[] mutated) {
        TriggerFrame t = (TriggerFrame) decode(trigger);
        KeyMaterial pmk = pmk(r.pmkGeneration());
        if (t == null || pmk == null || !Arrays.equals(r.encode(), mutated)) {
            return Optional.empty();
        }
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(akm, pmk, r.aa(), r.sa(), t.anonce(), r.snonce());
        ResponseFrame out = r;
        if (r.sealedUlData().length > 0) {
            byte[] header = r.header();
            byte[] plaintext = AmpSecCcm.open(ptk.tk(), AmpSecCcm.UPLINK, r.sa(), 0, header, r.sealedUlData(),
                    TAG_NOT_CHECKED);
            if (plaintext == null) {
                return Optional.empty();
            }
            out = new ResponseFrame(r.format(), r.aa(), r.sa(), r.anonceId(), r.pmkGeneration(), r.snonce(),
                    AmpSecCcm.seal(ptk.tk(), AmpSecCcm.UPLINK, r.sa(), 0, header, plaintext), r.mic());
        }
        return Optional.of(out.withMic(akm.mic(ptk.kck(), trigger, out.micCovered())).encode());
    }

    /**
     * A data frame's CCM tag recomputed under the session's TK; {@code rebuild} encodes the frame with it. Empty when
     * the frame does not re-encode to the mutated octets (a tag over other octets than the ones sent would be wrong).
     */
    private Optional<byte[]> resealData(Frame f, byte[] mutated, byte[] header, int direction, byte[] sa, long pn,
                                        byte[] sealed, Function<byte[], byte[]> rebuild) {
        if (!Arrays.equals(f.encode(), mutated)) {
            return Optional.empty();
        }
        try {
            byte[] plaintext = AmpSecCcm.open(session.ptk().tk(), direction, sa, pn, header, sealed, TAG_NOT_CHECKED);
            if (plaintext == null) {
                return Optional.empty();
            }
            return Optional.of(rebuild.apply(AmpSecCcm.seal(session.ptk().tk(), direction, sa, pn, header,
                    plaintext)));
        } catch (RuntimeException e) {
            return Optional.empty(); // too short to hold a tag: nothing to reseal
        }
    }

    /** The PMK of {@code generation}, derived forward from the given one; null before it or too far ahead. */
    private KeyMaterial pmk(int generation) {
        int from = sta.pmkGeneration();
        if (generation == from) {
            return sta.pmk();
        }
        if (generation < from || generation - from > 64) {
            return null;
        }
        KeyMaterial pmk = sta.pmk();
        for (int g = from + 1; g <= generation; g++) {
            pmk = AmpSecKeySchedule.nextPmk(akm, pmk, sta.aa(), sta.sa(), g);
        }
        return pmk;
    }

    private Frame decode(byte[] bytes) {
        return FrameSealer.decodeOrNull(codec, bytes);
    }

    @Override
    public String toString() {
        return "AmpSecSealer[" + sta + "]";
    }
}
