package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every secret of the example manifest is pushed through every way a manifest can go wrong; no message, cause or
 * toString may contain any of them (nor their first 8 hex digits, nor their upper-case form).
 */
class SecretsStaySecretTest {
    private static final Path SRC = Path.of("/batch/keys.csv");

    private static List<String> secretsOfTheExample() throws ConfigError {
        List<String> out = new ArrayList<>();
        for (ManifestEntry e : Fixtures.exampleManifestOpened().entries()) {
            for (ManifestColumn c : ManifestColumn.values()) {
                if (c.secret()) {
                    e.secret(c).ifPresent(k -> out.add(Hex.encode(k.bytes())));
                }
            }
        }
        return out;
    }

    private static void assertClean(String text, List<String> secrets) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String s : secrets) {
            String probe = s.length() > 8 ? s.substring(0, 8) : s;
            assertFalse(lower.contains(probe), () -> "a secret leaked into: " + text);
        }
    }

    private static void assertCleanError(ConfigError e, List<String> secrets) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertClean(String.valueOf(t.getMessage()), secrets);
            assertClean(t.toString(), secrets);
        }
    }

    @Test
    void theExampleHasTheSecretsWeExpect() throws ConfigError {
        // a_sn, a_privk, as_privk, 2 PMKs, device_id, k_auth, 2+1 LoRaWAN keys
        assertEquals(10, secretsOfTheExample().size());
    }

    @Test
    void toStringsAreRedacted() throws ConfigError {
        List<String> secrets = secretsOfTheExample();
        KeyManifest m = Fixtures.exampleManifestOpened();
        assertClean(m.toString(), secrets);
        for (ManifestEntry e : m.entries()) {
            assertClean(e.toString(), secrets);
            assertTrue(e.toString().contains("(redacted)"), e.toString());
        }
        assertClean(Fixtures.examplePassphrase().toString(), List.of("ampbench-example-lab"));
        assertEquals("ManifestKey[passphrase, redacted]", Fixtures.examplePassphrase().toString());
        assertEquals("ManifestKey[key file, redacted]", ManifestKey.KeyFile.of(new byte[32]).toString());
        assertClean(LabInventory.load(Fixtures.exampleInventory()).toString(), secrets);
    }

    @Test
    void noErrorRepeatsASecret() throws ConfigError {
        List<String> secrets = secretsOfTheExample();
        List<String> csvs = new ArrayList<>();
        for (String s : secrets) {
            String upper = s.toUpperCase(Locale.ROOT);
            // the secret in the wrong column, too short, too long, with a non-hex character, as an id, as a
            // profile, as an enumeration, as a header, quoted and unterminated
            csvs.add("id,profile,sa,pmk\nap1,amp-sec," + s + ",00\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + s.substring(1) + "\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + s + s + "\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + s + "x\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + upper.substring(2) + "zz\n");
            csvs.add("id,profile,k_auth\n" + s + ",amp-sec," + s + "\n");
            csvs.add("id,profile,sa,pmk\nap1," + s + ",0a0b,00\n");
            csvs.add("id,profile,sa,pmk\nap1," + upper + ",0a0b,00\n");
            csvs.add("id,profile,sa,pmk,akm\nap1,amp-sec,0a0b," + s + "," + s + "\n");
            csvs.add("id,profile,sa,pmk,akm\nap1,amp-sec,0a0b," + s + "," + upper + "\n");
            csvs.add("id,profile,sa,pmk,pmk_generation\nap1,amp-sec,0a0b," + s + "," + s + "\n");
            csvs.add(s + "," + s + "\n" + s + "," + s + "\n");
            csvs.add("id,profile," + upper + "\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b,\"" + s + "\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b,\"" + s + "\"" + s + "\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + s + "\"\n");
            csvs.add("id,profile,sa,pmk\nap1,amp-sec,0a0b," + s + ",extra\n");
            csvs.add("id,profile,sa,pmk\n" + s + ",amp-sec,0a0b,00\n");
            csvs.add("id,profile,device_id,k_auth\nd,aiot-s9," + s + "," + s + "\n");
            csvs.add("id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key\nd,lorawan," + s
                    + ",0000000000000001,0000000000000002," + s + "," + s + "\n");
        }
        // a 1.0.4 device whose nwk_key differs from its app_key: the message must not print either
        String k1 = secrets.get(secrets.size() - 1);
        csvs.add("id,profile,lorawan_version,dev_eui,join_eui,app_key,nwk_key\nd,lorawan,1.0.4,0000000000000001,"
                + "0000000000000002," + "00".repeat(16) + "," + "11".repeat(16) + "\n");
        int errors = 0;
        for (String csv : csvs) {
            try {
                KeyManifest.parseCsv(SRC, csv.getBytes(StandardCharsets.UTF_8));
            } catch (ConfigError e) {
                assertCleanError(e, secrets);
                errors++;
            }
            // and the same through encryption and decryption
            try {
                KeyManifest.decrypt(SRC, KeyManifest.encryptUnchecked(csv.getBytes(StandardCharsets.UTF_8),
                        ManifestKey.KeyFile.of(new byte[32]), 0), ManifestKey.KeyFile.of(new byte[32]));
            } catch (ConfigError e) {
                assertCleanError(e, secrets);
            }
        }
        // nearly every variant is an error (a few happen to be valid rows), so the loop above did check messages
        assertTrue(errors > csvs.size() * 9 / 10, errors + " of " + csvs.size() + " were errors");
        assertFalse(k1.isEmpty());
    }

    @Test
    void keyMaterialFromTheManifestIsRedacted() throws ConfigError {
        for (ManifestEntry e : Fixtures.exampleManifestOpened().entries()) {
            for (ManifestColumn c : ManifestColumn.values()) {
                if (c.secret()) {
                    e.secret(c).map(KeyMaterial::toString).ifPresent(s -> assertTrue(s.endsWith("bytes, redacted]")));
                }
            }
        }
    }
}
