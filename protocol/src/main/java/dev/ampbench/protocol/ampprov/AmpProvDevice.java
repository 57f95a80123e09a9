package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The tag (AMP non-AP STA) side of amp-prov. Answers a gateway's PROV_BEACON with PROV_REQUEST, accepts the one
 * PROV_RESPONSE only with proof of knowledge of its secret identity, confirms, then answers protected sensor
 * requests and re-key commands under Ek_x_i. Its fields are RAM; the provisioning and session records in
 * {@code ctx.store()} are what survives power loss.
 */
public final class AmpProvDevice implements ProtocolMachine {
    public static final String PROVISIONING = "PROVISIONING";
    public static final String AWAIT_RESPONSE = "AWAIT_RESPONSE";
    public static final String NORMAL = "NORMAL";

    /** The boot-time seed of a tag exhibiting {@link Deviation#NONCE_REUSED_AFTER_POWER_LOSS}. */
    private static final long FIXED_BOOT_SEED = 0x414d505f50524f56L;

    private final AmpProvDeviceIdentity identity;
    private final byte[] pubKeyHash;
    private final byte[] idHash;
    private final KeyMaterial shared;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;
    private final MicCheck micCheck;
    private final RandomSource nonceSource;
    private final AmpProvCodec codec = new AmpProvCodec();

    private String state = PROVISIONING;
    private long pendingGatewayId;
    private byte[] pendingTagNonce;
    private TagRecords.Provisioning provisioning;
    private TemporalKeys keys;
    private TagRecords.Session session;
    private KeyMaterial sessionKey;
    private byte[] sensorReading = new byte[0];

