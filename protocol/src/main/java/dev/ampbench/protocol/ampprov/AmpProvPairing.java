package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import java.util.Set;

/**
 * Builds a matched tag and gateway from one personalization: the AS gets the tag's record, the tag's QR code is
 * scanned (enrolment), and the gateway's beacon starts the exchange BEACON, REQUEST, RESPONSE, CONFIRM.
 */
public final class AmpProvPairing {
    private AmpProvPairing() {
    }

    public static Pairing pair(AmpProvPersonalization p, MachineContext deviceCtx, MachineContext infrastructureCtx,
                               Set<Deviation> deviceDeviations, Set<Deviation> infrastructureDeviations) {
        AmpProvDeviceIdentity identity = p.deviceIdentity();
        AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
        as.register(p.deviceRecord());
        AmpProvInfrastructure gateway = new AmpProvInfrastructure(p.gatewayId(), as, infrastructureCtx,
                infrastructureDeviations);
        if (!gateway.enrol(QrPayload.forPublicKey(identity.tagPublicKey(), p.mode().bit()))) {
            throw new IllegalStateException("the tag's own QR payload did not enrol it");
        }
        AmpProvDevice device = new AmpProvDevice(identity, deviceCtx, deviceDeviations);
        return new Pairing(device, gateway, Role.INFRASTRUCTURE, gateway::beacon);
    }

    /** A correct tag and gateway with seeded randomness and fresh stores. */
    public static Pairing pair(AmpProvPersonalization p, long seed) {
        return pair(p, MachineContext.forTest(seed), MachineContext.forTest(~seed), Set.of(), Set.of());
    }
}
