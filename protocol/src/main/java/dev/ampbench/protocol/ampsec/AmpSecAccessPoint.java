package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The AMP AP (infrastructure role), serving every STA enrolled in its table. It transmits Triggers with a fresh
 * ANonce, verifies each STA's Response under the PMK generation the STA names (current, or previous while a PMK
 * update is unproven), answers with a Confirm, and then exchanges CCM-protected data and PmkUpdates per STA.
 *
 * <p>The AP is mains-powered: its table lives in this object and is the host's to persist; it writes nothing to
 * the context's store.
 */
public final class AmpSecAccessPoint implements ProtocolMachine {
    /** No Trigger outstanding, or its ANonce lifetime has passed. */
    public static final String IDLE = "IDLE";
    /** A Trigger's ANonce is current and Responses to it are accepted. */
    public static final String TRIGGERED = "TRIGGERED";

    private final byte[] aa;
    private final AmpSecParameters parameters;
    private final AmpSecFormat format;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;
    private final AmpSecCodec codec = new AmpSecCodec();
    private final Map<ByteBuffer, Station> stations = new HashMap<>();

    private int nextAnonceId;
    private byte[] fixedAnonce;
    private Trigger current;

    /** What the AP keeps per enrolled STA. */
    private static final class Station {
        PmkSlots.Entry pmk;
        /** The generation before {@link #pmk} while the STA has not yet proven the new one, else null. */
        PmkSlots.Entry previous;
        Session session;

        Station(PmkSlots.Entry pmk) {
            this.pmk = pmk;
        }
    }

    /** The outstanding Trigger, and the (SA, SNonce) pairs already accepted for it. */
    private record Trigger(int id, byte[] anonce, byte[] da, boolean broadcast, byte[] bytes, long issuedAt,
                           Set<ByteBuffer> seen) {
    }

    public AmpSecAccessPoint(byte[] aa, AmpSecParameters parameters, Collection<AmpSecPersonalization> enrolled,
                             MachineContext ctx, Set<Deviation> deviations) {
        this.parameters = parameters;
        this.format = parameters.format();
        this.aa = FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        this.ctx = ctx;
        this.deviations = Set.copyOf(deviations);
        enrolled.forEach(this::enroll);
    }

    /** Adds (or replaces) a STA in the table. Its personalization must name this AP and these parameters. */
    public void enroll(AmpSecPersonalization p) {
        if (!Arrays.equals(p.aa(), aa) || !p.parameters().equals(parameters)) {
            throw new IllegalArgumentException("personalization for another AP or other parameters: " + p);
        }
        stations.put(ByteBuffer.wrap(p.sa()), new Station(new PmkSlots.Entry(p.pmkGeneration(), p.pmk())));
    }

    @Override
    public Profile profile() {
        return Profile.AMP_SEC;
    }

    @Override
    public Role role() {
        return Role.INFRASTRUCTURE;
    }

    @Override
    public String state() {
        return current != null && !expired(current) ? TRIGGERED : IDLE;
    }

    /** A Trigger to every enrolled STA, with a fresh ANonce. */
    public List<Effect> trigger() {
        return trigger(new byte[0]);
    }

    /** A Trigger to every enrolled STA carrying DL data, which a STA delivers once the Confirm verifies. */
    public List<Effect> trigger(byte[] dlData) {
        return issue(TriggerFrame.broadcast(format), dlData);
    }

    /** A Trigger to one STA. */
    public List<Effect> page(byte[] sa) {
        return page(sa, new byte[0]);
    }

    /** A Trigger to one STA, carrying DL data. */
    public List<Effect> page(byte[] sa, byte[] dlData) {
        return issue(FrameSupport.copyOfLength(sa, format.addressLength(), "SA"), dlData);
    }

    private List<Effect> issue(byte[] da, byte[] dlData) {
        byte[] anonce;
        if (deviations.contains(Deviation.NONCE_NOT_FRESH)) {
            if (fixedAnonce == null) {
                fixedAnonce = ctx.random().bytes(format.nonceLength());
            }
            anonce = fixedAnonce;
        } else {
            anonce = ctx.random().bytes(format.nonceLength());
        }
        int id = nextAnonceId;
        nextAnonceId = (nextAnonceId + 1) & FrameSupport.MAX_ID;
        TriggerFrame t = new TriggerFrame(format, aa, da, id, anonce, dlData);
        byte[] bytes = t.encode();
        current = new Trigger(id, anonce, da, t.isBroadcast(), bytes, ctx.clock().nowMillis(), new HashSet<>());
        return List.of(new Effect.Transmit(bytes));
    }

