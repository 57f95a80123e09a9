package dev.ampbench.cli;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The DUT of {@code ampbench run} without an inventory: an emulated device started for each suite, reached exactly as
 * hardware is (its own pseudo-terminal opened through jSerialComm, its own SCPI supply on loopback), with the
 * identities of the run's seed as its key manifest. The emulator's defects, when asked for, apply to every device
 * whose profile can exhibit them.
 */
final class BuiltInEmulator implements DutProvider {
    /**
     * Flash at 4 ms an octet, as on slow silicon: a bench that cuts power on NV_WRITE_BEGIN lands inside the write
     * even on a loaded machine (the suites' power-cut-inside-a-write tests need that); the radio is instantaneous.
     */
    private static final Timing SLOW_FLASH = new Timing(4_000_000, 0);

    /**
     * For power-cut campaigns: flash at 1 ms an octet (a cut on NV_WRITE_BEGIN lands inside the write even on a
     * loaded machine) and a radio at 100 µs an octet (80 kbit/s) announcing every frame with AIR_TX_BEGIN, so cuts
     * land inside outgoing and incoming frames.
     */
    static final Timing CAMPAIGN = new Timing(1_000_000, 100_000);

    private final long seed;
    private final Set<Defect> defects;
    private final Timing timing;
    private final Duration minOffTime;

    BuiltInEmulator(long seed, Set<Defect> defects) {
        this(seed, defects, SLOW_FLASH, Duration.ofMillis(20));
    }

    /** @param minOffTime the supply's minimum off-time (the emulator needs none to discharge) */
    BuiltInEmulator(long seed, Set<Defect> defects, Timing timing, Duration minOffTime) {
        this.seed = seed;
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
        this.timing = timing;
        this.minOffTime = minOffTime;
    }

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        FirmwareCatalog.Batch batch = FirmwareCatalog.representative(profile, role, seed);
        Set<Defect> applicable = EnumSet.noneOf(Defect.class);
        defects.stream().filter(d -> DefectRules.rule(d, profile).isPresent()).forEach(applicable::add);
        EmulatedStation station;
        try {
            station = new EmulatedStation(batch.firmware().get(0), applicable, new SeededRandomSource(seed),
                    new MonotonicClock(), new PtyLink(), 0, null, "EMU-" + profile.id(), timing);
        } catch (IOException e) {
            throw new LabFault("cannot start the built-in emulator for " + profile.id() + ": " + e.getMessage(), e);
        }
        WireSession wire;
        try {
            wire = WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                    SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
        } catch (LabFault e) {
            try {
                station.close();
            } catch (IOException ignored) {
                // the fault above is what matters
            }
            throw e;
        }
        int psu = station.psuPort();
        var power = LoopbackSupplies.scpi(psu, minOffTime);
        String name = "emulated " + profile.id() + " " + role.cliName()
                + (applicable.isEmpty() ? "" : " with " + applicable.stream().map(Defect::cliName).toList());
        return Optional.of(new Dut(name, profile, role, wire, batch.identities(), power, station));
    }
}
