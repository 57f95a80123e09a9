package dev.ampbench.bench.inventory;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.crypto.KeyMaterial;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One device of a key manifest: its row id, profile, the line of its row in the CSV, its secrets as
 * {@link KeyMaterial} and its public identity values (hex in lower case, enumerations as written).
 * {@link #toString()} names the secret columns but never their values.
 */
public final class ManifestEntry {
    private final String id;
    private final Profile profile;
    private final int line;
    private final Map<ManifestColumn, KeyMaterial> secrets;
    private final Map<ManifestColumn, String> identity;

    ManifestEntry(String id, Profile profile, int line, Map<ManifestColumn, KeyMaterial> secrets,
                  Map<ManifestColumn, String> identity) {
        this.id = Objects.requireNonNull(id);
        this.profile = Objects.requireNonNull(profile);
        this.line = line;
        this.secrets = Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
        this.identity = Collections.unmodifiableMap(new LinkedHashMap<>(identity));
    }

    public String id() {
        return id;
    }

    public Profile profile() {
        return profile;
    }

    /** The 1-based line of the row in the decrypted CSV. */
    public int line() {
        return line;
    }

    /** A secret cell; empty when the row leaves an optional column blank. */
    public Optional<KeyMaterial> secret(ManifestColumn column) {
        if (!column.secret()) {
            throw new IllegalArgumentException(column.header() + " is not a secret column; use identity()");
        }
        return Optional.ofNullable(secrets.get(column));
    }

    /** A public cell (hex normalised to lower case); empty when the row leaves it blank. */
    public Optional<String> identity(ManifestColumn column) {
        if (column.secret()) {
            throw new IllegalArgumentException(column.header() + " is a secret column; use secret()");
        }
        if (column == ManifestColumn.ID) {
            return Optional.of(id);
        }
        if (column == ManifestColumn.PROFILE) {
            return Optional.of(profile.id());
        }
        return Optional.ofNullable(identity.get(column));
    }

    @Override
    public String toString() {
        return "ManifestEntry[id=" + id + ", profile=" + profile.id() + ", line=" + line + ", identity="
                + identity.entrySet().stream().map(e -> e.getKey().header() + "=" + e.getValue()).toList()
                + ", secrets=" + secrets.keySet().stream().map(ManifestColumn::header).toList() + " (redacted)]";
    }
}
