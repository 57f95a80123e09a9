package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ampbench audit on the golden captures (clean), on doctored and on corrupt ones. */
class AuditCommandTest {

    static Path golden(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("fixtures/captures"))) {
            p = p.getParent();
        }
        return p.resolve("fixtures/captures/" + name + ".pcapng");
    }

    @Test
    void everyGoldenCaptureIsCleanExitZero() {
        for (String name : new String[] {"amp-prov-tag", "amp-prov-gateway", "amp-sec-tag", "amp-sec-gateway",
                "aiot-s9-tag", "aiot-s9-gateway", "lorawan-tag", "lorawan-gateway"}) {
            Result r = run("audit", golden(name).toString());
            assertEquals(0, r.code(), name + ": " + r.out() + r.err());
            assertTrue(r.out().contains("verdict: clean"), r.out());
        }
    }

    @Test
    void aCaptureWithARepeatedFrameExitsOneNamingRuleAndFrame(@TempDir Path dir) throws Exception {
        // amp-sec tag: Trigger, Response, Confirm, data; append the Response's EPB again: SNonce reused (AMP-SEC-R3)
        byte[] g = Files.readAllBytes(golden("amp-sec-tag"));
        int[] blocks = blockOffsets(g); // SHB, IDB, EPB 1 (Trigger), EPB 2 (Response), ..., end of file
        int packets = blocks.length - 3;
        int responseEpb = blocks[3];
        int len = blocks[4] - responseEpb;
        byte[] doctored = Arrays.copyOf(g, g.length + len);
        System.arraycopy(g, responseEpb, doctored, g.length, len);
        Path f = dir.resolve("doctored.pcapng");
        Files.write(f, doctored);

        Result r = run("audit", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("frame " + (packets + 1) + ": AMP-SEC-R3: DUT → bench SNonce"), r.out());

        Result j = run("audit", "--json", f.toString());
        assertEquals(1, j.code());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertEquals("findings", root.get("verdict").asText());
        assertEquals(packets + 1, root.get("findings").get(0).get("frame").asInt());
        assertEquals("AMP-SEC-R3", root.get("findings").get(0).get("rule").asText());
    }

    @Test
    void aCorruptOrMissingCaptureIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        byte[] g = Files.readAllBytes(golden("aiot-s9-tag"));
        g[g.length - 1] ^= 0x40; // the last block's trailing length
        Path f = dir.resolve("corrupt.pcapng");
        Files.write(f, g);
        Result r = run("audit", f.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is not a valid capture: at offset " + (g.length - 4)), r.err());

        Result missing = run("audit", dir.resolve("nope.pcapng").toString());
        assertEquals(2, missing.code());
        assertEquals("ampbench: no capture file " + dir.resolve("nope.pcapng"), missing.err().strip());
    }

    /** A key manifest with the emulated DUTs' keys (bench-controller's test providers' seeds), and its key file. */
    private static Path[] manifest(Path dir) throws Exception {
        StringBuilder csv = new StringBuilder("id,profile,a_sn,a_privk,a_pubk,as_privk,as_pubk,gwid,kdf_mode,sa,aa,pmk,"
                + "pmk_generation,akm,device_id,k_auth,id_mode,min_policy,lorawan_version,dev_eui,join_eui,app_key,"
                + "nwk_key\n");
        java.util.HexFormat hex = java.util.HexFormat.of();
        int n = 0;
        for (var p : dev.ampbench.emulator.firmware.LoRaWanFirmware.identities(4242, 4)) {
            boolean v11 = p.version() == dev.ampbench.protocol.lorawan.LoRaWanVersion.V1_1;
            csv.append("lora-").append(n++).append(",lorawan").append(",".repeat(17))
                    .append(v11 ? "1.1" : "1.0.4").append(',').append(String.format("%016x", p.devEui())).append(',')
                    .append(String.format("%016x", p.joinEui())).append(',').append(hex.formatHex(p.appKey().bytes()))
                    .append(',').append(v11 ? hex.formatHex(p.nwkKey().bytes()) : "").append('\n');
        }
        for (var p : dev.ampbench.emulator.firmware.AiotS9Firmware.identities(77, 3)) {
            csv.append("s9-").append(n++).append(",aiot-s9").append(",".repeat(13))
                    .append(hex.formatHex(p.deviceId())).append(',').append(hex.formatHex(p.authKey().bytes()))
                    .append(',').append(p.idMode()).append(',').append(p.minimumPolicy()).append(",,,,,\n");
        }
        for (var p : dev.ampbench.emulator.firmware.AmpSecFirmware.identities(1234, 3)) {
            csv.append("sec-").append(n++).append(",amp-sec").append(",".repeat(8))
                    .append(hex.formatHex(p.sa())).append(',').append(hex.formatHex(p.aa())).append(',')
                    .append(hex.formatHex(p.pmk().bytes())).append(',').append(p.pmkGeneration()).append(',')
                    .append(p.parameters().format().akm()).append(",".repeat(9)).append('\n');
        }
        var prov = new java.util.ArrayList<>(dev.ampbench.emulator.firmware.AmpProvFirmware.identities(77, 3));
        prov.add(dev.ampbench.emulator.firmware.AmpProvFirmware.identities(77, 4,
                dev.ampbench.protocol.ampprov.KdfMode.STRONG).get(3));
        for (var p : prov) { // gwid left empty: the audit reads it from each PROV_REQUEST
            csv.append("prov-").append(n++).append(",amp-prov,").append(hex.formatHex(p.serialNumber().bytes()))
                    .append(',').append(hex.formatHex(p.tagPrivateKey().bytes())).append(",,")
                    .append(hex.formatHex(p.asPrivateKey().bytes())).append(",,,").append(p.mode())
                    .append(",".repeat(14)).append('\n');
        }
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 7);
        Path keyFile = dir.resolve("manifest.key");
        Files.write(keyFile, key);
        Path manifest = dir.resolve("keys.csv.enc");
        Files.write(manifest, dev.ampbench.bench.inventory.KeyManifest.encrypt(dir.resolve("keys.csv"),
                csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                dev.ampbench.bench.inventory.ManifestKey.KeyFile.of(key)));
        return new Path[] {manifest, keyFile};
    }

    @Test
    void withKeysEveryMicOfTheGoldenCapturesVerifiesAndAForgedMacIsNamed(@TempDir Path dir) throws Exception {
        Path[] m = manifest(dir);
        Result ok = run("audit", "--keys", m[0].toString(), "--manifest-key-file", m[1].toString(),
                golden("lorawan-gateway").toString());
        assertEquals(0, ok.code(), ok.out() + ok.err());
        assertTrue(ok.out().contains("16 air frame(s) checked, 16 MIC(s) verified"), ok.out());

        byte[] g = Files.readAllBytes(golden("aiot-s9-tag"));
        int[] blocks = blockOffsets(g);
        int lastEpb = blocks[blocks.length - 2];
        int caplen = java.nio.ByteBuffer.wrap(g, lastEpb + 20, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        g[lastEpb + 28 + caplen - 1] ^= 0x01; // the last octet of the last frame: its Mac
        Path forged = dir.resolve("forged.pcapng");
        Files.write(forged, g);
        Result bad = run("audit", "--keys", m[0].toString(), "--manifest-key-file", m[1].toString(),
                forged.toString());
        assertEquals(1, bad.code(), bad.out() + bad.err());
        assertTrue(bad.out().contains("frame " + (blocks.length - 3) + ": AIOT-S9-R5: DUT → bench CommandResponse Mac "
                + "does not verify"), bad.out());

        for (String[] c : new String[][] {{"amp-sec-gateway", "6 MIC(s) verified"},
            {"amp-prov-gateway", "8 MIC(s) verified"}, {"amp-prov-tag", "8 MIC(s) verified"}}) {
            Result amp = run("audit", "--keys", m[0].toString(), "--manifest-key-file", m[1].toString(),
                    golden(c[0]).toString());
            assertEquals(0, amp.code(), amp.out() + amp.err());
            assertTrue(amp.out().contains(c[1]), c[0] + ": " + amp.out());
        }
        byte[] p = Files.readAllBytes(golden("amp-prov-gateway"));
        int[] pb = blockOffsets(p);
        int pLast = pb[pb.length - 2];
        int pLen = java.nio.ByteBuffer.wrap(p, pLast + 20, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        p[pLast + 28 + pLen - 1] ^= 0x01; // last octet of the bench-played tag's RES_SENSOR_DATA: its CCM MIC
        Path forgedProv = dir.resolve("forged-prov.pcapng");
        Files.write(forgedProv, p);
        Result badProv = run("audit", "--keys", m[0].toString(), "--manifest-key-file", m[1].toString(),
                forgedProv.toString());
        assertEquals(1, badProv.code(), badProv.out() + badProv.err());
        assertTrue(badProv.out().contains("frame " + (pb.length - 3) + ": AMP-PROV-R11: bench → DUT RES_SENSOR_DATA MIC"),
                badProv.out());

        Result noKey = run("audit", "--keys", m[0].toString(), forged.toString());
        assertEquals(2, noKey.code());
        assertEquals("ampbench: --keys needs one of --manifest-passphrase-file or --manifest-key-file",
                noKey.err().strip());
    }

    @Test
    void aManifestRowTheAuditCannotUseIsOneLineNamingItsLineAndColumn(@TempDir Path dir) throws Exception {
        String csv = "id,profile,sa,pmk\nsta-1,amp-sec,b0b1b2b3b4b5," + "11".repeat(32) + "\n"; // no aa
        byte[] key = new byte[32];
        Path keyFile = dir.resolve("k");
        Files.write(keyFile, key);
        Path manifest = dir.resolve("keys.csv.enc");
        Files.write(manifest, dev.ampbench.bench.inventory.KeyManifest.encrypt(dir.resolve("keys.csv"),
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                dev.ampbench.bench.inventory.ManifestKey.KeyFile.of(key)));
        Result r = run("audit", "--keys", manifest.toString(), "--manifest-key-file", keyFile.toString(),
                golden("amp-sec-tag").toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("keys.csv.enc:2") && r.err().contains("row sta-1 (amp-sec): aa is empty"), r.err());
        assertFalse(r.err().contains("1111"), "no key value in the message");
    }

    /** Start offsets of every block, then the file length. */
    private static int[] blockOffsets(byte[] g) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < g.length) {
            out.add(pos);
            pos += java.nio.ByteBuffer.wrap(g, pos + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        }
        out.add(g.length);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