    /**
     * DownlinkData to an established STA.
     *
     * @throws IllegalStateException when the STA has no session or its downlink PN space is exhausted
     */
    public List<Effect> sendData(byte[] sa, byte[] payload) {
        if (payload.length == 0) {
            throw new IllegalArgumentException("DL data must not be empty");
        }
        Session s = establishedSession(sa);
        if (s.pn().exhausted()) {
            throw new IllegalStateException("PN space exhausted for STA " + Hex.encode(sa) + ": trigger a new handshake");
        }
        long pn = s.pn().next();
        byte[] aad = DataLayout.header(AmpSecFrameType.DOWNLINK_DATA, format, aa, sa, pn).toBytes();
        byte[] sealed = AmpSecCcm.seal(s.ptk().tk(), AmpSecCcm.DOWNLINK, sa, pn, aad, payload);
        return List.of(new Effect.Transmit(new DownlinkDataFrame(format, aa, sa, pn, sealed).encode()));
    }

    /**
     * Commands an established STA to move to the next PMK generation. The AP switches at once but keeps accepting
     * the previous generation until the STA's next verified Response settles which one stands.
     *
     * @throws IllegalStateException when the STA is not established, or has not yet proven the last update
     */
    public List<Effect> updatePmk(byte[] sa) {
        Session s = establishedSession(sa);
        Station st = stations.get(ByteBuffer.wrap(sa));
        if (st.previous != null) {
            throw new IllegalStateException("STA " + Hex.encode(sa) + " has not settled PMK generation "
                    + st.pmk.generation() + " yet");
        }
        if (st.pmk.generation() == FrameSupport.MAX_ID || s.pn().exhausted()) {
            throw new IllegalStateException("STA " + Hex.encode(sa) + " cannot take another PMK update");
        }
        int gen = st.pmk.generation() + 1;
        PmkUpdateFrame unsigned = new PmkUpdateFrame(format, aa, sa, s.pn().next(), gen,
                new byte[AmpSecAkm.MIC_LENGTH]);
        PmkUpdateFrame signed = unsigned.withMic(format.akm().mic(s.ptk().kck(), unsigned.micCovered()));
        st.previous = st.pmk;
        st.pmk = new PmkSlots.Entry(gen, AmpSecKeySchedule.nextPmk(format.akm(), st.pmk.pmk(), aa, sa, gen));
        return List.of(new Effect.Transmit(signed.encode()));
    }

