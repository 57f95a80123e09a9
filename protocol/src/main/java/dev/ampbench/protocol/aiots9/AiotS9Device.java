package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The AIoT device side of aiot-s9: answers a paging addressed to it (authentication process) and executes a command
 * addressed to it (command process), each independently, as seed clause 6.9.2 steps 3 and 6 describe.
 *
 * <p>Keeps nothing in non-volatile storage: an ambient IoT device may have none, and the spec requires none. Its RAM
 * holds the last {@value #REPLAY_WINDOW} network nonces it accepted since power-on, which is how it refuses replays
 * (AIOT-S9-R7). A paging for another device costs it one KDF (one HMAC-SHA-256) and, for IdMode ENCRYPTED_ID, one
 * AES block, before it ignores the frame.
 */
public final class AiotS9Device implements ProtocolMachine {
    /** How many accepted network nonces the device remembers since power-on. */
    public static final int REPLAY_WINDOW = 16;
    /** The fixed boot state of the nonce generator under {@link Deviation#NONCE_REUSED_AFTER_POWER_LOSS}. */
    private static final long DEFECTIVE_BOOT_SEED = 0x5EEDL;

    /** The device's states, as the spec's state diagram names them. */
    public enum State {
        /** Powered and listening; has answered no paging since power-on. */
        LISTENING,
        /** Has authenticated the network in a paging and answered it since power-on. */
        AUTHENTICATED
    }

    /** The device application: turns an accepted command payload into the response payload (at most 64 bytes). */
    @FunctionalInterface
    public interface Application {
        byte[] respond(byte[] command);
    }

    private final AiotS9Personalization me;
    private final DeviceProtection protection;
    private final Set<Deviation> deviations;
    private final RandomSource nonces;
    private final Application application;
    private final AiotS9Codec codec = new AiotS9Codec();
    private final NonceWindow acceptedNetworkNonces = new NonceWindow(REPLAY_WINDOW);
    private State state = State.LISTENING;

    /** A device whose application echoes each command payload back as the response payload. */
    public AiotS9Device(AiotS9Personalization personalization, MachineContext ctx, Set<Deviation> deviations) {
        this(personalization, ctx, deviations, byte[]::clone);
    }

    public AiotS9Device(AiotS9Personalization personalization, MachineContext ctx, Set<Deviation> deviations,
                        Application application) {
        this.me = Objects.requireNonNull(personalization, "personalization");
        this.protection = new DeviceProtection(personalization);
        Objects.requireNonNull(ctx, "ctx");
        this.deviations = deviations.isEmpty() ? EnumSet.noneOf(Deviation.class) : EnumSet.copyOf(deviations);
        this.nonces = this.deviations.contains(Deviation.NONCE_REUSED_AFTER_POWER_LOSS)
                ? new SeededRandomSource(DEFECTIVE_BOOT_SEED)
                : ctx.random();
        this.application = Objects.requireNonNull(application, "application");
    }

    @Override
    public Profile profile() {
        return Profile.AIOT_S9;
    }

    @Override
    public Role role() {
        return Role.DEVICE;
    }

    @Override
    public String state() {
        return state.name();
    }

    @Override
    public List<Effect> receive(byte[] bytes) {
        Frame frame;
        try {
            frame = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            return reject(AiotS9Rule.R1, e.getMessage());
        }
        if (frame instanceof Paging p) {
            return onPaging(p);
        }
        if (frame instanceof Command c) {
            return onCommand(c);
        }
        return List.of(new Effect.Ignored(frame.type() + " is an uplink frame of another device"));
    }

    private List<Effect> onPaging(Paging p) {
        if (p.idMode() != me.idMode()) {
            return ignoredMode(p.idMode());
        }
        byte[] nn = p.networkNonce();
        Addressing a = address(nn, p.protectedDeviceId());
        if (!a.forMe && !deviations.contains(Deviation.ANSWERS_FOREIGN_ADDRESS)) {
            return notForMe("paging");
        }
        MessageKeys keys = a.keys != null ? a.keys : protection.networkKeys(nn);
        if (a.forMe && !MacCheck.accepts(deviations, keys.mac(p.macInput()), p.mac())) {
            return reject(AiotS9Rule.R5, "paging Mac does not verify");
        }
        if (alreadyAccepted(nn)) {
            return reject(AiotS9Rule.R7, "paging repeats a network nonce accepted since power-on");
        }
        remember(nn);
        PagingResponse response = protection.pagingResponse(nn, nextDeviceNonce(),
                SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY);
        state = State.AUTHENTICATED;
        return List.of(new Effect.Transmit(response.encode()),
                new Effect.Established("network authenticated by paging (" + me.idMode() + "); response sent"));
    }

    private List<Effect> onCommand(Command c) {
        if (c.idMode() != me.idMode()) {
            return ignoredMode(c.idMode());
        }
        byte[] nn = c.networkNonce();
        Addressing a = address(nn, c.protectedDeviceId());
        if (!a.forMe && !deviations.contains(Deviation.ANSWERS_FOREIGN_ADDRESS)) {
            return notForMe("command");
        }
        SecurityPolicy policy = c.policy();
        if (!policy.atLeast(me.minimumPolicy()) && !deviations.contains(Deviation.POLICY_DOWNGRADE_ACCEPTED)) {
            return reject(AiotS9Rule.R6, "command policy " + policy + " is below the configured minimum "
                    + me.minimumPolicy());
        }
        MessageKeys keys = a.keys != null || policy == SecurityPolicy.NONE ? a.keys : protection.networkKeys(nn);
        if (a.forMe && policy.hasMac() && !MacCheck.accepts(deviations, keys.mac(c.macInput()), c.mac())) {
            return reject(AiotS9Rule.R5, "command Mac does not verify");
        }
        if (alreadyAccepted(nn)) {
            return reject(AiotS9Rule.R7, "command repeats a network nonce accepted since power-on");
        }
        remember(nn);
        byte[] payload = policy.encrypts() ? keys.cipherPayload(c.securedPayload()) : c.securedPayload();
        byte[] answer = application.respond(payload.clone());
        if (answer.length > AiotS9Codec.MAX_PAYLOAD_LEN) {
            throw new IllegalStateException("the device application returned " + answer.length
                    + " bytes; a response carries at most " + AiotS9Codec.MAX_PAYLOAD_LEN);
        }
        CommandResponse response = protection.commandResponse(policy, nn, nextDeviceNonce(), answer);
        return List.of(new Effect.Deliver(payload), new Effect.Transmit(response.encode()));
    }

    /** Whether a downlink ProtectedDeviceId names this device; keeps the network keys when it had to derive them. */
    private record Addressing(boolean forMe, MessageKeys keys) {
    }

    private Addressing address(byte[] nn, byte[] protectedDeviceId) {
        if (me.idMode() == IdMode.TEMPORARY_ID) {
            return new Addressing(ConstantTime.equal(protection.temporaryIdDownlink(nn), protectedDeviceId), null);
        }
        MessageKeys keys = protection.networkKeys(nn);
        return new Addressing(ConstantTime.equal(keys.cipherDeviceId(protectedDeviceId), protection.deviceId()),
                keys);
    }

    private byte[] nextDeviceNonce() {
        return nonces.bytes(AiotS9Codec.NONCE_LEN);
    }

    private boolean alreadyAccepted(byte[] nn) {
        return !deviations.contains(Deviation.REPLAY_ACCEPTED) && acceptedNetworkNonces.contains(nn);
    }

    private void remember(byte[] nn) {
        acceptedNetworkNonces.add(nn);
    }

    private static List<Effect> reject(AiotS9Rule rule, String reason) {
        return List.of(new Effect.Rejected(rule, reason));
    }

    private List<Effect> ignoredMode(IdMode mode) {
        return List.of(new Effect.Ignored("IdMode " + mode + " is not this device's " + me.idMode()));
    }

    private static List<Effect> notForMe(String what) {
        return List.of(new Effect.Ignored(what + " addressed to another device"));
    }

    @Override
    public String toString() {
        return "AiotS9Device[" + me + ", state=" + state + ", deviations=" + deviations + "]";
    }
}
