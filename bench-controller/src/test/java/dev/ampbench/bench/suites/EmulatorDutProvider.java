package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For the suite-matrix test: an emulated aiot-s9 tag or gateway on its own pseudo-terminal (opened through jSerialComm) with a real SCPI supply, with the defects
 * the test asks for, reached exactly as a lab DUT is.
 */
public final class EmulatorDutProvider implements DutProvider {
    /** The defects the next DUT is built with; set by the test before it launches the suite. */
    static volatile Set<Defect> defects = EnumSet.noneOf(Defect.class);

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (profile != Profile.AIOT_S9) {
            return Optional.empty();
        }
        List<AiotS9Personalization> ids = AiotS9Firmware.identities(77, role == Role.DEVICE ? 1 : 3);
        EmulatedStation station;
        try {
            station = new EmulatedStation(role == Role.DEVICE ? AiotS9Firmware.tag(ids.get(0))
                    : AiotS9Firmware.gateway(ids), defects, new SeededRandomSource(77),
                    new MonotonicClock(), new PtyLink(), 0, null, "PSU-MATRIX");
        } catch (IOException e) {
            throw new LabFault("cannot start the emulated DUT: " + e.getMessage(), e);
        }
        WireSession wire = PtyWire.open(station);
        int psu = station.psuPort();
        var power = LoopbackSupplies.scpi(psu, Duration.ofMillis(20));
        return Optional.of(new Dut("emulated-aiot-s9-" + role.cliName(), profile, role, wire, ids, power, station));
    }
}
