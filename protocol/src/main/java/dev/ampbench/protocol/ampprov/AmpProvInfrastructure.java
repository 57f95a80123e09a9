package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The infrastructure side of amp-prov: a gateway with its Authentication Server, serving any number of tags. Opens
 * provisioning with a PROV_BEACON, answers each PROV_REQUEST of an enrolled tag with exactly one PROV_RESPONSE,
 * completes on PROV_CONFIRM, then requests sensor data, re-keys and re-provisions tags by local address. The
 * per-tag table lives in this object (the infrastructure's own database is outside the profile).
 */
public final class AmpProvInfrastructure implements ProtocolMachine {
    public static final String IDLE = "IDLE";
    public static final String BEACONING = "BEACONING";

    /** Per-tag states, as {@link #tagState(byte[])} names them. */
    public static final String TAG_REGISTERED = "REGISTERED";
    public static final String TAG_ENROLLED = "ENROLLED";
    public static final String TAG_RESPONDED = "RESPONDED";
    public static final String TAG_PROVISIONED = "PROVISIONED";
    public static final String TAG_REKEY_PENDING = "REKEY_PENDING";

    /** The TkNonce of a gateway exhibiting {@link Deviation#NONCE_NOT_FRESH}. */
    private static final byte[] FIXED_TK_NONCE = new byte[AmpProvParams.NONCE_LEN];

    private final long gatewayId;
    private final AmpProvAuthServer authServer;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;
    private final MicCheck micCheck;
    private final AmpProvCodec codec = new AmpProvCodec();
    private final Map<String, TagEntry> byIdHash = new HashMap<>();
    private final Map<Integer, TagEntry> byAddr = new HashMap<>();
    private int nextAddr = 1;
    private int initialKeySel = 1;
    private String state = IDLE;

    private static final class TagEntry {
        final AmpProvAuthServer.EnrolledTag tag;
        final Set<String> answeredTagNonces = new HashSet<>();
        int localAddr;
        Pending pending;
        Session active;
        Rekey rekey;

        TagEntry(AmpProvAuthServer.EnrolledTag tag) {
            this.tag = tag;
        }
    }

    /** A PROV_RESPONSE sent, PROV_CONFIRM awaited. */
    private record Pending(KdfMode mode, byte[] tagNonce, byte[] tkNonce, TemporalKeys keys, int keySel) {
    }

    /**
     * The session in use with a tag. Unconfirmed while it rests only on a PROV_RESPONSE whose PROV_CONFIRM has not
     * arrived: then the first valid RES_SENSOR_DATA under it is the tag's proof instead (R7).
     */
    private static final class Session {
        final TemporalKeys keys;
        final int keySel;
        final long cntr;
        final KeyMaterial key;
        final Pending origin;
        boolean confirmed;
        long dlSeq;
        long awaitedSeq;

        Session(TemporalKeys keys, int keySel, long cntr, long dlSeq, Pending origin, boolean confirmed) {
            this.keys = keys;
            this.keySel = keySel;
            this.cntr = cntr;
            this.key = AmpProvKdf.sessionKey(keys, keySel, cntr);
            this.dlSeq = dlSeq;
            this.origin = origin;
            this.confirmed = confirmed;
        }
    }

    /** A REKEY sent under the new key, REKEY_ACK awaited. */
    private record Rekey(int keySel, long cntr, KeyMaterial key, long seq) {
    }

    /**
     * @param gatewayId  GWID
     * @param authServer the AS holding the tag records (collocated or behind a trusted channel)
     * @param deviations mistakes to exhibit; see the spec's "Deviations" section
     */
    public AmpProvInfrastructure(long gatewayId, AmpProvAuthServer authServer, MachineContext ctx,
                                 Set<Deviation> deviations) {
        Decoding.require(gatewayId >= 0 && gatewayId <= AmpProvParams.MAX_COUNTER, "GWID must fit 4 bytes");
        this.gatewayId = gatewayId;
        this.authServer = Objects.requireNonNull(authServer, "authServer");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.deviations = deviations.isEmpty() ? EnumSet.noneOf(Deviation.class) : EnumSet.copyOf(deviations);
        this.micCheck = MicCheck.from(this.deviations);
    }

    @Override
    public Profile profile() {
        return Profile.AMP_PROV;
    }

    @Override
    public Role role() {
        return Role.INFRASTRUCTURE;
    }

    @Override
    public String state() {
        return state;
    }

    public long gatewayId() {
        return gatewayId;
    }

    /** The temporal key (1 or 2) new provisionings select; the gateway's choice (slide 9). */
    public void setInitialKeySel(int keySel) {
        Decoding.require(AmpProvParams.validKeySel(keySel), "KeySel must be 1 or 2");
        this.initialKeySel = keySel;
    }

    /** Where local address allocation continues, e.g. to give each gateway of a site its own range. */
    public void allocateFrom(int localAddr) {
        Decoding.require(AmpProvParams.assignable(localAddr), "LocalAddr must be assignable");
        this.nextAddr = localAddr;
    }

    /** The onboarding app's QR scan, passed to the AS. */
    public boolean enrol(QrPayload qr) {
        return authServer.enrol(qr);
    }

    /** The state of the tag with this IdHash: REGISTERED, ENROLLED, RESPONDED, PROVISIONED or REKEY_PENDING. */
    public Optional<String> tagState(byte[] idHash) {
        TagEntry e = byIdHash.get(Hex.encode(idHash));
        if (e == null) {
            if (authServer.enrolled(idHash).isPresent()) {
                return Optional.of(TAG_ENROLLED);
            }
            return authServer.registeredOnly(idHash) ? Optional.of(TAG_REGISTERED) : Optional.empty();
        }
        if (e.pending != null) {
            return Optional.of(TAG_RESPONDED);
        }
        if (e.rekey != null) {
            return Optional.of(TAG_REKEY_PENDING);
        }
        return Optional.of(e.active != null ? TAG_PROVISIONED : TAG_ENROLLED);
    }

    /** Opens provisioning: the broadcast PROV_BEACON (slide 5, assumption 9). */
    public List<Effect> beacon() {
        state = BEACONING;
        return List.of(new Effect.Transmit(new ProvBeacon(gatewayId, KdfMode.allBits()).encode()));
    }

    /** Stops answering PROV_REQUESTs. */
    public void closeProvisioning() {
        state = IDLE;
    }

    /**
     * REQ_SENSOR_DATA to a provisioned tag. To a first-time tag whose PROV_CONFIRM was lost (RESPONDED) it goes
     * under the keys of the PROV_RESPONSE, and a valid answer completes provisioning.
     *
     * @throws IllegalStateException while a REKEY is outstanding: the tag may be on either key, so finish it first
     *                               ({@link #retryRekey})
     */
    public List<Effect> requestSensorData(int localAddr, byte[] query) {
        TagEntry e = byAddr.get(localAddr);
        if (e != null && e.active == null && e.pending != null) {
            Pending p = e.pending;
            e.active = new Session(p.keys(), p.keySel(), 0, 0, p, false);
        }
        Session s = settledSession(localAddr);
        long seq = nextSeq(s);
        s.awaitedSeq = seq;
        return transmit(SessionProtection.seal(FrameType.REQ_SENSOR_DATA, localAddr, s.keySel, s.cntr, seq, s.key,
                query));
    }

    /**
     * REKEY to a provisioned tag: advances Cntr past any counter used or offered before and selects
     * TK{@code keySel}; sent under the new key (slide 9). Until its REKEY_ACK arrives the tag is REKEY_PENDING.
     */
    public List<Effect> rekey(int localAddr, int keySel) {
        Decoding.require(AmpProvParams.validKeySel(keySel), "KeySel must be 1 or 2");
        TagEntry e = byAddr.get(localAddr);
        Session s = activeSession(localAddr);
        if (!s.confirmed) {
            throw new IllegalStateException(String.format("provisioning of 0x%04x is not confirmed yet", localAddr));
        }
        long base = Math.max(s.cntr, e.rekey == null ? 0 : e.rekey.cntr());
        if (base >= AmpProvParams.MAX_COUNTER) {
            throw new IllegalStateException("key counter exhausted: re-provision the tag");
        }
        long cntr = base + 1;
        KeyMaterial key = AmpProvKdf.sessionKey(s.keys, keySel, cntr);
        e.rekey = new Rekey(keySel, cntr, key, 1);
        return transmit(SessionProtection.seal(FrameType.REKEY, localAddr, keySel, cntr, 1, key, new byte[0]));
    }

    /** The outstanding REKEY again, byte for byte, after its REKEY_ACK did not arrive. */
    public List<Effect> retryRekey(int localAddr) {
        activeSession(localAddr);
        Rekey r = byAddr.get(localAddr).rekey;
        if (r == null) {
            throw new IllegalStateException(String.format("no REKEY outstanding for 0x%04x", localAddr));
        }
        return transmit(SessionProtection.seal(FrameType.REKEY, localAddr, r.keySel(), r.cntr(), r.seq(), r.key(),
                new byte[0]));
    }

    /**
     * REPROVISION to a provisioned tag: it erases its provisioning; the tag stays enrolled here (R14).
     *
     * @throws IllegalStateException while a REKEY is outstanding
     */
    public List<Effect> reprovision(int localAddr) {
        TagEntry e = byAddr.get(localAddr);
        Session s = settledSession(localAddr);
        ProtectedFrame f = SessionProtection.seal(FrameType.REPROVISION, localAddr, s.keySel, s.cntr, nextSeq(s),
                s.key, new byte[0]);
        e.active = null;
        e.rekey = null;
        e.pending = null;
        return transmit(f);
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return List.of(new Effect.Rejected(AmpProvRule.R15, e.getMessage()));
        }
        if (frame instanceof ProvRequest q) {
            return onRequest(q);
        }
        if (frame instanceof ProvConfirm c) {
            return onConfirm(c);
        }
        if (frame instanceof ProtectedFrame p && !p.kind().downlink()) {
            return onUplink(p);
        }
        return List.of(new Effect.Ignored(frame.type() + " is a downlink frame of another gateway"));
    }

    private List<Effect> onRequest(ProvRequest q) {
        if (!state.equals(BEACONING)) {
            return List.of(new Effect.Ignored("no provisioning window open"));
        }
        if (q.gatewayId() != gatewayId) {
            return List.of(new Effect.Ignored(String.format("PROV_REQUEST for gateway %08x", q.gatewayId())));
        }
        Optional<AmpProvAuthServer.EnrolledTag> tag = authServer.enrolled(q.idHash());
        if (tag.isEmpty()) {
            return List.of(new Effect.Ignored("tag " + Hex.encode(q.idHash()) + " is not enrolled"));
        }
        KdfMode recorded = tag.get().mode();
        boolean downgrade = q.mode().code() < recorded.code() && has(Deviation.POLICY_DOWNGRADE_ACCEPTED);
        if (q.mode() != recorded && !downgrade) {
            return List.of(new Effect.Rejected(AmpProvRule.R4,
                    "tag is recorded for KDF mode " + recorded + ", asked for " + q.mode()));
        }
        TagEntry e = byIdHash.computeIfAbsent(tag.get().idHashHex(), k -> new TagEntry(tag.get()));
        if (!e.answeredTagNonces.add(Hex.encode(q.tagNonce())) && !has(Deviation.REPLAY_ACCEPTED)) {
            return List.of(new Effect.Rejected(AmpProvRule.R5,
                    "TagNonce already answered: one downlink per provisioning request"));
        }
        if (e.active != null && !e.active.confirmed) {
            // A tag that asks again never got the response that session rests on.
            e.active = null;
        }
        if (e.localAddr == AmpProvParams.LOCAL_ADDR_NONE) {
            OptionalInt free = allocate();
            if (free.isEmpty()) {
                return List.of(new Effect.Ignored("no local address free"));
            }
            e.localAddr = free.getAsInt();
            byAddr.put(e.localAddr, e);
        }
        byte[] tkNonce = has(Deviation.NONCE_NOT_FRESH) ? FIXED_TK_NONCE.clone()
                : ctx.random().bytes(AmpProvParams.NONCE_LEN);
        TemporalKeys keys = authServer.temporalKeys(tag.get(), q.mode(), gatewayId, q.tagNonce(), tkNonce,
                e.localAddr);
        ProvResponse unsigned = new ProvResponse(q.idHash(), q.mode(), e.localAddr, tkNonce, initialKeySel,
                new byte[AmpProvParams.MIC_LEN]);
        byte[] mic = AmpProvKdf.responseMic(keys.kck(), unsigned.micInputHeader(), q.tagNonce(),
                tag.get().pubKeyHash());
        e.pending = new Pending(q.mode(), q.tagNonce(), tkNonce, keys, initialKeySel);
        return List.of(new Effect.Transmit(
                new ProvResponse(q.idHash(), q.mode(), e.localAddr, tkNonce, initialKeySel, mic).encode()));
    }

    private List<Effect> onConfirm(ProvConfirm c) {
        TagEntry e = byAddr.get(c.localAddr());
        if (e == null || e.pending == null) {
            return List.of(new Effect.Ignored(String.format("no provisioning outstanding for 0x%04x", c.localAddr())));
        }
        Pending p = e.pending;
        byte[] expected = AmpProvKdf.confirmMic(p.keys().kck(), c.micInputHeader(), p.tagNonce(), p.tkNonce(),
                e.tag.pubKeyHash());
        if (!micCheck.accepts(expected, c.mic())) {
            return List.of(new Effect.Rejected(AmpProvRule.R7,
                    "PROV_CONFIRM MIC does not verify: the tag did not prove it derived the keys"));
        }
        if (e.active != null && e.active.origin == p) {
            e.active.confirmed = true;
        } else {
            e.active = new Session(p.keys(), p.keySel(), 0, 0, p, true);
        }
        e.pending = null;
        e.rekey = null;
        return List.of(new Effect.Established(String.format(
                "amp-prov: tag %s provisioned at local address 0x%04x (KDF mode %s, TK%d)", e.tag.idHashHex(),
                e.localAddr, p.mode(), p.keySel())));
    }

    private List<Effect> onUplink(ProtectedFrame f) {
        TagEntry e = byAddr.get(f.localAddr());
        if (e == null || e.active == null) {
            return List.of(new Effect.Ignored(String.format("no provisioned tag at 0x%04x", f.localAddr())));
        }
        return f.kind() == FrameType.REKEY_ACK ? onRekeyAck(e, f) : onSensorResponse(e, f);
    }

    private List<Effect> onRekeyAck(TagEntry e, ProtectedFrame f) {
        Rekey r = e.rekey;
        if (r == null) {
            return List.of(new Effect.Rejected(AmpProvRule.R12, "REKEY_ACK without an outstanding REKEY"));
        }
        if (f.keySel() != r.keySel() || f.cntr() != r.cntr()) {
            return List.of(new Effect.Rejected(AmpProvRule.R10, "REKEY_ACK names another key than the REKEY"));
        }
        if (SessionProtection.open(f, r.key(), micCheck) == null) {
            return List.of(new Effect.Rejected(AmpProvRule.R11, "REKEY_ACK MIC does not verify"));
        }
        if (f.seq() != r.seq() && !has(Deviation.REPLAY_ACCEPTED)) {
            return List.of(new Effect.Rejected(AmpProvRule.R12, "REKEY_ACK does not echo the REKEY's Seq"));
        }
        e.active = new Session(e.active.keys, r.keySel(), r.cntr(), r.seq(), null, true);
        e.rekey = null;
        return List.of(new Effect.Established(String.format("amp-prov: tag at 0x%04x re-keyed to TK%d counter %d",
                e.localAddr, r.keySel(), r.cntr())));
    }

    private List<Effect> onSensorResponse(TagEntry e, ProtectedFrame f) {
        Session s = e.active;
        if (f.keySel() != s.keySel || f.cntr() != s.cntr) {
            return List.of(new Effect.Rejected(AmpProvRule.R10, String.format(
                    "RES_SENSOR_DATA under TK%d Cntr %d, current is TK%d Cntr %d", f.keySel(), f.cntr(), s.keySel,
                    s.cntr)));
        }
        byte[] reading = SessionProtection.open(f, s.key, micCheck);
        if (reading == null) {
            return List.of(new Effect.Rejected(AmpProvRule.R11, "RES_SENSOR_DATA MIC does not verify"));
        }
        if ((s.awaitedSeq == 0 || f.seq() != s.awaitedSeq) && !has(Deviation.REPLAY_ACCEPTED)) {
            return List.of(new Effect.Rejected(AmpProvRule.R12,
                    "RES_SENSOR_DATA Seq " + f.seq() + " echoes no outstanding request"));
        }
        s.awaitedSeq = 0;
        if (s.confirmed) {
            return List.of(new Effect.Deliver(reading));
        }
        s.confirmed = true;
        e.pending = null;
        return List.of(new Effect.Deliver(reading), new Effect.Established(String.format(
                "amp-prov: tag %s provisioned at local address 0x%04x (confirmed by its first protected response)",
                e.tag.idHashHex(), e.localAddr)));
    }

    private Session activeSession(int localAddr) {
        TagEntry e = byAddr.get(localAddr);
        if (e == null || e.active == null) {
            throw new IllegalArgumentException(String.format("no provisioned tag at local address 0x%04x", localAddr));
        }
        return e.active;
    }

    private Session settledSession(int localAddr) {
        Session s = activeSession(localAddr);
        if (byAddr.get(localAddr).rekey != null) {
            throw new IllegalStateException(String.format("REKEY outstanding for 0x%04x: retry it first", localAddr));
        }
        return s;
    }

    private static long nextSeq(Session s) {
        if (s.dlSeq >= AmpProvParams.MAX_COUNTER) {
            throw new IllegalStateException("Seq exhausted under this key: re-key first");
        }
        return ++s.dlSeq;
    }

    private OptionalInt allocate() {
        for (int tries = 0; tries < AmpProvParams.LOCAL_ADDR_BROADCAST - 1; tries++) {
            int a = nextAddr;
            nextAddr = nextAddr == AmpProvParams.LOCAL_ADDR_BROADCAST - 1 ? 1 : nextAddr + 1;
            if (!byAddr.containsKey(a)) {
                return OptionalInt.of(a);
            }
        }
        return OptionalInt.empty();
    }

    private static List<Effect> transmit(ProtectedFrame f) {
        return List.of(new Effect.Transmit(f.encode()));
    }

    private boolean has(Deviation d) {
        return deviations.contains(d);
    }

    @Override
    public String toString() {
        return String.format("AmpProvInfrastructure[GWID=%08x, %s, %d tags]", gatewayId, state, byIdHash.size());
    }
}
