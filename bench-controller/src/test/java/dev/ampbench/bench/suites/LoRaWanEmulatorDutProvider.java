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
import dev.ampbench.emulator.firmware.LoRaWanFirmware;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * For the lorawan suite-matrix test: an emulated lorawan tag or gateway on its own pseudo-terminal (opened through jSerialComm) with a real SCPI supply,
 * with the defects the test asks for, reached exactly as a lab DUT is. Identities come from
 * {@code LoRaWanFirmware.identities(SEED, 4)} (1.0.4, 1.1, 1.0.4, 1.1): the tag is one of them, the gateway serves
 * all four, and the bench is given the same records as the DUT's secrets.
 *
 * <p>NV writes take 4 ms an octet (a slow flash), so that the bench, reacting to EVENT NV_WRITE_BEGIN over the pty and
 * SCPI, reliably cuts the power inside the write it aims at.
 */
public final class LoRaWanEmulatorDutProvider implements DutProvider {
    static final long SEED = 4242;
    private static final Timing SLOW_FLASH = new Timing(4_000_000, 0);
    /** The defects the next DUT is built with; set by the test before it launches a suite. */
    static volatile Set<Defect> defects = EnumSet.noneOf(Defect.class);
    /** Which of the seed's identities the emulated tag has: odd is LoRaWAN 1.1, even 1.0.4. */
    static volatile int tagIndex = 1;

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (profile != Profile.LORAWAN) {
            return Optional.empty();
        }
        List<LoRaWanPersonalization> ids = LoRaWanFirmware.identities(SEED, 4);
        List<LoRaWanPersonalization> secrets = role == Role.DEVICE ? List.of(ids.get(tagIndex)) : ids;
        LoRaWanFirmware fw = role == Role.DEVICE ? LoRaWanFirmware.tag(secrets.get(0)) : LoRaWanFirmware.gateway(ids);
        EmulatedStation station;
        try {
            station = new EmulatedStation(fw, defects, new SeededRandomSource(SEED), new MonotonicClock(),
                    new PtyLink(), 0, null, "PSU-LORAWAN-" + role.cliName(), SLOW_FLASH);
        } catch (IOException e) {
            throw new LabFault("cannot start the emulated DUT: " + e.getMessage(), e);
        }
        WireSession wire = PtyWire.open(station);
        int psu = station.psuPort();
        PowerSwitch power = LoopbackSupplies.scpi(psu, Duration.ofMillis(20));
        return Optional.of(new Dut("emulated-lorawan-" + role.cliName(), profile, role, wire, secrets, power,
                station));
    }
}
