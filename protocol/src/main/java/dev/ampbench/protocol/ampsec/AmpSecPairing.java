package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import java.util.List;
import java.util.Set;

/** Builds a matched STA and AP from one personalization; the AP starts with a broadcast Trigger. */
public final class AmpSecPairing {
    private AmpSecPairing() {
    }

    /** A correct STA and AP, each with its own context (randomness, clock, store). */
    public static Pairing pair(AmpSecPersonalization p, MachineContext deviceCtx, MachineContext infraCtx) {
        return pair(p, deviceCtx, infraCtx, Set.of(), Set.of());
    }

    /** As {@link #pair(AmpSecPersonalization, MachineContext, MachineContext)}, with deviations on either side. */
    public static Pairing pair(AmpSecPersonalization p, MachineContext deviceCtx, MachineContext infraCtx,
                               Set<Deviation> deviceDeviations, Set<Deviation> infraDeviations) {
        AmpSecStation sta = new AmpSecStation(p, deviceCtx, deviceDeviations);
        AmpSecAccessPoint ap = new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), infraCtx, infraDeviations);
        return new Pairing(sta, ap, Role.INFRASTRUCTURE, ap::trigger);
    }
}
