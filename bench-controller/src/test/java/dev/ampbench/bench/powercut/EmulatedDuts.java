package dev.ampbench.bench.powercut;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.TcpTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * An emulated DUT for campaign tests, reached as a lab DUT is: its wire on a real TCP port, its power through its
 * real SCPI supply; realistic flash and radio timing so that cuts land inside writes and frames.
 */
final class EmulatedDuts {
    /** Flash at 1 ms an octet (a cut on NV_WRITE_BEGIN lands inside even on a loaded machine), radio at 100 us. */
    static final Timing CAMPAIGN = new Timing(1_000_000, 100_000);

    private EmulatedDuts() {
    }

    static Dut open(Profile profile, Role role, Set<Defect> defects, long seed) throws LabFault {
        FirmwareCatalog.Batch batch = FirmwareCatalog.representative(profile, role, seed);
        EmulatedStation station;
        try {
            station = new EmulatedStation(batch.firmware().get(0), defects, new SeededRandomSource(seed),
                    new MonotonicClock(), new TcpLink(0), 0, null, "PSU-POWERCUT", CAMPAIGN);
        } catch (IOException e) {
            throw new LabFault("cannot start the emulated DUT: " + e.getMessage(), e);
        }
        String address = station.address();
        WireSession wire = WireSession.open(new TcpTransport("127.0.0.1",
                Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), 1000), Duration.ofSeconds(1));
        var power = LoopbackSupplies.scpi(station.psuPort(), Duration.ofMillis(1));
        return new Dut("emulated " + profile.id() + " " + role.cliName() + " " + defects, profile, role, wire,
                batch.identities(), power, station);
    }
}
