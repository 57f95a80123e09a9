package dev.ampbench.bench.inventory;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a DUT's secrets are: a row of an encrypted key manifest (docs/key-manifest.md). Holds no secret itself.
 *
 * @param manifest the manifest file, resolved against the inventory's folder
 * @param id       the value of the manifest's {@code id} column for this DUT
 * @param line     the line of the {@code secrets} key in the inventory
 */
public record SecretRef(Path manifest, String id, int line) {
    public SecretRef {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(id, "id");
    }
}
