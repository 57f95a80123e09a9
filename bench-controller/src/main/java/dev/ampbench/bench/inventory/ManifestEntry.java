package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampsec.AmpSecAkm;
import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.AmpSecParameters;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.IdMode;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One device of a key manifest: its row id, profile, the line of its row in the CSV, its secrets as
 * {@link KeyMaterial} and its public identity values (hex in lower case, enumerations as written).
 * {@link #toString()} names the secret columns but never their values.
 */
public final class ManifestEntry {
    private final Path source;
    private final String id;
    private final Profile profile;
    private final int line;
    private final Map<ManifestColumn, KeyMaterial> secrets;
    private final Map<ManifestColumn, String> identity;

    ManifestEntry(Path source, String id, Profile profile, int line, Map<ManifestColumn, KeyMaterial> secrets,
                  Map<ManifestColumn, String> identity) {
        this.source = Objects.requireNonNull(source);
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

    /**
     * An {@code amp-sec} row as the protocol module's personalization, the deployment's parameters from the row:
     * address length = that of {@code sa}, {@code nonce_length} (default 32), {@code akm} (default
     * CMAC_KDF_SHA256), {@code anonce_lifetime_ms} (default 10000), {@code pmk_generation} (default 0).
     *
     * @throws ConfigError naming the manifest and the row's line when the row lacks {@code aa}, which the bench
     *                     needs whatever the DUT's role (it plays the AP of a tag, or checks a gateway's own AA)
     * @throws IllegalStateException if the row is not an amp-sec row
     */
    public AmpSecPersonalization ampSec() throws ConfigError {
        requireProfile(Profile.AMP_SEC);
        String aa = identity.get(ManifestColumn.AA);
        if (aa == null) {
            throw new ConfigError(source, line, "row " + id + " (amp-sec): aa is empty; the bench needs the AP's "
                    + "address to play the AP of a tag, or to know a gateway's");
        }
        byte[] sa = Hex.decode(identity.get(ManifestColumn.SA));
        AmpSecFormat format = new AmpSecFormat(sa.length,
                Integer.parseInt(identity.getOrDefault(ManifestColumn.NONCE_LENGTH, "32")),
                AmpSecAkm.valueOf(identity.getOrDefault(ManifestColumn.AKM, "CMAC_KDF_SHA256")));
        AmpSecParameters parameters = new AmpSecParameters(format, Long.parseLong(identity.getOrDefault(
                ManifestColumn.ANONCE_LIFETIME_MS, Long.toString(AmpSecParameters.DEFAULT_ANONCE_LIFETIME_MILLIS))));
        try {
            return new AmpSecPersonalization(Hex.decode(aa), sa, secrets.get(ManifestColumn.PMK),
                    Integer.parseInt(identity.getOrDefault(ManifestColumn.PMK_GENERATION, "0")), parameters);
        } catch (IllegalArgumentException e) {
            // the protocol's checks name fields (SA broadcast, lengths), never key values
            throw new ConfigError(source, line, "row " + id + " (amp-sec): " + e.getMessage());
        }
    }

    /**
     * An {@code amp-prov} row as the protocol module's personalization. The bench plays the tag's counterpart (its
     * gateway and AS) or, against a gateway, the tag; either way it needs {@code a_privk} (the conformance suites
     * derive A_pubk, the QR payload and, in STRONG mode, the X25519 shared secret from it) and {@code as_privk}
     * (the AS's key). A gateway DUT's {@code gwid} is checked in its beacons, so it is required then; a tag DUT
     * takes the bench's gateway's GWID from the row, default 0.
     *
     * @throws ConfigError naming the manifest and the row's line, and the missing column (never a value)
     * @throws IllegalStateException if the row is not an amp-prov row
     */
    public AmpProvPersonalization ampProv(Role role) throws ConfigError {
        requireProfile(Profile.AMP_PROV);
        List<String> missing = new java.util.ArrayList<>();
        if (!secrets.containsKey(ManifestColumn.A_PRIVK)) {
            missing.add("a_privk");
        }
        if (!secrets.containsKey(ManifestColumn.AS_PRIVK)) {
            missing.add("as_privk");
        }
        if (role == Role.INFRASTRUCTURE && !identity.containsKey(ManifestColumn.GWID)) {
            missing.add("gwid");
        }
        if (!missing.isEmpty()) {
            throw new ConfigError(source, line, "row " + id + " (amp-prov): " + String.join(", ", missing)
                    + (missing.size() == 1 ? " is" : " are") + " empty; a bench needs them to play the other side"
                    + " of " + (role == Role.INFRASTRUCTURE ? "a gateway" : "a tag") + " (docs/key-manifest.md)");
        }
        try {
            return new AmpProvPersonalization(secrets.get(ManifestColumn.A_SN), secrets.get(ManifestColumn.A_PRIVK),
                    secrets.get(ManifestColumn.AS_PRIVK),
                    Long.parseLong(identity.getOrDefault(ManifestColumn.GWID, "0")),
                    KdfMode.valueOf(identity.get(ManifestColumn.KDF_MODE)));
        } catch (IllegalArgumentException e) {
            throw new ConfigError(source, line, "row " + id + " (amp-prov): " + e.getMessage());
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
