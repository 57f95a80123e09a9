package dev.ampbench.bench.conductor;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.List;

/**
 * Starts the built-in device emulator for an inventory DUT of {@code transport: {kind: emulator}}. The command line
 * provides it (bench-controller never depends on the emulator); the DUT it returns is reached as hardware is (the
 * cli's: a pseudo-terminal through jSerialComm, a SCPI supply on loopback) and closes the emulator with itself.
 */
@FunctionalInterface
public interface EmulatorLauncher {
    /**
     * @param name    the DUT's name in the inventory
     * @param secrets the DUT's personalization records from the key manifest (one, of the profile's protocol
     *                record type), or empty when the inventory names no manifest: the launcher then chooses
     *                identities itself
     */
    Dut start(String name, Profile profile, Role role, List<?> secrets) throws LabFault;
}
