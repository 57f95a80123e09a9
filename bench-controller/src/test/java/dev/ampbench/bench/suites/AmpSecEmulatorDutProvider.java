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
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For the amp-sec suite-matrix test: an emulated amp-sec tag (one STA) or gateway (an AP with three enrolled STAs)
 * on its own pseudo-terminal (opened through jSerialComm) with a real SCPI supply, with the defects the test asks for, reached exactly as a lab DUT is.
 *
 * <p>Its flash programs at 2 ms an octet (a slow part; the emulator's default is 200 µs): the bench cuts power on
 * EVENT NV_WRITE_BEGIN, and a cut must land inside an 8-octet boot-counter write even on a loaded build machine.
 */
public final class AmpSecEmulatorDutProvider implements DutProvider {
    /** The defects the next DUT is built with; set by the test before it launches a suite. */
    static volatile Set<Defect> defects = EnumSet.noneOf(Defect.class);

    static final long SEED = 1234;
    static final List<AmpSecPersonalization> IDENTITIES = AmpSecFirmware.identities(SEED, 3);
    private static final Timing SLOW_FLASH = new Timing(2_000_000, 0);

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (profile != Profile.AMP_SEC || role != Role.DEVICE && role != Role.INFRASTRUCTURE) {
            return Optional.empty();
        }
        boolean tag = role == Role.DEVICE;
        List<AmpSecPersonalization> secrets = tag ? List.of(IDENTITIES.get(0)) : IDENTITIES;
        EmulatedStation station;
        try {
            station = new EmulatedStation(tag ? AmpSecFirmware.tag(secrets.get(0)) : AmpSecFirmware.gateway(secrets),
                    defects, new SeededRandomSource(SEED), new MonotonicClock(), new PtyLink(), 0, null,
                    "PSU-AMPSEC-MATRIX", SLOW_FLASH);
        } catch (IOException e) {
            throw new LabFault("cannot start the emulated DUT: " + e.getMessage(), e);
        }
        WireSession wire = PtyWire.open(station);
        int psu = station.psuPort();
        PowerSwitch power = LoopbackSupplies.scpi(psu, Duration.ofMillis(20));
        return Optional.of(new Dut("emulated-amp-sec-" + role.cliName(), profile, role, wire, secrets, power,
                station, java.util.OptionalLong.of(SEED)));
    }
}
