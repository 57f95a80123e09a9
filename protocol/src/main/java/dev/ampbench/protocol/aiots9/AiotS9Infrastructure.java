package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.machine.Clock;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The network side of aiot-s9: the AIoTF with its AIoT reader, serving a table of devices. {@link #page} starts the
 * authentication process (seed clause 6.9.2 steps 2 and 4) and {@link #command} the command process (steps 5 and
 * 7) for one device; {@link #receive} matches each response to the request it answers.
 *
 * <p>Holds in RAM, per device, the last {@value #DEVICE_NONCE_HISTORY} device nonces it accepted (AIOT-S9-R4), and
 * at most {@value #MAX_OUTSTANDING} outstanding requests, each valid for {@value #RESPONSE_TIMEOUT_MILLIS} ms
 * (AIOT-S9-R9). Expired requests are dropped at the next event.
 */
public final class AiotS9Infrastructure implements ProtocolMachine {
    /** Requests awaiting a response; the oldest is dropped when a new one would exceed this. */
    public static final int MAX_OUTSTANDING = 64;
    /** How long a request waits for its response. */
    public static final long RESPONSE_TIMEOUT_MILLIS = 2_000;
    /** Device nonces remembered per device. */
    public static final int DEVICE_NONCE_HISTORY = 256;

    /** The infrastructure's states, as the spec's state diagram names them. */
    public enum State {
        /** No request outstanding. */
        IDLE,
        /** At least one paging or command awaits its response. */
        AWAITING_RESPONSE
    }

    private enum Kind { PAGING, COMMAND }

    private record Outstanding(Kind kind, DeviceEntry device, byte[] networkNonce, SecurityPolicy policy,
                               long sentAtMillis) {
    }

    private static final class DeviceEntry {
        final AiotS9Personalization personalization;
        final DeviceProtection protection;
        final NonceWindow deviceNonces = new NonceWindow(DEVICE_NONCE_HISTORY);

        DeviceEntry(AiotS9Personalization personalization) {
            this.personalization = personalization;
            this.protection = new DeviceProtection(personalization);
        }

        String idHex() {
            return Hex.encode(protection.deviceId());
        }
    }

    private final Map<Long, DeviceEntry> devices = new HashMap<>();
    private final ArrayDeque<Outstanding> outstanding = new ArrayDeque<>();
    private final RandomSource random;
    private final Clock clock;
    private final Set<Deviation> deviations;
    private final byte[] staleNetworkNonce;
    private final AiotS9Codec codec = new AiotS9Codec();

    /**
     * @param table      every device this AIoTF serves (device IDs must be distinct)
     * @param ctx        randomness for network nonces and the clock for response timeouts; the store is not used
     * @param deviations what this side does wrong: NONCE_NOT_FRESH, MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY and
     *                   POLICY_DOWNGRADE_ACCEPTED apply here
     */
    public AiotS9Infrastructure(Collection<AiotS9Personalization> table, MachineContext ctx,
                                Set<Deviation> deviations) {
        Objects.requireNonNull(ctx, "ctx");
        for (AiotS9Personalization p : table) {
            if (devices.putIfAbsent(idKey(p.deviceId()), new DeviceEntry(p)) != null) {
                throw new IllegalArgumentException("device ID " + Hex.encode(p.deviceId()) + " appears twice");
            }
        }
        this.random = ctx.random();
        this.clock = ctx.clock();
        this.deviations = deviations.isEmpty() ? EnumSet.noneOf(Deviation.class) : EnumSet.copyOf(deviations);
        this.staleNetworkNonce = this.deviations.contains(Deviation.NONCE_NOT_FRESH)
                ? random.bytes(AiotS9Codec.NONCE_LEN) : null;
    }

    @Override
    public Profile profile() {
        return Profile.AIOT_S9;
    }

    @Override
    public Role role() {
        return Role.INFRASTRUCTURE;
    }

    @Override
    public String state() {
        return (outstanding.isEmpty() ? State.IDLE : State.AWAITING_RESPONSE).name();
    }

    /** Pages one device of the table (authentication process): returns the paging to transmit. */
    public List<Effect> page(byte[] deviceId) {
        DeviceEntry d = entry(deviceId);
        byte[] nn = nextNetworkNonce();
        Paging paging = d.protection.paging(nn);
        track(new Outstanding(Kind.PAGING, d, nn, null, clock.nowMillis()));
        return List.of(new Effect.Transmit(paging.encode()));
    }

    /**
     * Sends a command to one device of the table (command process) under {@code policy}, which must not be below the
     * device's configured minimum (AIOT-S9-R6).
     */
    public List<Effect> command(byte[] deviceId, SecurityPolicy policy, byte[] payload) {
        DeviceEntry d = entry(deviceId);
        if (!policy.atLeast(d.personalization.minimumPolicy())) {
            throw new IllegalArgumentException("policy " + policy + " is below the device's minimum "
                    + d.personalization.minimumPolicy() + " (AIOT-S9-R6)");
        }
        if (payload.length > AiotS9Codec.MAX_PAYLOAD_LEN) {
            throw new IllegalArgumentException("a command carries at most " + AiotS9Codec.MAX_PAYLOAD_LEN
                    + " bytes, got " + payload.length);
        }
        byte[] nn = nextNetworkNonce();
        Command c = d.protection.command(policy, nn, payload);
        track(new Outstanding(Kind.COMMAND, d, nn, policy, clock.nowMillis()));
        return List.of(new Effect.Transmit(c.encode()));
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return reject(AiotS9Rule.R1, e.getMessage());
        }
        expire();
        if (frame instanceof PagingResponse r) {
            return onPagingResponse(r);
        }
        if (frame instanceof CommandResponse r) {
            return onCommandResponse(r);
        }
        return List.of(new Effect.Ignored(frame.type() + " is a downlink frame"));
    }

    private List<Effect> onPagingResponse(PagingResponse r) {
        byte[] dn = r.deviceNonce();
        Match m = match(Kind.PAGING, r.idMode(), dn, r.protectedDeviceId());
        if (m == null) {
            return reject(AiotS9Rule.R9, "paging response answers no outstanding paging");
        }
        if (!MacCheck.accepts(deviations, m.keys.mac(r.macInput()), r.mac())) {
            return reject(AiotS9Rule.R5, "paging response Mac does not verify");
        }
        if (m.request.device.deviceNonces.contains(dn)) {
            return reject(AiotS9Rule.R4, "device nonce already used by this device");
        }
        complete(m.request, dn);
        return List.of(new Effect.Established("device " + m.request.device.idHex()
                + " authenticated by paging (" + r.idMode() + "), capability " + r.maxPolicy()));
    }

    private List<Effect> onCommandResponse(CommandResponse r) {
        byte[] dn = r.deviceNonce();
        Match m = match(Kind.COMMAND, r.idMode(), dn, r.protectedDeviceId());
        if (m == null) {
            return reject(AiotS9Rule.R9, "command response answers no outstanding command");
        }
        SecurityPolicy policy = r.policy();
        if (policy != m.request.policy && !deviations.contains(Deviation.POLICY_DOWNGRADE_ACCEPTED)) {
            return reject(AiotS9Rule.R6, "command response under " + policy + " answers a command under "
                    + m.request.policy);
        }
        if (policy.hasMac() && !MacCheck.accepts(deviations, m.keys.mac(r.macInput()), r.mac())) {
            return reject(AiotS9Rule.R5, "command response Mac does not verify");
        }
        if (m.request.device.deviceNonces.contains(dn)) {
            return reject(AiotS9Rule.R4, "device nonce already used by this device");
        }
        complete(m.request, dn);
        byte[] payload = policy.encrypts() ? m.keys.cipherPayload(r.securedPayload()) : r.securedPayload();
        return List.of(new Effect.Deliver(payload), new Effect.Established("command answered by device "
                + m.request.device.idHex() + " under " + policy));
    }

    private record Match(Outstanding request, MessageKeys keys) {
    }

    /** The outstanding request whose device and nonces produce this ProtectedDeviceId*, or null. */
    private Match match(Kind kind, IdMode mode, byte[] dn, byte[] protectedDeviceId) {
        for (Outstanding o : outstanding) {
            DeviceProtection protection = o.device.protection;
            if (o.kind != kind || o.device.personalization.idMode() != mode) {
                continue;
            }
            MessageKeys keys = protection.deviceKeys(o.networkNonce, dn);
            byte[] expected = protection.uplinkDeviceId(keys, o.networkNonce, dn);
            if (ConstantTime.equal(expected, protectedDeviceId)) {
                return new Match(o, keys);
            }
        }
        return null;
    }

    private void complete(Outstanding request, byte[] dn) {
        outstanding.remove(request);
        request.device.deviceNonces.add(dn);
    }

    private void track(Outstanding request) {
        expire();
        if (outstanding.size() == MAX_OUTSTANDING) {
            outstanding.removeFirst();
        }
        outstanding.addLast(request);
    }

    private void expire() {
        long now = clock.nowMillis();
        for (Iterator<Outstanding> it = outstanding.iterator(); it.hasNext(); ) {
            if (now - it.next().sentAtMillis > RESPONSE_TIMEOUT_MILLIS) {
                it.remove();
            }
        }
    }

    private byte[] nextNetworkNonce() {
        return staleNetworkNonce != null ? staleNetworkNonce.clone() : random.bytes(AiotS9Codec.NONCE_LEN);
    }

    private DeviceEntry entry(byte[] deviceId) {
        DeviceEntry d = devices.get(idKey(deviceId));
        if (d == null) {
            throw new IllegalArgumentException("device " + Hex.encode(deviceId) + " is not in this AIoTF's table");
        }
        return d;
    }

    private static Long idKey(byte[] deviceId) {
        FrameFields.requireLength("deviceId", deviceId, AiotS9Codec.DEVICE_ID_LEN);
        long v = 0;
        for (byte b : deviceId) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }

    private static List<Effect> reject(AiotS9Rule rule, String reason) {
        return List.of(new Effect.Rejected(rule, reason));
    }

    @Override
    public String toString() {
        return "AiotS9Infrastructure[" + devices.size() + " devices, " + outstanding.size() + " outstanding, "
                + "deviations=" + deviations + "]";
    }
}