    private Session establishedSession(byte[] sa) {
        Station st = stations.get(ByteBuffer.wrap(sa.clone()));
        if (st == null || st.session == null) {
            throw new IllegalStateException("no security association with STA " + Hex.encode(sa));
        }
        return st.session;
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return reject(AmpSecRule.R1, e.getMessage());
        }
        if (frame instanceof ResponseFrame r) {
            return onResponse(r, bytes);
        } else if (frame instanceof UplinkDataFrame d) {
            return onData(d);
        }
        return List.of(new Effect.Ignored(frame.type() + " is a downlink frame"));
    }

    private List<Effect> onResponse(ResponseFrame r, byte[] responseBytes) {
        if (!r.format().equals(format)) {
            return formatMismatch(r.format());
        }
        if (!Arrays.equals(r.aa(), aa)) {
            return List.of(new Effect.Ignored("Response for another AP " + Hex.encode(r.aa())));
        }
        byte[] sa = r.sa();
        Station st = stations.get(ByteBuffer.wrap(sa));
        if (st == null) {
            return reject(AmpSecRule.R14, "STA " + Hex.encode(sa) + " is not enrolled");
        }
        Trigger t = current;
        if (t == null || r.anonceId() != t.id()) {
            return reject(AmpSecRule.R5, "ANonceId " + r.anonceId() + " is not the current ANonce");
        }
        if (expired(t)) {
            return reject(AmpSecRule.R5, "ANonce " + t.id() + " expired " + parameters.anonceLifetimeMillis()
                    + " ms after its Trigger");
        }
        if (!t.broadcast() && !Arrays.equals(t.da(), sa)) {
            return reject(AmpSecRule.R11, "STA " + Hex.encode(sa) + " answered a Trigger for " + Hex.encode(t.da()));
        }
        PmkSlots.Entry pmk = generation(st, r.pmkGeneration());
        if (pmk == null) {
            return reject(AmpSecRule.R13, "PMK generation " + r.pmkGeneration() + " is neither current ("
                    + st.pmk.generation() + ") nor an unproven update's previous");
        }
        ByteBuffer pair = ByteBuffer.wrap(Bytes.concat(sa, r.snonce()));
        if (!deviations.contains(Deviation.REPLAY_ACCEPTED) && t.seen().contains(pair)) {
            return reject(AmpSecRule.R6, "(ANonce, SNonce) pair already accepted from " + Hex.encode(sa));
        }
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(format.akm(), pmk.pmk(), aa, sa, t.anonce(), r.snonce());
        byte[] expected = format.akm().mic(ptk.kck(), t.bytes(), r.micCovered());
        if (!AmpSecCcm.micMatches(expected, r.mic(), deviations)) {
            return reject(AmpSecRule.R7, "Response MIC does not verify");
        }
        byte[] ulData = null;
        if (r.sealedUlData().length > 0) {
            ulData = AmpSecCcm.open(ptk.tk(), AmpSecCcm.UPLINK, sa, 0, r.header(), r.sealedUlData(), deviations);
            if (ulData == null) {
                return reject(AmpSecRule.R7, "Response UL data CCM MIC does not verify");
            }
        }
        t.seen().add(pair);
        // The first verified Response after an update settles it: the new generation is proven, or the STA
        // evidently did not commit it (torn write, lost PmkUpdate) and the previous generation stands again.
        st.pmk = pmk;
        st.previous = null;
        st.session = new Session(ptk, new PacketNumbers(1, 0));
        ConfirmFrame unsigned = new ConfirmFrame(format, aa, sa, t.id(), pmk.generation(),
                new byte[AmpSecAkm.MIC_LENGTH]);
        ConfirmFrame confirm = unsigned.withMic(format.akm().mic(ptk.kck(), t.bytes(), responseBytes,
                unsigned.micCovered()));
        List<Effect> effects = new ArrayList<>(3);
        effects.add(new Effect.Transmit(confirm.encode()));
        effects.add(new Effect.Established("AMP-SEC AP " + Hex.encode(aa) + " with STA " + Hex.encode(sa)
                + ", PMK generation " + pmk.generation()));
        if (ulData != null) {
            effects.add(new Effect.Deliver(ulData));
        }
        return effects;
    }

    private static PmkSlots.Entry generation(Station st, int generation) {
        if (generation == st.pmk.generation()) {
            return st.pmk;
        }
        return st.previous != null && generation == st.previous.generation() ? st.previous : null;
    }

    private List<Effect> onData(UplinkDataFrame d) {
        if (!d.format().equals(format)) {
            return formatMismatch(d.format());
        }
        if (!Arrays.equals(d.aa(), aa)) {
            return List.of(new Effect.Ignored("UplinkData for another AP " + Hex.encode(d.aa())));
        }
        Station st = stations.get(ByteBuffer.wrap(d.sa()));
        if (st == null) {
            return reject(AmpSecRule.R14, "STA " + Hex.encode(d.sa()) + " is not enrolled");
        }
        Session s = st.session;
        if (s == null) {
            return reject(AmpSecRule.R15, "UplinkData from STA " + Hex.encode(d.sa()) + " with no security association");
        }
        if (!deviations.contains(Deviation.REPLAY_ACCEPTED) && !s.pn().fresh(d.pn())) {
            return reject(AmpSecRule.R10, "UplinkData PN " + d.pn() + " is not above the last accepted PN");
        }
        byte[] plaintext = AmpSecCcm.open(s.ptk().tk(), AmpSecCcm.UPLINK, d.sa(), d.pn(), d.header(), d.sealed(),
                deviations);
        if (plaintext == null) {
            return reject(AmpSecRule.R7, "UplinkData CCM MIC does not verify");
        }
        s.pn().accepted(d.pn());
        return List.of(new Effect.Deliver(plaintext));
    }

    private boolean expired(Trigger t) {
        return ctx.clock().nowMillis() - t.issuedAt() > parameters.anonceLifetimeMillis();
    }

    private List<Effect> formatMismatch(AmpSecFormat got) {
        return reject(AmpSecRule.R2, "Format 0x" + Integer.toHexString(got.octet()) + " is not the configured 0x"
                + Integer.toHexString(format.octet()));
    }

    private static List<Effect> reject(AmpSecRule rule, String reason) {
        return List.of(new Effect.Rejected(rule, reason));
    }
}
