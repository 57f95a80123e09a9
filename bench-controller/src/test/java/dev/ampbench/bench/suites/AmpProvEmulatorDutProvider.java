package dev.ampbench.bench.suites;

import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.AmpProvFirmware;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For the amp-prov suite-matrix test: an emulated amp-prov tag or gateway on its own pseudo-terminal (opened through jSerialComm) with a real SCPI
 * supply, with the defects the test asks for, reached exactly as a lab DUT is.
 *
 * <p>The tag is one SLIDES identity of seed {@value #SEED}; its flash programs at 4 ms an octet, so a power cut
 * the bench sends right after a frame lands inside the write that frame causes (a 9-octet session record takes
 * 36 ms), as on slow silicon, even when the machine is busy. The gateway serves three SLIDES tags and one STRONG
 * tag of the same seed (one GWID, one AS key).
 */
public final class AmpProvEmulatorDutProvider implements DutProvider {
    static final long SEED = 77;
    /**
     * The defects the next DUT opened on this thread is built with; set by the test before it launches a suite on
     * that thread (JUnit opens the DUT on the thread that executes the suite), so suites may run side by side.
     */
    static final ThreadLocal<Set<Defect>> DEFECTS = ThreadLocal.withInitial(() -> EnumSet.noneOf(Defect.class));

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (profile != Profile.AMP_PROV) {
            return Optional.empty();
        }
        List<AmpProvPersonalization> secrets;
        AmpProvFirmware firmware;
        Timing timing;
        if (role == Role.DEVICE) {
            secrets = List.of(AmpProvFirmware.identities(SEED, 1).get(0));
            firmware = AmpProvFirmware.tag(secrets.get(0));
            timing = new Timing(4_000_000, 0);
        } else {
            List<AmpProvPersonalization> table = new ArrayList<>(AmpProvFirmware.identities(SEED, 3));
            table.add(AmpProvFirmware.identities(SEED, 4, KdfMode.STRONG).get(3));
            secrets = List.copyOf(table);
            firmware = AmpProvFirmware.gateway(secrets);
            timing = Timing.NV_ONLY;
        }
        EmulatedStation station;
        try {
            station = new EmulatedStation(firmware, DEFECTS.get(), new SeededRandomSource(SEED), new MonotonicClock(),
                    new PtyLink(), 0, null, "PSU-AMP-PROV", timing);
        } catch (IOException e) {
            throw new LabFault("cannot start the emulated DUT: " + e.getMessage(), e);
        }
        WireSession wire = PtyWire.open(station);
        int psu = station.psuPort();
        PowerSwitch power = LoopbackSupplies.scpi(psu, Duration.ofMillis(20));
        String name = role == Role.DEVICE ? "emulated-amp-prov-tag" : "emulated-amp-prov-gateway";
        return Optional.of(new Dut(name, profile, role, wire, secrets, power, station));
    }
}
