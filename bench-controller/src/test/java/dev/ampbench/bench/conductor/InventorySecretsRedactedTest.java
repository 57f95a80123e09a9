package dev.ampbench.bench.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestColumn;
import dev.ampbench.bench.inventory.ManifestEntry;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Hex;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading an inventory DUT registers the secret columns of its manifest rows with the report's Redactor, so the
 * Allure results of a run (through the cli or Maven) never show them. Before, nothing in main code filled the
 * Redactor: a DUT's log naming its DeviceId reached the report in clear.
 */
class InventorySecretsRedactedTest {
    private static final Path LAB = Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath()
            .resolve("fixtures/lab");

    @BeforeEach
    @AfterEach
    void forget() {
        Redactor.global().clear();
    }

    @Test
    void theManifestSecretsOfTheDutAreRedactedOnceItIsLoaded() throws Exception {
        Path inventory = LAB.resolve("example-lab.yaml");
        ManifestKey key = ManifestKey.passphraseFile(LAB.resolve("example-keys.TEST-ONLY-passphrase.txt"));
        ManifestEntry s9 = KeyManifest.open(LAB.resolve("example-keys.csv.enc"), key)
                .entry("tag-s9-02", Profile.AIOT_S9).orElseThrow();
        String deviceId = Hex.encode(s9.secret(ManifestColumn.DEVICE_ID).orElseThrow().bytes());
        String kAuth = Hex.encode(s9.secret(ManifestColumn.K_AUTH).orElseThrow().bytes()).toUpperCase();
        String log = "EVENT ESTABLISHED device " + deviceId + " under " + kAuth;
        assertEquals(log, Redactor.global().redact(log), "nothing is registered before the DUT is loaded");

        InventoryDutProvider.of(inventory, "tag-s9-02", key);

        assertEquals("EVENT ESTABLISHED device [REDACTED DeviceId of tag-s9-02] under [REDACTED K_auth of tag-s9-02]",
                Redactor.global().redact(log));
    }

    /** A manifest that is not there is the inventory's mistake: the error names the inventory line pointing at it. */
    @Test
    void aMissingManifestNamesTheInventoryLineThatPointsAtIt(@TempDir Path dir) throws Exception {
        Path inventory = dir.resolve("lab.yaml");
        Files.writeString(inventory, String.join("\n", "version: 1", "benches:", "  - name: b", "    duts:",
                "      - name: t", "        transport: {kind: tcp, host: 127.0.0.1, port: 1}",
                "        profiles: [aiot-s9]", "        role: tag", "        firmware: \"1.0\"",
                "        secrets: {manifest: nowhere.csv.enc, id: t}", ""));
        ManifestKey key = ManifestKey.passphraseFile(LAB.resolve("example-keys.TEST-ONLY-passphrase.txt"));
        ConfigError e = assertThrows(ConfigError.class, () -> InventoryDutProvider.of(inventory, "t", key));
        assertEquals(inventory + ":10: DUT t: no key manifest at " + dir.resolve("nowhere.csv.enc"), e.getMessage());
    }
}
