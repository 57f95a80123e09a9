package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.conductor.DutProviders;
import dev.ampbench.bench.conductor.SystemPropertyDutProvider;
import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

/**
 * A suite run as Maven runs it with {@code -Dampbench.inventory=... -Dampbench.dut=...}: the DUT comes from the
 * inventory through the ServiceLoader-registered {@link SystemPropertyDutProvider} (here an emulated amp-sec tag on
 * a real TCP port with a real SCPI supply, its keys in an encrypted manifest), and the test classpath's own
 * emulator providers are not used.
 */
class SystemPropertyDutProviderTest {
    private static final List<String> PROPERTIES = List.of(SystemPropertyDutProvider.INVENTORY,
            SystemPropertyDutProvider.DUT, SystemPropertyDutProvider.KEY_FILE,
            SystemPropertyDutProvider.PASSPHRASE_FILE);

    @TempDir
    Path dir;

    @AfterEach
    void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }

    private Path lab(EmulatedStation s, AmpSecPersonalization id, Path keyFile) throws Exception {
        String csv = "id,profile,sa,aa,pmk,pmk_generation\n"
                + "sta-9,amp-sec," + Hex.encode(id.sa()) + "," + Hex.encode(id.aa()) + ","
                + Hex.encode(id.pmk().bytes()) + "," + id.pmkGeneration() + "\n";
        Files.writeString(keyFile, "a1".repeat(32) + "\n");
        Files.write(dir.resolve("keys.csv.enc"), KeyManifest.encrypt(dir.resolve("keys.csv"),
                csv.getBytes(StandardCharsets.US_ASCII), ManifestKey.keyFile(keyFile)));
        String address = s.address();
        Path inventory = dir.resolve("lab.yaml");
        Files.writeString(inventory, "version: 1\n"
                + "benches:\n"
                + "  - name: bench-maven\n"
                + "    duts:\n"
                + "      - name: sta-9\n"
                + "        transport: {kind: tcp, host: 127.0.0.1, port: "
                + address.substring(address.lastIndexOf(':') + 1) + "}\n"
                + "        power: {kind: scpi, host: 127.0.0.1, port: " + s.psuPort() + ", min-off-ms: 20}\n"
                + "        profiles: [amp-sec]\n"
                + "        role: tag\n"
                + "        firmware: \"emulated\"\n"
                + "        secrets: {manifest: keys.csv.enc, id: sta-9}\n");
        return inventory;
    }

    @Test
    void theSuiteRunsAgainstTheInventoryDutNamedBySystemProperties() throws Exception {
        AmpSecPersonalization id = AmpSecFirmware.identities(41, 1).get(0);
        try (EmulatedStation s = new EmulatedStation(AmpSecFirmware.tag(id), EnumSet.noneOf(Defect.class),
                new SeededRandomSource(41), new MonotonicClock(), new TcpLink(0), 0, null, "PSU-MVN")) {
            Path keyFile = dir.resolve("manifest.key");
            Path inventory = lab(s, id, keyFile);
            System.setProperty(SystemPropertyDutProvider.INVENTORY, inventory.toString());
            System.setProperty(SystemPropertyDutProvider.DUT, "sta-9");
            System.setProperty(SystemPropertyDutProvider.KEY_FILE, keyFile.toString());

            assertEquals(1, DutProviders.current().size());
            assertTrue(DutProviders.current().get(0) instanceof SystemPropertyDutProvider);
            List<SuiteRun.Outcome> outcomes = SuiteRun.outcomes(AmpSecTagSuite.class);
            assertFalse(outcomes.isEmpty());
            for (SuiteRun.Outcome o : outcomes) {
                assertTrue(o.status() == TestExecutionResult.Status.SUCCESSFUL, o.test() + ": " + o.message());
            }
            // A suite of another profile finds no DUT: skipped, not run against the test classpath's emulators.
            List<SuiteRun.Outcome> other = SuiteRun.outcomes(AiotS9TagSuite.class);
            assertFalse(other.isEmpty());
            for (SuiteRun.Outcome o : other) {
                assertEquals(TestExecutionResult.Status.ABORTED, o.status(), o.test());
                assertEquals("no device under test offers aiot-s9/tag (no DutProvider has one)", o.message());
            }
        }
    }

    @Test
    void aWrongDutNameFailsEveryTestWithOneConfigurationMessage() throws Exception {
        Path inventory = dir.resolve("lab.yaml");
        Files.writeString(inventory, "version: 1\nbenches:\n  - name: b\n    duts:\n      - name: only-one\n"
                + "        transport: {kind: tcp, host: 127.0.0.1, port: 9}\n        profiles: [amp-sec]\n"
                + "        role: tag\n        firmware: x\n");
        System.setProperty(SystemPropertyDutProvider.INVENTORY, inventory.toString());
        System.setProperty(SystemPropertyDutProvider.DUT, "nobody");
        List<SuiteRun.Outcome> outcomes = SuiteRun.outcomes(AmpSecTagSuite.class);
        assertFalse(outcomes.isEmpty());
        for (SuiteRun.Outcome o : outcomes) {
            assertEquals(TestExecutionResult.Status.FAILED, o.status());
            assertEquals("-Dampbench.inventory: " + inventory + ": no DUT named 'nobody'; known: only-one",
                    o.message());
        }
    }

    @Test
    void withoutThePropertiesTheProviderOffersNothingAndTheOthersStay() throws Exception {
        assertFalse(SystemPropertyDutProvider.configured());
        assertTrue(new SystemPropertyDutProvider().open(dev.ampbench.protocol.Profile.AMP_SEC,
                dev.ampbench.protocol.Role.DEVICE).isEmpty());
        assertTrue(DutProviders.current().stream().anyMatch(p -> p instanceof EmulatorDutProvider));
    }
}
