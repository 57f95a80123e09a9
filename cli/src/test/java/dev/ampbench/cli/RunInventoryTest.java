package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.LoRaWanFirmware;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ampbench run against a DUT described in a lab inventory, its keys in an encrypted key manifest: here an emulated
 * LoRaWAN 1.1 tag on a TCP port with a SCPI supply, exactly as a lab describes a device behind a terminal server.
 */
class RunInventoryTest {
    @TempDir
    Path dir;

    private Path lab(EmulatedStation s, LoRaWanPersonalization id, String passphrase) throws Exception {
        String csv = "id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key\n"
                + "lab-tag-1,lorawan,1.1," + String.format("%016x", id.devEui()) + ","
                + String.format("%016x", id.joinEui()) + "," + Hex.encode(id.appKey().bytes()) + ","
                + Hex.encode(id.nwkKey().bytes()) + "\n";
        Path manifest = dir.resolve("keys.csv.enc");
        Files.write(manifest, KeyManifest.encrypt(manifest, csv.getBytes(StandardCharsets.US_ASCII),
                ManifestKey.passphrase(passphrase.toCharArray())));
        String address = s.address();
        Path inventory = dir.resolve("lab.yaml");
        Files.writeString(inventory, "version: 1\n"
                + "benches:\n"
                + "  - name: bench-test\n"
                + "    duts:\n"
                + "      - name: lab-tag-1\n"
                + "        transport: {kind: tcp, host: 127.0.0.1, port: "
                + address.substring(address.lastIndexOf(':') + 1) + "}\n"
                + "        power: {kind: scpi, host: 127.0.0.1, port: " + s.psuPort() + ", min-off-ms: 20}\n"
                + "        profiles: [lorawan]\n"
                + "        role: tag\n"
                + "        firmware: \"emulated-1.1\"\n"
                + "        secrets: {manifest: keys.csv.enc, id: lab-tag-1}\n");
        return inventory;
    }

    @Test
    void aDutFromTheInventoryWithKeysFromTheManifestPassesItsSuite() throws Exception {
        LoRaWanPersonalization id = LoRaWanFirmware.identities(31, 2).get(1); // identity 1: LoRaWAN 1.1
        try (EmulatedStation s = new EmulatedStation(LoRaWanFirmware.tag(id), Set.of(), new SeededRandomSource(31),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU-LAB", new Timing(4_000_000, 0))) {
            Path inventory = lab(s, id, "lab passphrase");
            Path pass = dir.resolve("pass.txt");
            Files.writeString(pass, "lab passphrase\n");
            Result r = run("run", "--inventory", inventory.toString(), "--dut", "lab-tag-1",
                    "--manifest-passphrase-file", pass.toString(), "--reports", dir.resolve("reports").toString(),
                    "--seed", "5");
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("against DUT lab-tag-1"), r.out());
            assertTrue(r.out().matches("(?s).*\\nlorawan-tag\\s+20\\s+0\\s+0\\s+0\\n.*"), r.out());
            assertFalse(r.out().contains("aiot-s9"), "only the DUT's own suites run: " + r.out());
            String env = Files.readString(dir.resolve("reports/allure-results/environment.properties"));
            assertTrue(env.contains("device=lab-tag-1") && env.contains("firmware=emulated-1.1"), env);
        }
    }

    @Test
    void aWrongPassphraseIsOneConfigurationLineNamingTheManifest() throws Exception {
        LoRaWanPersonalization id = LoRaWanFirmware.identities(32, 2).get(1);
        try (EmulatedStation s = new EmulatedStation(LoRaWanFirmware.tag(id), Set.of(), new SeededRandomSource(32),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU-LAB", Timing.FAST)) {
            Path inventory = lab(s, id, "right one");
            Path pass = dir.resolve("wrong.txt");
            Files.writeString(pass, "wrong one\n");
            Result r = run("run", "--inventory", inventory.toString(), "--dut", "lab-tag-1",
                    "--manifest-passphrase-file", pass.toString(), "--reports", dir.resolve("reports").toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("keys.csv.enc") && r.err().contains("wrong passphrase"), r.err());

            Result unknown = run("run", "--inventory", inventory.toString(), "--dut", "nobody");
            assertEquals(2, unknown.code());
            assertTrue(unknown.err().contains("no DUT named 'nobody'; known: lab-tag-1"), unknown.err());
        }
    }

    /**
     * The example lab's emulator DUT (an amp-sec gateway, {@code transport: {kind: emulator}}) is started by run
     * itself, personalized with its row of the example manifest (HMAC-SHA1 AKM, PMK generation 3): its suite
     * passes; with a defect it breaks a rule.
     */
    @Test
    void anEmulatorDutOfTheInventoryIsStartedWithItsManifestKeys() {
        Path lab = Path.of(System.getProperty("ampbench.root", "..")).resolve("fixtures/lab");
        String[] base = {"run", "--inventory", lab.resolve("example-lab.yaml").toString(), "--dut", "emu-sec-ap",
                "--manifest-passphrase-file", lab.resolve("example-keys.TEST-ONLY-passphrase.txt").toString(),
                "--reports", dir.resolve("reports").toString(), "--seed", "9"};
        Result r = run(base);
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("against DUT emu-sec-ap"), r.out());
        // one STA in the manifest row: the paging test (it needs a second STA) is skipped, nothing else
        assertTrue(r.out().matches("(?s).*\\namp-sec-gateway\\s+\\d+\\s+0\\s+0\\s+1\\n.*"), r.out());

        String[] defective = java.util.Arrays.copyOf(base, base.length + 2);
        defective[base.length] = "--emulator-defect";
        defective[base.length + 1] = "nonce-not-fresh";
        Result bad = run(defective);
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("FAILED amp-sec-gateway"), bad.out());
    }
}
