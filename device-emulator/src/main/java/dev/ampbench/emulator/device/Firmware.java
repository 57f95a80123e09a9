package dev.ampbench.emulator.device;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.List;
import java.util.Set;

/**
 * The firmware of one emulated device: its factory personalization and how it builds the profile's state machine
 * at every power-up. One implementation per profile and role, each a thin adapter over the protocol module's
 * machines (never a second implementation of the protocol).
 */
public interface Firmware {
    Profile profile();

    Role role();

    /** A label that names the device in logs and HELLO without revealing its secret identity. */
    String label();

    /** Builds the machine at power-up from factory data and what the NVM in {@code ctx} holds. */
    ProtocolMachine boot(MachineContext ctx, Set<Deviation> deviations);

    /** The actions the bench may start over the wire, e.g. {@code join}, {@code beacon}, {@code page}. */
    List<String> actions();

    /**
     * Starts an action on a running machine.
     *
     * @throws IllegalArgumentException for an unknown action or malformed arguments, with a one-line reason
     */
    List<Effect> act(ProtocolMachine machine, String action, byte[] args);

    /** The profile's codec, used to classify malformed frames (truncated or oversized). */
    ProfileCodec codec();

    /** The largest frame this device's radio accepts; longer frames exercise the oversized-length defect. */
    int maxFrameLength();

    /**
     * The same firmware with a new factory personalization, from the bench wire's PERSONALIZE items in the order
     * sent (see docs/bench-wire-protocol.md; a gateway's device table repeats DEVICE_ID, ROOT_KEY per device).
     * Only test firmware and the emulator accept this.
     *
     * @throws IllegalArgumentException naming the missing or malformed item
     */
    Firmware personalized(List<WireMessage.Item> items);

    /** Public-key operations the device performs on one received frame, for the energy model (0 for most). */
    default int publicKeyOpsPerFrame() {
        return 0;
    }
}