    /**
     * Boots a tag: provisioned (state NORMAL) when its store holds a provisioning record, else in provisioning mode.
     *
     * @param deviations firmware mistakes to exhibit; see the spec's "Deviations" section
     */
    public AmpProvDevice(AmpProvDeviceIdentity identity, MachineContext ctx, Set<Deviation> deviations) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.deviations = deviations.isEmpty() ? EnumSet.noneOf(Deviation.class) : EnumSet.copyOf(deviations);
        this.pubKeyHash = AmpProvKdf.pubKeyHash(identity.tagPublicKey());
        this.idHash = AmpProvKdf.idHash(pubKeyHash);
        this.shared = identity.mode() == KdfMode.STRONG
                ? X25519.agree(identity.tagPrivateKey(), identity.asPublicKey()).orElseThrow(
                        () -> new IllegalArgumentException("AS_pubk is of low order: X25519 result is zero"))
                : null;
        this.micCheck = MicCheck.from(this.deviations);
        this.nonceSource = this.deviations.contains(Deviation.NONCE_REUSED_AFTER_POWER_LOSS)
                ? new SeededRandomSource(FIXED_BOOT_SEED) : ctx.random();
        boot();
    }

    private void boot() {
        var stored = ctx.store().read(TagRecords.PROVISIONING).flatMap(TagRecords.Provisioning::decode);
        if (stored.isEmpty()) {
            ctx.store().erase(TagRecords.SESSION);
            return;
        }
        TagRecords.Provisioning p = stored.get();
        TagRecords.Session s;
        if (has(Deviation.COUNTER_RESET_ON_POWER_LOSS)) {
            s = new TagRecords.Session(p.initialKeySel(), 0, 0);
        } else {
            var storedSession = ctx.store().read(TagRecords.SESSION).flatMap(TagRecords.Session::decode);
            if (storedSession.isEmpty()) {
                // Without its counter the tag cannot promise never to reuse a key (R9): start over.
                erase();
                return;
            }
            s = storedSession.get();
        }
        install(p, deriveKeys(p.mode(), p.gatewayId(), p.tagNonce(), p.tkNonce(), p.localAddr()), s);
    }

    @Override
    public Profile profile() {
        return Profile.AMP_PROV;
    }

    @Override
    public Role role() {
        return Role.DEVICE;
    }

    @Override
    public String state() {
        return state;
    }

    /** The local address, once provisioned. */
    public OptionalInt localAddress() {
        return provisioning == null ? OptionalInt.empty() : OptionalInt.of(provisioning.localAddr());
    }

    /** The reading returned in the next RES_SENSOR_DATA. */
    public void setSensorReading(byte[] reading) {
        Decoding.require(reading.length <= ProtectedFrame.MAX_PAYLOAD_LEN, "reading too long");
        this.sensorReading = reading.clone();
    }

    /** A local factory-reset event (button, NFC, host command): erases provisioning (R14). Sends nothing. */
    public List<Effect> factoryReset() {
        erase();
        return List.of();
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return List.of(new Effect.Rejected(AmpProvRule.R15, e.getMessage()));
        }
        if (frame instanceof ProvBeacon b) {
            return onBeacon(b);
        }
        if (frame instanceof ProvResponse r) {
            return onResponse(r);
        }
        if (frame instanceof ProtectedFrame p && p.kind().downlink()) {
            return onProtected(p);
        }
        return List.of(new Effect.Ignored(frame.type() + " is an uplink frame of another tag"));
    }

    private List<Effect> onBeacon(ProvBeacon b) {
        if (state.equals(NORMAL) && !has(Deviation.ANSWERS_FOREIGN_ADDRESS)) {
            return List.of(new Effect.Ignored("provisioned: provisioning beacons are ignored"));
        }
        if (!b.offers(identity.mode())) {
            return List.of(new Effect.Ignored("beacon does not offer KDF mode " + identity.mode()));
        }
        byte[] tagNonce = nonceSource.bytes(AmpProvParams.NONCE_LEN);
        if (!state.equals(NORMAL)) {
            pendingGatewayId = b.gatewayId();
            pendingTagNonce = tagNonce;
            state = AWAIT_RESPONSE;
        }
        return List.of(new Effect.Transmit(
                new ProvRequest(b.gatewayId(), idHash, identity.mode(), tagNonce).encode()));
    }

    private List<Effect> onResponse(ProvResponse r) {
        if (!Arrays.equals(r.idHash(), idHash)) {
            return List.of(new Effect.Ignored("PROV_RESPONSE for another tag"));
        }
        if (state.equals(PROVISIONING)) {
            return List.of(new Effect.Ignored("no provisioning request outstanding"));
        }
        if (state.equals(NORMAL)) {
            return List.of(new Effect.Rejected(AmpProvRule.R5, "a further provisioning downlink after provisioning"));
        }
        if (r.mode() != identity.mode()) {
            return List.of(new Effect.Rejected(AmpProvRule.R4,
                    "PROV_RESPONSE names KDF mode " + r.mode() + ", the tag asked for " + identity.mode()));
        }
        TemporalKeys k = deriveKeys(r.mode(), pendingGatewayId, pendingTagNonce, r.tkNonce(), r.localAddr());
        byte[] expected = AmpProvKdf.responseMic(k.kck(), r.micInputHeader(), pendingTagNonce, pubKeyHash);
        TagRecords.Provisioning p = new TagRecords.Provisioning(r.mode(), pendingGatewayId, r.localAddr(),
                r.tkNonce(), pendingTagNonce, r.keySel());
        TagRecords.Session s = new TagRecords.Session(r.keySel(), 0, 0);
        if (!micCheck.accepts(expected, r.mic())) {
            if (has(Deviation.LEAVES_PROVISIONING_EARLY)) {
                install(p, k, s);
            }
            return List.of(new Effect.Rejected(AmpProvRule.R3,
                    "PROV_RESPONSE MIC does not verify: no proof of knowledge of the tag's secret identity"));
        }
        // Session first, then the provisioning record that commits it (R8, R9).
        writeSession(s);
        ctx.store().write(TagRecords.PROVISIONING, p.encode());
        install(p, k, s);
        ProvConfirm unsigned = new ProvConfirm(r.localAddr(), new byte[AmpProvParams.MIC_LEN]);
        byte[] mic = AmpProvKdf.confirmMic(k.kck(), unsigned.micInputHeader(), p.tagNonce(), p.tkNonce(), pubKeyHash);
        return List.of(new Effect.Transmit(new ProvConfirm(r.localAddr(), mic).encode()),
                new Effect.Established(String.format(
                        "amp-prov: provisioned by gateway %08x as local address 0x%04x (KDF mode %s, TK%d)",
                        p.gatewayId(), p.localAddr(), p.mode(), p.initialKeySel())));
    }

    private List<Effect> onProtected(ProtectedFrame f) {
        if (!state.equals(NORMAL)) {
            return List.of(new Effect.Ignored("in provisioning mode: protected frames are not for this tag yet"));
        }
        if (f.localAddr() != provisioning.localAddr() && !has(Deviation.ANSWERS_FOREIGN_ADDRESS)) {
            return List.of(new Effect.Ignored(String.format("for local address 0x%04x", f.localAddr())));
        }
        KeyMaterial key;
        long lastSeq;
        // The REKEY that installed the current key, sent again because its REKEY_ACK was lost: answered again.
        boolean repeatedRekey = f.kind() == FrameType.REKEY && f.keySel() == session.keySel()
                && f.cntr() == session.cntr() && f.seq() == session.rxSeq();
        if (repeatedRekey) {
            key = sessionKey;
            lastSeq = f.seq() - 1;
        } else if (f.kind() == FrameType.REKEY) {
            if (f.cntr() <= session.cntr()) {
                return List.of(new Effect.Rejected(AmpProvRule.R9, "REKEY to Cntr " + f.cntr()
                        + " does not advance the current Cntr " + session.cntr()));
            }
            key = AmpProvKdf.sessionKey(keys, f.keySel(), f.cntr());
            lastSeq = 0;
        } else {
            if (f.keySel() != session.keySel() || f.cntr() != session.cntr()) {
                return List.of(new Effect.Rejected(AmpProvRule.R10, String.format(
                        "%s under TK%d Cntr %d, current is TK%d Cntr %d", f.kind(), f.keySel(), f.cntr(),
                        session.keySel(), session.cntr())));
            }
            key = sessionKey;
            lastSeq = session.rxSeq();
        }
        byte[] plaintext = SessionProtection.open(f, key, micCheck);
        if (plaintext == null) {
            return List.of(new Effect.Rejected(AmpProvRule.R11,
                    f.kind() + " MIC does not verify under Ek_" + f.keySel() + "_" + f.cntr()));
        }
        if (f.seq() <= lastSeq && !has(Deviation.REPLAY_ACCEPTED)) {
            return List.of(new Effect.Rejected(AmpProvRule.R12,
                    f.kind() + " Seq " + f.seq() + " is not above the last accepted " + lastSeq));
        }
        return switch (f.kind()) {
            case REKEY -> repeatedRekey ? List.of(new Effect.Transmit(rekeyAck(f, key).encode())) : onRekey(f, key);
            case REQ_SENSOR_DATA -> onSensorRequest(f, plaintext);
            case REPROVISION -> factoryReset();
            default -> throw new IllegalStateException("not a downlink: " + f.kind());
        };
    }

    private List<Effect> onRekey(ProtectedFrame f, KeyMaterial newKey) {
        // Write-ahead: the new KeySel and Cntr are stored before the new key protects anything (R9).
        TagRecords.Session s = new TagRecords.Session(f.keySel(), f.cntr(), f.seq());
        writeSession(s);
        session = s;
        sessionKey = newKey;
        return List.of(new Effect.Transmit(rekeyAck(f, newKey).encode()), new Effect.Established(
                "amp-prov: re-keyed to TK" + f.keySel() + " counter " + f.cntr()));
    }

    /** The same REKEY always gets the same (empty) REKEY_ACK: resending it reuses no nonce for new data. */
    private static ProtectedFrame rekeyAck(ProtectedFrame rekey, KeyMaterial key) {
        return SessionProtection.seal(FrameType.REKEY_ACK, rekey.localAddr(), rekey.keySel(), rekey.cntr(),
                rekey.seq(), key, new byte[0]);
    }

    private List<Effect> onSensorRequest(ProtectedFrame f, byte[] query) {
        // The accepted Seq is stored before the response is sent under it (R12).
        TagRecords.Session s = new TagRecords.Session(session.keySel(), session.cntr(),
                Math.max(session.rxSeq(), f.seq()));
        writeSession(s);
        session = s;
        ProtectedFrame res = SessionProtection.seal(FrameType.RES_SENSOR_DATA, f.localAddr(), f.keySel(), f.cntr(),
                f.seq(), sessionKey, sensorReading);
        return List.of(new Effect.Deliver(query), new Effect.Transmit(res.encode()));
    }

    private TemporalKeys deriveKeys(KdfMode mode, long gatewayId, byte[] tagNonce, byte[] tkNonce, int localAddr) {
        KeyMaterial prk = AmpProvKdf.prk(mode, identity.serialNumber(), identity.asPublicKey(), shared, tagNonce,
                tkNonce);
        return AmpProvKdf.temporalKeys(prk, gatewayId, tkNonce, localAddr);
    }

    private void install(TagRecords.Provisioning p, TemporalKeys k, TagRecords.Session s) {
        provisioning = p;
        keys = k;
        session = s;
        sessionKey = AmpProvKdf.sessionKey(k, s.keySel(), s.cntr());
        pendingTagNonce = null;
        state = NORMAL;
    }

    private void writeSession(TagRecords.Session s) {
        if (!has(Deviation.COUNTER_RESET_ON_POWER_LOSS)) {
            ctx.store().write(TagRecords.SESSION, s.encode());
        }
    }

    /** Provisioning record first: once it is gone the tag is unprovisioned whatever else a power cut leaves. */
    private void erase() {
        ctx.store().erase(TagRecords.PROVISIONING);
        ctx.store().erase(TagRecords.SESSION);
        provisioning = null;
        keys = null;
        session = null;
        sessionKey = null;
        pendingTagNonce = null;
        state = PROVISIONING;
    }

    private boolean has(Deviation d) {
        return deviations.contains(d);
    }

    @Override
    public String toString() {
        return provisioning == null ? "AmpProvDevice[" + state + "]"
                : String.format("AmpProvDevice[%s, 0x%04x]", state, provisioning.localAddr());
    }
}
