package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import java.util.List;
import java.util.Set;

/** Builds a device and a network that know each other, for the profile's main exchange: the OTAA join. */
public final class LoRaWanPairing {
    private LoRaWanPairing() {
    }

    /**
     * A device and a network with {@code personalization} registered; {@code run} sends the JoinRequest and passes
     * frames until both sides have emitted Established.
     */
    public static Pairing pair(LoRaWanPersonalization personalization, LoRaWanNetworkConfig config,
                               MachineContext deviceCtx, Set<Deviation> deviceDeviations,
                               MachineContext networkCtx, Set<Deviation> networkDeviations) {
        LoRaWanDevice device = new LoRaWanDevice(personalization, deviceCtx, deviceDeviations);
        LoRaWanNetwork network = new LoRaWanNetwork(config, List.of(personalization), networkCtx, networkDeviations);
        return new Pairing(device, network, Role.DEVICE, device::join);
    }

    /** A correct device and network with default network settings and test contexts seeded from {@code seed}. */
    public static Pairing pair(LoRaWanPersonalization personalization, long seed) {
        return pair(personalization, LoRaWanNetworkConfig.defaults(), MachineContext.forTest(seed), Set.of(),
                MachineContext.forTest(~seed), Set.of());
    }
}
