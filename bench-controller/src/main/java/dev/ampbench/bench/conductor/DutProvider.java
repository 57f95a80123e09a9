package dev.ampbench.bench.conductor;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.Optional;

/**
 * Where suites get their device under test. Providers are found with {@link java.util.ServiceLoader}: the lab
 * inventory provides real hardware, the command line provides the built-in emulator, tests provide their own. The
 * first provider that offers a DUT for the requested profile and role wins.
 */
public interface DutProvider {
    /**
     * @return a connected DUT, or empty when this provider has none for that profile and role
     * @throws LabFault when it has one but cannot reach it
     */
    Optional<Dut> open(Profile profile, Role role) throws LabFault;
}
