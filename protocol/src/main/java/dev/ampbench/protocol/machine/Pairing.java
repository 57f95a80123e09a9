package dev.ampbench.protocol.machine;

import dev.ampbench.protocol.Role;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A device and its infrastructure counterpart built from one personalization, and the action that starts their
 * main exchange (a beacon, a paging message, a JoinRequest). Property tests, benchmarks and the emulator use it to
 * run any profile the same way.
 *
 * @param device         the tag / end device side
 * @param infrastructure the gateway / AP / network side
 * @param initiator      which side's {@code start} produces the first frame
 * @param start          performs the starting action on the initiator and returns its effects
 */
public record Pairing(ProtocolMachine device, ProtocolMachine infrastructure, Role initiator,
                      Supplier<List<Effect>> start) {

    public Pairing {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(infrastructure, "infrastructure");
        Objects.requireNonNull(initiator, "initiator");
        Objects.requireNonNull(start, "start");
    }

    /** Starts the exchange and passes frames between the two sides until both are quiet. */
    public Exchange.Transcript run(int maxFrames) {
        List<Effect> initial = start.get();
        return initiator == Role.DEVICE
                ? Exchange.run(device, initial, infrastructure, maxFrames)
                : Exchange.run(infrastructure, initial, device, maxFrames);
    }
}
