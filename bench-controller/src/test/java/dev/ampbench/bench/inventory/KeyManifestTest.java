package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.crypto.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyManifestTest {
    private static final Path SRC = Path.of("/batch/keys.csv");
    private static final ManifestKey KEY = ManifestKey.KeyFile.of(new byte[] {
            1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29,
            30, 31, 32});
    private static final String PMK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private static final String K_AUTH = "2b7e151628aed2a6abf7158809cf4f3c";

    private static KeyManifest csv(String text) throws ConfigError {
        return KeyManifest.parseCsv(SRC, text.getBytes(StandardCharsets.UTF_8));
    }

    private static ConfigError bad(String text, int line, String... words) {
        ConfigError e = assertThrows(ConfigError.class, () -> csv(text));
        assertEquals(SRC, e.file());
        assertEquals(line, e.line(), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void opensTheExampleManifestWithItsTestOnlyPassphrase() throws ConfigError {
        KeyManifest m = Fixtures.exampleManifestOpened();
        assertEquals(List.of("tag-prov-01/amp-prov", "tag-prov-01/amp-sec", "tag-s9-02/aiot-s9", "gw-lora-01/lorawan",
                "tag-lora-03/lorawan", "emu-sec-ap/amp-sec"),
                m.entries().stream().map(e -> e.id() + "/" + e.profile().id()).toList());
        assertEquals(List.of(2, 3, 4, 5, 6, 7), m.entries().stream().map(ManifestEntry::line).toList());
        assertEquals(2, m.entries("tag-prov-01").size());

        ManifestEntry sec = m.entry("tag-prov-01", Profile.AMP_SEC).orElseThrow();
        assertEquals(Optional.of("02a1b2c3d4e5"), sec.identity(ManifestColumn.SA));
        assertEquals(Optional.of("02f0e0d0c0b0"), sec.identity(ManifestColumn.AA));
        assertEquals(Optional.of("CMAC_KDF_SHA256"), sec.identity(ManifestColumn.AKM));
        assertEquals(32, sec.secret(ManifestColumn.PMK).orElseThrow().length());

        ManifestEntry prov = m.entry("tag-prov-01", Profile.AMP_PROV).orElseThrow();
        assertEquals(16, prov.secret(ManifestColumn.A_SN).orElseThrow().length());
        assertEquals(Optional.of("4660"), prov.identity(ManifestColumn.GWID));
        assertEquals(Optional.of("STRONG"), prov.identity(ManifestColumn.KDF_MODE));

        ManifestEntry s9 = m.entry("tag-s9-02", Profile.AIOT_S9).orElseThrow();
        assertEquals(8, s9.secret(ManifestColumn.DEVICE_ID).orElseThrow().length());
        assertEquals(16, s9.secret(ManifestColumn.K_AUTH).orElseThrow().length());
        assertEquals(Optional.of("TEMPORARY_ID"), s9.identity(ManifestColumn.ID_MODE));

        ManifestEntry lora10 = m.entry("tag-lora-03", Profile.LORAWAN).orElseThrow();
        assertEquals(Optional.of("70b3d57ed0000003"), lora10.identity(ManifestColumn.DEV_EUI));
        assertEquals(Optional.of("1.0.4"), lora10.identity(ManifestColumn.LORAWAN_VERSION));
        assertEquals(Optional.empty(), lora10.secret(ManifestColumn.NWK_KEY));
        assertEquals(16, m.entry("gw-lora-01", Profile.LORAWAN).orElseThrow().secret(ManifestColumn.NWK_KEY)
                .orElseThrow().length());
        assertEquals(Optional.empty(), m.entry("tag-lora-03", Profile.AMP_SEC));
        assertThrows(IllegalArgumentException.class, () -> sec.identity(ManifestColumn.PMK));
        assertThrows(IllegalArgumentException.class, () -> sec.secret(ManifestColumn.SA));
    }

    @Test
    void aWrongPassphraseSaysSoWithoutBlamingTheCsv() {
        ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.open(Fixtures.exampleManifest(),
                ManifestKey.passphrase("ampbench-example-lab-NOT-A-SECRET!".toCharArray())));
        assertEquals(Fixtures.exampleManifest() + ": cannot decrypt the key manifest (wrong passphrase or key file,"
                + " or the file was modified)", e.getMessage());
    }

    @Test
    void roundTripWithAKeyFileRawOrHex(@TempDir Path dir) throws Exception {
        byte[] raw = new byte[32];
        for (int i = 0; i < 32; i++) {
            raw[i] = (byte) (0xA0 + i);
        }
        Path rawFile = Files.write(dir.resolve("k.bin"), raw);
        Path hexFile = Files.writeString(dir.resolve("k.hex"),
                "a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf\n");
        String text = "id,profile,device_id,k_auth\nd1,aiot-s9,0011223344556677," + K_AUTH + "\n";
        byte[] enc = KeyManifest.encrypt(SRC, text.getBytes(StandardCharsets.UTF_8), ManifestKey.keyFile(rawFile));
        Path m = Files.write(dir.resolve("keys.csv.enc"), enc);
        assertEquals(ManifestContainer.HEADER_LEN + text.length() + ManifestContainer.TAG_LEN, enc.length);
        assertArrayEquals(new byte[] {'A', 'M', 'P', 'K', 'E', 'Y', 1, 2, 0, 0, 0, 0}, java.util.Arrays.copyOf(enc, 12));
        KeyManifest opened = KeyManifest.open(m, ManifestKey.keyFile(hexFile));
        ManifestEntry e = opened.entry("d1", Profile.AIOT_S9).orElseThrow();
        assertEquals(KeyMaterial.of(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}),
                e.secret(ManifestColumn.DEVICE_ID).orElseThrow());
        assertEquals(KeyMaterial.of(new byte[] {0x2b, 0x7e, 0x15, 0x16, 0x28, (byte) 0xae, (byte) 0xd2, (byte) 0xa6,
                (byte) 0xab, (byte) 0xf7, 0x15, (byte) 0x88, 0x09, (byte) 0xcf, 0x4f, 0x3c}),
                e.secret(ManifestColumn.K_AUTH).orElseThrow());
        assertFalse(new String(enc, StandardCharsets.ISO_8859_1).contains(K_AUTH), "ciphertext is not the CSV");
    }

    @Test
    void passphraseRoundTripAndAmbiguityOfTheKeyKind() throws Exception {
        String text = "id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n";
        byte[] enc = KeyManifest.encrypt(SRC, text.getBytes(StandardCharsets.UTF_8),
                ManifestKey.passphrase("correct horse".toCharArray()), 100_000);
        assertEquals(1, enc[7], "key source 1 = passphrase");
        assertEquals(100_000, java.nio.ByteBuffer.wrap(enc, 8, 4).getInt());
        KeyManifest m = KeyManifest.decrypt(SRC, enc, ManifestKey.passphrase("correct horse".toCharArray()));
        assertEquals(Optional.of("0a0b"), m.entries().get(0).identity(ManifestColumn.SA));
        ConfigError wrongKind = assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, enc, KEY));
        assertTrue(wrongKind.getMessage().contains("encrypted with a passphrase, not a key file"));
        byte[] byKey = KeyManifest.encrypt(SRC, text.getBytes(StandardCharsets.UTF_8), KEY);
        ConfigError other = assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, byKey,
                ManifestKey.passphrase("x".toCharArray())));
        assertTrue(other.getMessage().contains("encrypted with a key file, not a passphrase"));
        assertThrows(IllegalArgumentException.class, () -> KeyManifest.encrypt(SRC,
                text.getBytes(StandardCharsets.UTF_8), ManifestKey.passphrase("p".toCharArray()), 1000));
    }

    @Test
    void aPlainCsvIsNotAManifest(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(dir.resolve("keys.csv"), "id,profile\n");
        ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.open(plain, KEY));
        assertEquals(plain + ": not an encrypted ampbench key manifest (no AMPKEY header); encrypt the CSV first,"
                + " see docs/key-manifest.md", e.getMessage());
        Path missing = dir.resolve("none.enc");
        assertEquals(missing + ": no such key manifest",
                assertThrows(ConfigError.class, () -> KeyManifest.open(missing, KEY)).getMessage());
        assertTrue(assertThrows(ConfigError.class, () -> KeyManifest.open(dir, KEY)).getMessage()
                .startsWith(dir + ": cannot read the key manifest"));
    }

    @Test
    void flippingAnyBitOfAnyByteIsDetected() throws ConfigError {
        String text = "id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n";
        byte[] enc = KeyManifest.encrypt(SRC, text.getBytes(StandardCharsets.UTF_8), KEY);
        for (int i = 0; i < enc.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] t = enc.clone();
                t[i] ^= (byte) (1 << bit);
                ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, t, KEY),
                        "byte " + i + " bit " + bit);
                assertEquals(SRC, e.file());
            }
        }
        assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, java.util.Arrays.copyOf(enc, enc.length - 1),
                KEY), "truncated");
        byte[] longer = java.util.Arrays.copyOf(enc, enc.length + 1);
        assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, longer, KEY), "extended");
    }

    @Test
    void flippingAHeaderByteOfAPassphraseManifestIsDetected() throws ConfigError {
        ManifestKey pass = ManifestKey.passphrase("tamper".toCharArray());
        byte[] enc = KeyManifest.encrypt(SRC, ("id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n")
                .getBytes(StandardCharsets.UTF_8), pass, 100_000);
        for (int i = 0; i < ManifestContainer.HEADER_LEN; i++) {
            byte[] t = enc.clone();
            t[i] ^= 0x01;
            ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, t, pass), "byte " + i);
            assertEquals(0, e.line());
        }
        byte[] t = enc.clone();
        t[8] ^= 0x40; // iterations 0x400186a0: refused before any work
        assertTrue(assertThrows(ConfigError.class, () -> KeyManifest.decrypt(SRC, t, pass)).getMessage()
                .contains("outside 100000..10000000"));
    }

    // --- the CSV: every mistake names the CSV line ---------------------------------------------------------------

    @Test
    void csvMistakesNameTheirLine() {
        String head = "id,profile,sa,pmk,device_id,k_auth\n";
        String ok = "ap1,amp-sec,0a0b," + PMK + ",,\n";
        bad("", 0, "empty");
        bad("id,profile,colour\n", 1, "column 3 'colour' is not a known column");
        bad("id,profile,pmk,pmk\n", 1, "column 'pmk' appears twice");
        bad("id,sa\n", 1, "missing column 'profile'");
        bad(head + ok + "ap2,amp-sec,0a0b\n", 3, "the row has 3 fields, the header 6");
        bad(head + ok + "ap2,zigbee,0a0b," + PMK + ",,\n", 3, "unknown profile 'zigbee'");
        bad(head + ok + "ap2,amp-sec,0a0b,,,\n", 3, "pmk: required for amp-sec (the cell is empty)");
        bad("id,profile,pmk\nap2,amp-sec," + PMK + "\n", 2, "sa: required for amp-sec (the header has no such column)");
        bad(head + ok + "ap2,amp-sec,0a0b," + PMK.substring(2) + ",,\n", 3, "pmk: expected 32 bytes as 64 hex digits",
                "found 62 characters");
        bad(head + ok + "ap2,amp-sec,0a0b," + PMK.replace('f', 'g') + ",,\n", 3, "not a hex digit");
        bad(head + ok + "ap2,amp-sec,0a0b," + PMK + ",0011223344556677,\n", 3,
                "device_id: the column belongs to aiot-s9, and this row is amp-sec");
        bad(head + ok + ok, 3, "id 'ap1' has a second amp-sec row (first on line 2)");
        bad(head + "ap 1,amp-sec,0a0b," + PMK + ",,\n", 2, "id: a name");
        bad(head + ok + "ap2,amp-sec,\"0a0b\"x," + PMK + ",,\n", 3, "text after a closing quote");
        bad(head + ok + "ap2,amp-sec,0a\"0b," + PMK + ",,\n", 3, "a quote inside an unquoted field");
        bad(head + ok + "ap2,amp-sec,\"0a0b," + PMK + ",,\n", 3, "not closed before the end of the file");
        bad("id,profile,sa,aa,pmk\nap1,amp-sec,0a0b,0a0b0c," + PMK + "\n", 2, "aa and sa must have the same length");
        bad("id,profile,sa,pmk,pmk_generation\nap1,amp-sec,0a0b," + PMK + ",65536\n", 2,
                "pmk_generation: expected a decimal integer 0..65535");
        bad("id,profile,sa,pmk,akm\nap1,amp-sec,0a0b," + PMK + ",SHA3\n", 2, "akm: 'SHA3' is not one of");
        bad("id,profile,lorawan_version,dev_eui,join_eui,app_key\nd,lorawan,1.1,0000000000000001,0000000000000002,"
                + K_AUTH + "\n", 2, "nwk_key: required for a LoRaWAN 1.1 device");
        bad("id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key\nd,lorawan,1.0.4,0000000000000001,"
                + "0000000000000002," + K_AUTH + ",00000000000000000000000000000000\n", 2, "one root key");
        bad("id,profile,a_sn,kdf_mode\nt,amp-prov,01,SLIDES\n", 2, "give a_privk");
        bad("id,profile\r\nd,amp-sec\rx\n", 2, "a carriage return without a line feed");
    }

    @Test
    void quotedFieldsBomCrlfAndBlankLines() throws ConfigError {
        KeyManifest m = csv("\uFEFFid,\"profile\",sa,pmk\r\n\r\n\"ap1\",amp-sec,\"0A0B\", " + PMK + " \r\n");
        assertEquals("0a0b", m.entries().get(0).identity(ManifestColumn.SA).orElseThrow());
        assertEquals(3, m.entries().get(0).line());
        // a doubled quote inside a quoted field is one quote: "ap""2" is the id ap"2, which is not a valid name
        bad("id,profile,sa,pmk\n\"ap\"\"2\",amp-sec,0a0b," + PMK + "\n", 2, "id: a name");
    }

    @Test
    void aRowAfterAMultiLineQuotedFieldKeepsItsTrueLine() {
        // line 2 holds a quoted id spanning two lines (an invalid id), so the error is on line 2; the next row
        // starts on line 4
        bad("id,profile,sa,pmk\n\"a\nb\",amp-sec,0a0b," + PMK + "\n", 2, "id: a name");
        bad("id,profile,sa,pmk,akm\nap1,amp-sec,0a0b," + PMK + ",\"CMAC_KDF_SHA256\n\"\nap2,amp-sec,0a0b,00\n", 4,
                "the row has 4 fields, the header 5");
    }

    @Test
    void aBadRowIsReportedThroughDecryptionToo(@TempDir Path dir) throws Exception {
        byte[] csvBytes = ("id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\nap2,amp-sec,0a0b,abc\n")
                .getBytes(StandardCharsets.UTF_8);
        Path f = Files.write(dir.resolve("k.enc"), KeyManifest.encryptUnchecked(csvBytes, KEY, 0));
        ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.open(f, KEY));
        assertEquals(f, e.file());
        assertEquals(3, e.line());
        ConfigError before = assertThrows(ConfigError.class, () -> KeyManifest.encrypt(SRC, csvBytes, KEY));
        assertEquals(SRC, before.file());
        assertEquals(3, before.line());
    }

    @Test
    void requireNamesTheInventoryLineWhenTheRowIsMissing() throws ConfigError {
        KeyManifest m = csv("id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n");
        SecretRef ref = new SecretRef(SRC, "ap1", 17);
        assertEquals("ap1", m.require(Path.of("/lab/inv.yaml"), ref, Profile.AMP_SEC).id());
        ConfigError e = assertThrows(ConfigError.class, () -> m.require(Path.of("/lab/inv.yaml"), ref,
                Profile.LORAWAN));
        assertEquals(Path.of("/lab/inv.yaml"), e.file());
        assertEquals(17, e.line());
        assertTrue(e.getMessage().contains("no row with id 'ap1' and profile lorawan"));
    }

    @Test
    void rowsBecomeProtocolPersonalizations() throws ConfigError {
        KeyManifest m = csv("id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key,device_id,k_auth,id_mode\n"
                + "old,lorawan,1.0.4,70B3D57ED0000003,70b3d57ed0000000," + K_AUTH + ",,,,\n"
                + "new,lorawan,1.1,ffffffffffffff01,0000000000000002," + K_AUTH + ",000102030405060708090a0b0c0d0e0f,,,\n"
                + "s9,aiot-s9,,,,,,0011223344556677," + K_AUTH + ",TEMPORARY_ID\n"
                + "s9d,aiot-s9,,,,,,0011223344556677," + K_AUTH + ",\n");
        var old = m.entry("old", Profile.LORAWAN).orElseThrow().loRaWan();
        assertEquals(dev.ampbench.protocol.lorawan.LoRaWanVersion.V1_0_4, old.version());
        assertEquals(0x70b3d57ed0000003L, old.devEui());
        assertEquals(0x70b3d57ed0000000L, old.joinEui());
        assertEquals(old.appKey(), old.nwkKey());
        var neu = m.entry("new", Profile.LORAWAN).orElseThrow().loRaWan();
        assertEquals(dev.ampbench.protocol.lorawan.LoRaWanVersion.V1_1, neu.version());
        assertEquals(0xffffffffffffff01L, neu.devEui());
        assertEquals(16, neu.nwkKey().length());
        assertFalse(neu.nwkKey().equals(neu.appKey()));
        var s9 = m.entry("s9", Profile.AIOT_S9).orElseThrow().aiotS9();
        assertArrayEquals(new byte[] {0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77}, s9.deviceId());
        assertEquals(dev.ampbench.protocol.aiots9.IdMode.TEMPORARY_ID, s9.idMode());
        assertEquals(dev.ampbench.protocol.aiots9.SecurityPolicy.INTEGRITY, s9.minimumPolicy());
        assertEquals(dev.ampbench.protocol.aiots9.IdMode.ENCRYPTED_ID,
                m.entry("s9d", Profile.AIOT_S9).orElseThrow().aiotS9().idMode());
        assertThrows(IllegalStateException.class, () -> m.entry("s9", Profile.AIOT_S9).orElseThrow().loRaWan());
    }

    @Test
    void keyFilesMustBe32BytesOr64HexDigits(@TempDir Path dir) throws Exception {
        Path shortKey = Files.write(dir.resolve("short"), new byte[31]);
        assertTrue(assertThrows(ConfigError.class, () -> ManifestKey.keyFile(shortKey)).getMessage()
                .contains("32 raw bytes or 64 hex digits, this one has 31 bytes"));
        Path notHex = Files.writeString(dir.resolve("nothex"), "z".repeat(64));
        assertThrows(ConfigError.class, () -> ManifestKey.keyFile(notHex));
        assertThrows(ConfigError.class, () -> ManifestKey.keyFile(dir.resolve("absent")));
        Path emptyPass = Files.writeString(dir.resolve("p"), "\n");
        assertThrows(ConfigError.class, () -> ManifestKey.passphraseFile(emptyPass));
    }
}
