package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyManifestPropertiesTest {
    private static final Path FILE = Path.of("/batch/keys.csv.enc");

    private static ManifestKey key(byte[] k) {
        return ManifestKey.KeyFile.of(k);
    }

    @Property(tries = 500)
    void arbitraryBytesAreNotAManifest(@ForAll @Size(max = 200) byte[] bytes, @ForAll @Size(32) byte[] k) {
        ConfigError e = assertThrows(ConfigError.class, () -> KeyManifest.decrypt(FILE, bytes, key(k)));
        assertEquals(FILE, e.file());
    }

    @Property(tries = 500)
    void arbitraryBytesBehindAValidHeaderDoNotDecrypt(@ForAll @Size(max = 200) byte[] body,
                                                      @ForAll @Size(32) byte[] k) {
        byte[] header = {'A', 'M', 'P', 'K', 'E', 'Y', 1, 2, 0, 0, 0, 0};
        byte[] all = new byte[ManifestContainer.HEADER_LEN + body.length];
        System.arraycopy(header, 0, all, 0, header.length);
        System.arraycopy(body, 0, all, ManifestContainer.HEADER_LEN, body.length);
        assertThrows(ConfigError.class, () -> KeyManifest.decrypt(FILE, all, key(k)));
    }

    @Property(tries = 300)
    void sealThenOpenGivesBackTheBytesAndOnlyWithTheKey(@ForAll @Size(max = 500) byte[] plain,
                                                        @ForAll @Size(32) byte[] k, @ForAll @Size(32) byte[] other)
            throws ConfigError {
        byte[] sealed = ManifestContainer.seal(plain, key(k), 0);
        assertArrayEquals(plain, ManifestContainer.open(FILE, sealed, key(k)));
        if (!java.util.Arrays.equals(k, other)) {
            assertTrue(assertThrows(ConfigError.class, () -> ManifestContainer.open(FILE, sealed, key(other)))
                    .getMessage().contains("cannot decrypt the key manifest (wrong passphrase or key file"));
        }
    }

    @Property(tries = 300)
    void anyFlippedBitIsDetected(@ForAll @Size(max = 100) byte[] plain, @ForAll @Size(32) byte[] k,
                                 @ForAll("positions") int position, @ForAll("bits") int bit) {
        byte[] sealed = ManifestContainer.seal(plain, key(k), 0);
        sealed[position % sealed.length] ^= (byte) (1 << bit);
        assertThrows(ConfigError.class, () -> ManifestContainer.open(FILE, sealed, key(k)));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<Integer> bits() {
        return Arbitraries.integers().between(0, 7);
    }

    /** CSV-ish text: ConfigError or a manifest, never anything else; the same through encryption. */
    @Property(tries = 1000)
    void csvishGarbage(@ForAll("csvish") String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String direct;
        try {
            direct = "ok " + KeyManifest.parseCsv(FILE, bytes).entries().size();
        } catch (ConfigError e) {
            assertEquals(FILE, e.file());
            direct = "error at " + e.line();
        }
        String viaContainer;
        ManifestKey k = key(new byte[32]);
        try {
            viaContainer = "ok " + KeyManifest.decrypt(FILE, KeyManifest.encryptUnchecked(bytes, k, 0), k).entries()
                    .size();
        } catch (ConfigError e) {
            viaContainer = "error at " + e.line();
        }
        assertEquals(direct, viaContainer);
    }

    @Provide
    Arbitrary<String> csvish() {
        Arbitrary<String> token = Arbitraries.of("id", "profile", "sa", "pmk", "aa", "akm", "device_id", "k_auth",
                "dev_eui", "join_eui", "app_key", "nwk_key", "lorawan_version", "1.1", "1.0.4", "amp-sec", "aiot-s9",
                "lorawan", "amp-prov", "a_sn", "a_pubk", "kdf_mode", "STRONG", "0a0b", "00112233", "0011223344556677",
                "2b7e151628aed2a6abf7158809cf4f3c", "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
                ",", ",", ",", "\n", "\n", "\r\n", "\r", "\"", "\"\"", " ", "x", "-", "\uFEFF", "\u00e9", "\u0000");
        return token.list().ofMaxSize(60).map(l -> String.join("", l));
    }

    /** Generated valid rows come back with the same keys and identities. */
    @Property(tries = 200)
    void validRowsRoundTrip(@ForAll("rows") List<Row> rows, @ForAll @Size(32) byte[] k) throws ConfigError {
        StringBuilder csv = new StringBuilder("id,profile,sa,aa,pmk,pmk_generation,device_id,k_auth\n");
        for (Row r : rows) {
            csv.append(r.toCsv()).append('\n');
        }
        byte[] enc = KeyManifest.encrypt(FILE, csv.toString().getBytes(StandardCharsets.UTF_8), key(k));
        KeyManifest m = KeyManifest.decrypt(FILE, enc, key(k));
        assertEquals(rows.size(), m.entries().size());
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            ManifestEntry e = m.entries().get(i);
            assertEquals(r.id, e.id());
            assertEquals(i + 2, e.line());
            if (r.profile == Profile.AMP_SEC) {
                assertEquals(KeyMaterial.of(r.secret1), e.secret(ManifestColumn.PMK).orElseThrow());
                assertEquals(Hex.encode(r.address), e.identity(ManifestColumn.SA).orElseThrow());
                assertEquals(Long.toString(r.generation), e.identity(ManifestColumn.PMK_GENERATION).orElseThrow());
            } else {
                assertEquals(KeyMaterial.of(r.secret1), e.secret(ManifestColumn.DEVICE_ID).orElseThrow());
                assertEquals(KeyMaterial.of(r.secret2), e.secret(ManifestColumn.K_AUTH).orElseThrow());
            }
        }
    }

    record Row(String id, Profile profile, byte[] address, byte[] secret1, byte[] secret2, int generation,
               boolean upper) {
        String toCsv() {
            String s1 = upper ? Hex.encode(secret1).toUpperCase() : Hex.encode(secret1);
            if (profile == Profile.AMP_SEC) {
                return id + ",amp-sec," + Hex.encode(address) + ",," + s1 + "," + generation + ",,";
            }
            return id + ",aiot-s9,,,,,\"" + s1 + "\", " + Hex.encode(secret2) + " ";
        }
    }

    @Provide
    Arbitrary<List<Row>> rows() {
        Arbitrary<Row> sec = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofMinSize(2).ofMaxSize(8),
                        Arbitraries.bytes().array(byte[].class).ofSize(32), Arbitraries.integers().between(0, 65535),
                        Arbitraries.of(true, false))
                .as((a, p, g, u) -> new Row("", Profile.AMP_SEC, a, p, new byte[0], g, u));
        Arbitrary<Row> s9 = Combinators.combine(Arbitraries.bytes().array(byte[].class).ofSize(8),
                        Arbitraries.bytes().array(byte[].class).ofSize(16), Arbitraries.of(true, false))
                .as((d, ka, u) -> new Row("", Profile.AIOT_S9, new byte[0], d, ka, 0, u));
        return Arbitraries.oneOf(sec, s9).list().ofMaxSize(8).map(list -> {
            List<Row> named = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Row r = list.get(i);
                named.add(new Row("dev-" + i, r.profile, r.address, r.secret1, r.secret2, r.generation, r.upper));
            }
            return named;
        });
    }
}
