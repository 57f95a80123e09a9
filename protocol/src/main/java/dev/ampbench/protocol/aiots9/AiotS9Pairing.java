package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import java.util.List;
import java.util.Set;

/** Builds a matched aiot-s9 device and AIoTF whose main exchange is the authentication process: paging + response. */
public final class AiotS9Pairing {
    private AiotS9Pairing() {
    }

    /**
     * A device and an AIoTF serving it alone; {@code run} pages the device and passes the response back, after
     * which both sides have emitted {@code Established}.
     */
    public static Pairing pair(AiotS9Personalization personalization, MachineContext deviceCtx,
                               MachineContext infrastructureCtx, Set<Deviation> deviceDeviations,
                               Set<Deviation> infrastructureDeviations) {
        AiotS9Device device = new AiotS9Device(personalization, deviceCtx, deviceDeviations);
        AiotS9Infrastructure infrastructure = new AiotS9Infrastructure(List.of(personalization), infrastructureCtx,
                infrastructureDeviations);
        byte[] deviceId = personalization.deviceId();
        return new Pairing(device, infrastructure, Role.INFRASTRUCTURE, () -> infrastructure.page(deviceId));
    }

    /** A conforming pair with seeded randomness for both sides (seed and seed + 1) and empty stores. */
    public static Pairing pair(AiotS9Personalization personalization, long seed) {
        return pair(personalization, MachineContext.forTest(seed), MachineContext.forTest(seed + 1), Set.of(),
                Set.of());
    }
}
