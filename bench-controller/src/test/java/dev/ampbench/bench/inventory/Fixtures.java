package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the checkout's fixtures are, and helpers shared by the tests of this package. */
final class Fixtures {
    private Fixtures() {
    }

    static Path root() {
        String prop = System.getProperty("ampbench.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the ampbench checkout root above " + start);
    }

    static Path lab() {
        return root().resolve("fixtures/lab");
    }

    static Path exampleInventory() {
        return lab().resolve("example-lab.yaml");
    }

    static Path exampleManifest() {
        return lab().resolve("example-keys.csv.enc");
    }

    static ManifestKey examplePassphrase() throws ConfigError {
        return ManifestKey.passphraseFile(lab().resolve("example-keys.TEST-ONLY-passphrase.txt"));
    }

    private static KeyManifest opened;

    /** The example manifest, decrypted once per test run (600,000 PBKDF2 iterations take a while). */
    static synchronized KeyManifest exampleManifestOpened() throws ConfigError {
        if (opened == null) {
            opened = KeyManifest.open(exampleManifest(), examplePassphrase());
        }
        return opened;
    }
}
