package dev.ampbench.bench.inventory;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.IdMode;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;

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

    /**
     * A {@code lorawan} row as the protocol module's personalization (EUIs read most significant digit first, as
     * {@code Ids.eui} prints them).
     *
     * @throws IllegalStateException if the row is not a lorawan row
     */
    public LoRaWanPersonalization loRaWan() {
        requireProfile(Profile.LORAWAN);
        long devEui = Long.parseUnsignedLong(identity.get(ManifestColumn.DEV_EUI), 16);
        long joinEui = Long.parseUnsignedLong(identity.get(ManifestColumn.JOIN_EUI), 16);
        KeyMaterial appKey = secrets.get(ManifestColumn.APP_KEY);
        if ("1.1".equals(identity.get(ManifestColumn.LORAWAN_VERSION))) {
            return LoRaWanPersonalization.v1_1(devEui, joinEui, secrets.get(ManifestColumn.NWK_KEY), appKey);
        }
        return LoRaWanPersonalization.v1_0_4(devEui, joinEui, appKey);
    }

    /**
     * An {@code aiot-s9} row as the protocol module's personalization, with the documented defaults
     * (ENCRYPTED_ID, INTEGRITY) where the row leaves them empty. Careful: the protocol record's {@code toString()}
     * prints the device ID, which this manifest treats as secret (AIOT-S9-R2), so never log the record.
     *
     * @throws IllegalStateException if the row is not an aiot-s9 row
     */
    public AiotS9Personalization aiotS9() {
        requireProfile(Profile.AIOT_S9);
        byte[] id = secrets.get(ManifestColumn.DEVICE_ID).bytes();
        try {
            return new AiotS9Personalization(id, secrets.get(ManifestColumn.K_AUTH),
                    IdMode.valueOf(identity.getOrDefault(ManifestColumn.ID_MODE, "ENCRYPTED_ID")),
                    SecurityPolicy.valueOf(identity.getOrDefault(ManifestColumn.MIN_POLICY, "INTEGRITY")));
        } finally {
            java.util.Arrays.fill(id, (byte) 0);
        }
    }

    private void requireProfile(Profile p) {
        if (profile != p) {
            throw new IllegalStateException("row " + id + " is a " + profile.id() + " row, not " + p.id());
        }
    }

    @Override
    public String toString() {
        return "ManifestEntry[id=" + id + ", profile=" + profile.id() + ", line=" + line + ", identity="
                + identity.entrySet().stream().map(e -> e.getKey().header() + "=" + e.getValue()).toList()
                + ", secrets=" + secrets.keySet().stream().map(ManifestColumn::header).toList() + " (redacted)]";
    }
}
