package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A class A LoRaWAN end device doing OTAA (TS001-1.0.4, LoRaWAN 1.1). It keeps only the DevNonce counter (and, for
 * 1.1, the last JoinNonce) in non-volatile memory; its session lives in RAM, so a new instance on the same store,
 * which is how a power cut is modelled, starts {@link #IDLE} and must {@link #join()} again (R8).
 *
 * <p>States: {@link #IDLE} (no session), {@link #JOINING} (JoinRequest outstanding), {@link #JOINED}.
 */
public final class LoRaWanDevice implements ProtocolMachine {
    public static final String IDLE = "IDLE";
    public static final String JOINING = "JOINING";
    public static final String JOINED = "JOINED";
    /** The next DevNonce to use (8-byte counter record). */
    public static final String NVM_DEV_NONCE = "lorawan.devnonce";
    /** The JoinNonce of the last accepted JoinAccept, 1.1 devices only (8-byte counter record). */
    public static final String NVM_JOIN_NONCE = "lorawan.joinnonce";
    /** Written only by a device exhibiting {@link Deviation#KEYS_KEPT_ACROSS_POWER_LOSS}. */
    public static final String NVM_SESSION = "lorawan.session";
    /** Application ports a device sends on; 224 is the certification port and 225..255 are RFU. */
    public static final int MAX_APPLICATION_PORT = 223;
    private static final int NONCE_SPACE = 1 << 16;

    private final LoRaWanPersonalization p;
    private final MachineContext ctx;
    private final Set<Deviation> deviations;
    private final LoRaWanCodec codec = new LoRaWanCodec();
    private final KeyMaterial jsIntKey;
    /** Deviation NONCE_REUSED_AFTER_POWER_LOSS: a DevNonce generator that restarts at every boot. */
    private final RandomSource bootNonceGenerator = new SeededRandomSource(0);
    /** Deviation COUNTER_RESET_ON_POWER_LOSS: the DevNonce counter kept in RAM. */
    private int ramDevNonce;

    private String state = IDLE;
    private int pendingDevNonce;
    private DeviceSession session;

    public LoRaWanDevice(LoRaWanPersonalization personalization, MachineContext ctx, Set<Deviation> deviations) {
        this.p = personalization;
        this.ctx = ctx;
        this.deviations = deviations.isEmpty() ? Set.of() : EnumSet.copyOf(deviations);
        this.jsIntKey = p.version() == LoRaWanVersion.V1_1 ? KeyDerivation.jsIntKey(p.nwkKey(), p.devEui()) : null;
        if (has(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS)) {
            restoreSession();
        }
    }

    @Override
    public Profile profile() {
        return Profile.LORAWAN;
    }

    @Override
    public Role role() {
        return Role.DEVICE;
    }

    @Override
    public String state() {
        return state;
    }

    public LoRaWanPersonalization personalization() {
        return p;
    }

    /** The session's DevAddr, when joined. */
    public Optional<Integer> devAddr() {
        return session == null ? Optional.empty() : Optional.of(session.devAddr);
    }

    /**
     * Sends a JoinRequest with the next DevNonce, which is written to non-volatile memory first (R2). Any session
     * is dropped. Allowed in every state: a retry after a lost JoinAccept is a new JoinRequest with a new DevNonce.
     *
     * @throws IllegalStateException when all 65536 DevNonces for this JoinEUI have been used
     */
    public List<Effect> join() {
        int devNonce = nextDevNonce();
        JoinRequest unsigned = new JoinRequest(p.joinEui(), p.devEui(), devNonce, new byte[4]);
        JoinRequest request = unsigned.withMic(JoinCrypto.joinRequestMic(p.nwkKey(), unsigned));
        session = null;
        if (has(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS)) {
            ctx.store().erase(NVM_SESSION);
        }
        pendingDevNonce = devNonce;
        state = JOINING;
        return List.of(new Effect.Transmit(request.encode()));
    }

    /** Sends {@code payload} unconfirmed on FPort 1. */
    public List<Effect> sendData(byte[] payload) {
        return sendData(payload, 1, false);
    }

    /**
     * Sends an uplink with the next FCntUp (R6). It acknowledges a confirmed downlink received since the last
     * uplink; a 1.1 uplink's MIC then covers that downlink's counter (ConfFCnt).
     *
     * @throws IllegalStateException    when not joined, or FCntUp is exhausted and the device must rejoin
     * @throws IllegalArgumentException for an FPort outside 1..223
     */
    public List<Effect> sendData(byte[] payload, int fPort, boolean confirmed) {
        if (session == null) {
            throw new IllegalStateException("not joined: join() first");
        }
        if (fPort < 1 || fPort > MAX_APPLICATION_PORT) {
            throw new IllegalArgumentException("application FPort is 1.." + MAX_APPLICATION_PORT + ", not " + fPort);
        }
        long fCnt = session.nextFCntUp;
        if (fCnt > FrameCounter.MAX) {
            throw new IllegalStateException("FCntUp exhausted: the device must rejoin (LORAWAN-R6)");
        }
        boolean ack = session.confirmedDownToAck != FrameCounter.NONE;
        int confFCnt = ack ? (int) (session.confirmedDownToAck & 0xffff) : 0;
        DataFrame frame = FrameProtection.seal(session.keys, MType.data(true, confirmed), session.devAddr,
                ack ? DataFrame.ACK : 0, fCnt, new byte[0], fPort, payload, confFCnt);
        session.nextFCntUp = fCnt + 1;
        session.confirmedDownToAck = FrameCounter.NONE;
        session.unackedConfirmedUp = confirmed ? fCnt : FrameCounter.NONE;
        return List.of(new Effect.Transmit(frame.encode()));
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return rejected(LoRaWanRule.R1, e.getMessage());
        }
        if (frame instanceof JoinAccept accept) {
            return state.equals(JOINING) ? onJoinAccept(accept)
                    : ignored("JoinAccept while no JoinRequest is outstanding (LORAWAN-R10)");
        }
        if (frame instanceof DataFrame data && !data.uplink()) {
            return onDownlink(data);
        }
        return ignored(frame.type() + " is an uplink frame");
    }

    private List<Effect> onJoinAccept(JoinAccept accept) {
        byte[] plain = JoinCrypto.open(p.nwkKey(), accept);
        boolean optNeg = p.version() == LoRaWanVersion.V1_1
                && (plain[JoinAcceptContent.DL_SETTINGS_OFFSET] & JoinAcceptContent.OPT_NEG) != 0;
        byte[] signed = Arrays.copyOf(plain, plain.length - 4);
        byte[] received = Arrays.copyOfRange(plain, plain.length - 4, plain.length);
        byte[] expected = JoinCrypto.joinAcceptMic(optNeg ? jsIntKey : p.nwkKey(), signed, optNeg, p.joinEui(),
                pendingDevNonce);
        if (!MicCheck.matches(expected, received, deviations)) {
            return rejected(LoRaWanRule.R4, "JoinAccept MIC does not verify");
        }
        JoinAcceptContent content;
        try {
            content = JoinAcceptContent.decode(plain);
        } catch (FrameDecodeException e) {
            return rejected(LoRaWanRule.R1, "decrypted JoinAccept: " + e.getMessage());
        }
        if (p.version() == LoRaWanVersion.V1_1) {
            var last = CounterRecord.read(ctx.store(), NVM_JOIN_NONCE);
            if (last.isPresent() && content.joinNonce() <= last.getAsLong() && !has(Deviation.REPLAY_ACCEPTED)) {
                return rejected(LoRaWanRule.R5, "JoinNonce " + content.joinNonce() + " is not above the last accepted "
                        + last.getAsLong());
            }
            CounterRecord.write(ctx.store(), NVM_JOIN_NONCE, content.joinNonce());
        }
        SessionKeys keys = optNeg
                ? KeyDerivation.v1_1(p.nwkKey(), p.appKey(), content.joinNonce(), p.joinEui(), pendingDevNonce)
                : KeyDerivation.v1_0(p.nwkKey(), content.joinNonce(), content.netId(), pendingDevNonce);
        session = new DeviceSession(content.devAddr(), keys);
        state = JOINED;
        if (has(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS)) {
            persistSession();
        }
        return List.of(new Effect.Established("joined as DevAddr " + Ids.devAddr(content.devAddr()) + " with LoRaWAN "
                + keys.scheme().label() + " session keys"));
    }

    private List<Effect> onDownlink(DataFrame f) {
        if (session == null) {
            return ignored("downlink while not joined");
        }
        if (f.devAddr() != session.devAddr && !has(Deviation.ANSWERS_FOREIGN_ADDRESS)) {
            return ignored("downlink for DevAddr " + Ids.devAddr(f.devAddr()) + " (LORAWAN-R9)");
        }
        boolean acksOurs = f.ack() && session.unackedConfirmedUp != FrameCounter.NONE;
        int confFCnt = session.keys.scheme() == LoRaWanVersion.V1_1 && acksOurs
                ? (int) (session.unackedConfirmedUp & 0xffff) : 0;
        DataFrameCheck.Result r = DataFrameCheck.verify(session.keys, f, session.lastDown(f.fPort()), confFCnt,
                deviations);
        switch (r.outcome()) {
            case BAD_MIC:
                return rejected(LoRaWanRule.R4, "downlink MIC does not verify");
            case REPLAY:
                if (!has(Deviation.REPLAY_ACCEPTED)) {
                    return rejected(LoRaWanRule.R7, "downlink FCnt " + r.fCnt() + " is not above the last accepted "
                            + session.lastDown(f.fPort()));
                }
                break;
            default:
                session.acceptDown(f.fPort(), r.fCnt());
        }
        if (acksOurs) {
            session.unackedConfirmedUp = FrameCounter.NONE;
        }
        if (f.mType().isConfirmed()) {
            session.confirmedDownToAck = r.fCnt();
        }
        FrameProtection.Opened opened = FrameProtection.open(session.keys, f, r.fCnt());
        return f.fPort() > 0 ? List.of(new Effect.Deliver(opened.payload())) : List.of();
    }

    private int nextDevNonce() {
        if (has(Deviation.NONCE_REUSED_AFTER_POWER_LOSS)) {
            byte[] b = bootNonceGenerator.bytes(2);
            return (b[0] & 0xff) | (b[1] & 0xff) << 8;
        }
        if (has(Deviation.COUNTER_RESET_ON_POWER_LOSS)) {
            if (ramDevNonce >= NONCE_SPACE) {
                throw new IllegalStateException("DevNonce space exhausted for JoinEUI " + Ids.eui(p.joinEui()));
            }
            return ramDevNonce++;
        }
        long next = CounterRecord.read(ctx.store(), NVM_DEV_NONCE).orElse(0);
        if (next >= NONCE_SPACE) {
            throw new IllegalStateException("DevNonce space exhausted for JoinEUI " + Ids.eui(p.joinEui())
                    + ": the device cannot join again (LORAWAN-R2)");
        }
        CounterRecord.write(ctx.store(), NVM_DEV_NONCE, next + 1);
        return (int) next;
    }

    /** Deviation KEYS_KEPT_ACROSS_POWER_LOSS: DevAddr, key scheme and keys written to NVM, counters not. */
    private void persistSession() {
        SessionKeys k = session.keys;
        ByteBuffer b = ByteBuffer.allocate(5 + 4 * 16).putInt(session.devAddr).put((byte) k.scheme().ordinal());
        for (KeyMaterial key : List.of(k.fNwkSIntKey(), k.sNwkSIntKey(), k.nwkSEncKey(), k.appSKey())) {
            b.put(key.bytes());
        }
        ctx.store().write(NVM_SESSION, b.array());
    }

    private void restoreSession() {
        ctx.store().read(NVM_SESSION).filter(b -> b.length == 5 + 4 * 16).ifPresent(b -> {
            ByteBuffer in = ByteBuffer.wrap(b);
            int devAddr = in.getInt();
            LoRaWanVersion scheme = LoRaWanVersion.values()[in.get() & 1];
            KeyMaterial[] keys = new KeyMaterial[4];
            for (int i = 0; i < 4; i++) {
                byte[] k = new byte[16];
                in.get(k);
                keys[i] = KeyMaterial.of(k);
            }
            session = new DeviceSession(devAddr, new SessionKeys(scheme, keys[0], keys[1], keys[2], keys[3]));
            state = JOINED;
        });
    }

    private boolean has(Deviation d) {
        return deviations.contains(d);
    }

    private static List<Effect> rejected(LoRaWanRule rule, String reason) {
        return List.of(new Effect.Rejected(rule, reason));
    }

    private static List<Effect> ignored(String reason) {
        return List.of(new Effect.Ignored(reason));
    }

    @Override
    public String toString() {
        return "LoRaWanDevice[" + p + ", " + state + "]";
    }
}
