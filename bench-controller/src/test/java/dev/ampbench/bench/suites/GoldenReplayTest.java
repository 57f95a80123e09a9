package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.replay.RecordedSession;
import dev.ampbench.bench.replay.ReplayReport;
import dev.ampbench.bench.replay.ReplaySide;
import dev.ampbench.bench.replay.Replayer;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.TcpTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.firmware.AmpProvFirmware;
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.emulator.firmware.LoRaWanFirmware;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.SecureRandomSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The golden captures of fixtures/captures/ replayed (the bench side, with their recorded timing) to an emulated
 * device with the identities they were recorded with, over a real TCP link: a correct device is consistent with the
 * recording (fresh nonces, stale protected frames refused); one that reuses its nonces breaks the nonce rule.
 * The emulator's nonces come from a fresh random source, not the recording's seed: a device is only consistent
 * with its own recording when its nonces are new.
 */
class GoldenReplayTest {

    static Path golden(String name) {
        return dev.ampbench.bench.capture.CaptureFixtures.dir().resolve(name + ".pcapng");
    }

    /** An emulated device with the identities of the suite-matrix providers that recorded the golden captures. */
    static Dut emulated(Profile profile, Role role, Set<Defect> defects) throws Exception {
        boolean tag = role == Role.DEVICE;
        List<?> secrets;
        Firmware fw;
        Timing timing = Timing.NV_ONLY;
        switch (profile) {
            case AMP_SEC -> {
                secrets = tag ? List.of(AmpSecEmulatorDutProvider.IDENTITIES.get(0))
                        : AmpSecEmulatorDutProvider.IDENTITIES;
                fw = tag ? AmpSecFirmware.tag(AmpSecEmulatorDutProvider.IDENTITIES.get(0))
                        : AmpSecFirmware.gateway(AmpSecEmulatorDutProvider.IDENTITIES);
            }
            case AIOT_S9 -> {
                var ids = AiotS9Firmware.identities(77, tag ? 1 : 3);
                secrets = ids;
                fw = tag ? AiotS9Firmware.tag(ids.get(0)) : AiotS9Firmware.gateway(ids);
            }
            case LORAWAN -> {
                List<LoRaWanPersonalization> ids = LoRaWanFirmware.identities(LoRaWanEmulatorDutProvider.SEED, 4);
                secrets = tag ? List.of(ids.get(1)) : ids;
                fw = tag ? LoRaWanFirmware.tag(ids.get(1)) : LoRaWanFirmware.gateway(ids);
            }
            case AMP_PROV -> {
                if (tag) {
                    secrets = List.of(AmpProvFirmware.identities(AmpProvEmulatorDutProvider.SEED, 1).get(0));
                    fw = AmpProvFirmware.tag(AmpProvFirmware.identities(AmpProvEmulatorDutProvider.SEED, 1).get(0));
                } else {
                    List<AmpProvPersonalization> table = new ArrayList<>(AmpProvFirmware.identities(
                            AmpProvEmulatorDutProvider.SEED, 3));
                    table.add(AmpProvFirmware.identities(AmpProvEmulatorDutProvider.SEED, 4, KdfMode.STRONG).get(3));
                    secrets = table;
                    fw = AmpProvFirmware.gateway(table);
                }
            }
            default -> throw new IllegalArgumentException(profile.id());
        }
        EmulatedStation station = new EmulatedStation(fw, defects, new SecureRandomSource(), new MonotonicClock(),
                new TcpLink(0), 0, null, "PSU-REPLAY", timing);
        String address = station.address();
        WireSession wire;
        try {
            wire = WireSession.open(new TcpTransport("127.0.0.1",
                    Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)), 1000), Duration.ofSeconds(1));
        } catch (LabFault e) {
            station.close();
            throw e;
        }
        return new Dut("replay-" + profile.id() + "-" + role.cliName(), profile, role, wire, secrets,
                LoopbackSupplies.scpi(station.psuPort(), Duration.ofMillis(20)), station);
    }

    static ReplayReport replay(String name, Set<Defect> defects) throws Exception {
        RecordedSession s = RecordedSession.read(golden(name), Optional.empty());
        try (Dut dut = emulated(s.profile(), s.dutRole(), defects)) {
            ReplayReport r = Replayer.replay(dut, s, ReplaySide.BENCH);
            StringWriter w = new StringWriter();
            r.print(new PrintWriter(w));
            System.out.println(name + (defects.isEmpty() ? "" : " " + defects) + "\n" + w);
            return r;
        }
    }

    private static String table(ReplayReport r) {
        StringWriter w = new StringWriter();
        r.print(new PrintWriter(w));
        return w.toString();
    }

    @ParameterizedTest
    @CsvSource({"amp-sec-tag", "amp-sec-gateway", "amp-prov-tag", "amp-prov-gateway", "aiot-s9-tag",
            "aiot-s9-gateway", "lorawan-tag", "lorawan-gateway"})
    void aCorrectDeviceIsConsistentWithItsGoldenCapture(String name) throws Exception {
        ReplayReport r = replay(name, EnumSet.noneOf(Defect.class));
        assertTrue(r.consistent(), table(r));
        assertTrue(r.rows().stream().anyMatch(x -> x.status() == ReplayReport.Status.PLAYED), table(r));
        assertEquals(r.rows().stream().filter(x -> x.status() == ReplayReport.Status.PLAYED).count(),
                r.timingErrorsNanos().size());
    }
}
