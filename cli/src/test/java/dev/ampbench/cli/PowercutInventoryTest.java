package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * ampbench powercut against a DUT of a lab inventory (an emulated LoRaWAN 1.1 tag on TCP with its SCPI supply, keys
 * from the encrypted manifest): the campaign's cycle count and off-time come from the DUT's power entry.
 */
class PowercutInventoryTest {
    @TempDir
    Path dir;

    private Path lab(EmulatedStation s, LoRaWanPersonalization id, String power) throws Exception {
        String csv = "id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key\n"
                + "lab-tag-1,lorawan,1.1," + String.format("%016x", id.devEui()) + ","
                + String.format("%016x", id.joinEui()) + "," + Hex.encode(id.appKey().bytes()) + ","
                + Hex.encode(id.nwkKey().bytes()) + "\n";
        Path manifest = dir.resolve("keys.csv.enc");
        Files.write(manifest, KeyManifest.encrypt(manifest, csv.getBytes(StandardCharsets.US_ASCII),
                ManifestKey.passphrase("p".toCharArray())));
        Files.writeString(dir.resolve("pass.txt"), "p\n");
        String address = s.address();
        Path inventory = dir.resolve("lab.yaml");
        Files.writeString(inventory, "version: 1\n"
                + "benches:\n"
                + "  - name: bench-test\n"
                + "    duts:\n"
                + "      - name: lab-tag-1\n"
                + "        transport: {kind: tcp, host: 127.0.0.1, port: "
                + address.substring(address.lastIndexOf(':') + 1) + "}\n"
                + "        power: {kind: scpi, host: 127.0.0.1, port: " + s.psuPort() + ", " + power + "}\n"
                + "        profiles: [lorawan]\n"
                + "        role: tag\n"
                + "        firmware: \"emulated-1.1\"\n"
                + "        secrets: {manifest: keys.csv.enc, id: lab-tag-1}\n");
        return inventory;
    }

    @Test
    void cyclesAndOffTimeComeFromTheInventory() throws Exception {
        LoRaWanPersonalization id = LoRaWanFirmware.identities(33, 2).get(1);
        try (EmulatedStation s = new EmulatedStation(LoRaWanFirmware.tag(id), Set.of(), new SeededRandomSource(33),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU-LAB", new Timing(1_000_000, 100_000))) {
            // final-state on: the second campaign below finds the device powered, as the first left it.
            Path inventory = lab(s, id, "min-off-ms: 2, cut-cycles: 7, cut-off-ms: 3, final-state: \"on\"");
            Result r = run("powercut", "--inventory", inventory.toString(), "--dut", "lab-tag-1",
                    "--manifest-passphrase-file", dir.resolve("pass.txt").toString(),
                    "--reports", dir.resolve("reports").toString());
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("lorawan tag against DUT lab-tag-1; 7 nonce cycle(s), off-time 3 ms"),
                    r.out());
            String jsonl = Files.readString(dir.resolve("reports/powercut-results.jsonl"));
            assertTrue(jsonl.contains("\"step\":\"7 plain power cycles, each followed by the exchange\""), jsonl);
            assertEquals(7, jsonl.lines().filter(l -> l.contains("\"kind\":\"cycle\"")).count(), jsonl);

            Result cli = run("powercut", "--inventory", inventory.toString(), "--dut", "lab-tag-1", "--cycles", "2",
                    "--off-time", "5", "--manifest-passphrase-file", dir.resolve("pass.txt").toString(),
                    "--reports", dir.resolve("reports2").toString());
            assertEquals(0, cli.code(), cli.out() + cli.err());
            assertTrue(cli.out().contains("2 nonce cycle(s), off-time 5 ms"), "the command line wins: " + cli.out());
        }
    }

    @Test
    void anInventoryDutOfKindEmulatorIsStartedWithItsOwnSupply() throws Exception {
        Path inventory = dir.resolve("emu.yaml");
        Files.writeString(inventory, "version: 1\n"
                + "benches:\n"
                + "  - name: bench-emu\n"
                + "    duts:\n"
                + "      - name: emu-s9\n"
                + "        transport: {kind: emulator}\n"
                + "        profiles: [aiot-s9]\n"
                + "        role: tag\n"
                + "        firmware: emulator\n");
        Result r = run("powercut", "--inventory", inventory.toString(), "--dut", "emu-s9", "--cycles", "3",
                "--seed", "6", "--reports", dir.resolve("reports").toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("aiot-s9 tag against DUT emu-s9; 3 nonce cycle(s), off-time 1 ms"), r.out());
        assertTrue(r.out().contains("verdict: every rule held"), r.out());

        // A lab DUT is one device: its pairs cannot run side by side.
        Result par = run("powercut", "--inventory", inventory.toString(), "--dut", "emu-s9", "--parallel", "2",
                "--reports", dir.resolve("reports").toString());
        assertEquals(2, par.code(), par.out() + par.err());
        assertEquals("ampbench: --parallel needs the built-in emulator: DUT emu-s9 is one device",
                par.err().strip());
    }

    @Test
    void aBadCampaignKeyInTheInventoryIsOneLineAndExitsTwo() throws Exception {
        LoRaWanPersonalization id = LoRaWanFirmware.identities(34, 2).get(1);
        try (EmulatedStation s = new EmulatedStation(LoRaWanFirmware.tag(id), Set.of(), new SeededRandomSource(34),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU-LAB", Timing.FAST)) {
            Path inventory = lab(s, id, "cut-cycles: -3");
            Result r = run("powercut", "--inventory", inventory.toString(), "--dut", "lab-tag-1",
                    "--manifest-passphrase-file", dir.resolve("pass.txt").toString(),
                    "--reports", dir.resolve("reports").toString());
            assertEquals(2, r.code(), r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("cut-cycles"), r.err());
        }
    }
}
