package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.crypto.KeyMaterial;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Python recipe in docs/key-manifest.md is what a device maker runs: this test takes it out of the document,
 * runs it with python3 (which needs the {@code cryptography} package) and opens its output with ampbench.
 */
class KeyManifestRecipeTest {
    private static final String PMK = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static Path recipe(Path dir) throws Exception {
        String doc = Files.readString(Fixtures.root().resolve("docs/key-manifest.md"));
        Matcher m = Pattern.compile("<!-- recipe:encrypt -->\n```python\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find(), "the recipe block is in docs/key-manifest.md");
        return Files.writeString(dir.resolve("encrypt_manifest.py"), m.group(1));
    }

    private static void run(Path dir, String passphrase, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(args).directory(dir.toFile()).redirectErrorStream(true);
        if (passphrase != null) {
            pb.environment().put("AMPBENCH_MANIFEST_PASSPHRASE", passphrase);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python finished");
        assertEquals(0, p.exitValue(), "python3 with the cryptography package must run the recipe: " + out);
    }

    @Test
    void aManifestMadeByThePythonRecipeOpensWithAPassphrase(@TempDir Path dir) throws Exception {
        Path py = recipe(dir);
        Path csv = Files.writeString(dir.resolve("keys.csv"), "id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n");
        String passphrase = "Grüße, 🔑 and spaces";
        run(dir, passphrase, "python3", py.toString(), csv.toString(), "keys.csv.enc");
        KeyManifest m = KeyManifest.open(dir.resolve("keys.csv.enc"),
                ManifestKey.passphrase(passphrase.toCharArray()));
        ManifestEntry e = m.entry("ap1", Profile.AMP_SEC).orElseThrow();
        byte[] expected = new byte[32];
        for (int i = 0; i < 32; i++) {
            expected[i] = (byte) i;
        }
        assertEquals(KeyMaterial.of(expected), e.secret(ManifestColumn.PMK).orElseThrow());
        byte[] file = Files.readAllBytes(dir.resolve("keys.csv.enc"));
        assertEquals(600_000, java.nio.ByteBuffer.wrap(file, 8, 4).getInt(), "the documented iteration count");
    }

    @Test
    void aManifestMadeByThePythonRecipeOpensWithAKeyFile(@TempDir Path dir) throws Exception {
        Path py = recipe(dir);
        Path csv = Files.writeString(dir.resolve("keys.csv"), "id,profile,sa,pmk\nap1,amp-sec,0a0b," + PMK + "\n");
        Path key = Files.writeString(dir.resolve("k.hex"), "11".repeat(32) + "\n");
        run(dir, null, "python3", py.toString(), csv.toString(), "keys.csv.enc", "--key-file", key.toString());
        KeyManifest m = KeyManifest.open(dir.resolve("keys.csv.enc"), ManifestKey.keyFile(key));
        assertEquals(1, m.entries().size());
        Path wrong = Files.writeString(dir.resolve("k2.hex"), "12".repeat(32));
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> KeyManifest.open(dir.resolve("keys.csv.enc"), ManifestKey.keyFile(wrong)));
        assertTrue(e.getMessage().contains("cannot decrypt"));
    }
}
