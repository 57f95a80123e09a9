package dev.ampbench.bench.inventory;

import dev.ampbench.protocol.Profile;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The header vocabulary of a key manifest (docs/key-manifest.md, "Columns"): every column a device maker may ship,
 * the profile it belongs to, whether it is secret, and what a cell must look like. Secret cells become
 * {@code KeyMaterial} and are never echoed in an error.
 */
public enum ManifestColumn {
    ID("id", null, Type.NAME, false, true),
    PROFILE("profile", null, Type.PROFILE, false, true),

    // amp-prov (docs/protocols/amp-prov.md section 3): the tag's factory state and, for benches that play the AS,
    // the AS key pair.
    A_SN("a_sn", Profile.AMP_PROV, Type.hex(1, 64), true, true),
    A_PRIVK("a_privk", Profile.AMP_PROV, Type.hex(32, 32), true, false),
    A_PUBK("a_pubk", Profile.AMP_PROV, Type.hex(32, 32), false, false),
    AS_PRIVK("as_privk", Profile.AMP_PROV, Type.hex(32, 32), true, false),
    AS_PUBK("as_pubk", Profile.AMP_PROV, Type.hex(32, 32), false, false),
    GWID("gwid", Profile.AMP_PROV, Type.integer(0, 0xFFFF_FFFFL), false, false),
    KDF_MODE("kdf_mode", Profile.AMP_PROV, Type.oneOf("SLIDES", "STRONG"), false, true),

    // amp-sec (docs/protocols/amp-sec.md sections 2 and 5)
    SA("sa", Profile.AMP_SEC, Type.hex(2, 8), false, true),
    AA("aa", Profile.AMP_SEC, Type.hex(2, 8), false, false),
    PMK("pmk", Profile.AMP_SEC, Type.hex(32, 32), true, true),
    PMK_GENERATION("pmk_generation", Profile.AMP_SEC, Type.integer(0, 0xFFFF), false, false),
    AKM("akm", Profile.AMP_SEC, Type.oneOf("CMAC_KDF_SHA256", "HMAC_SHA1_PRF_SHA1"), false, false),
    // amp-sec deployment parameters (docs/protocols/amp-sec.md "Parameters"): the address length is that of sa
    NONCE_LENGTH("nonce_length", Profile.AMP_SEC, Type.oneOf("32", "16"), false, false),
    ANONCE_LIFETIME_MS("anonce_lifetime_ms", Profile.AMP_SEC, Type.integer(1, 3_600_000), false, false),

    // aiot-s9 (docs/protocols/aiot-s9.md sections 3 and 7.1): the device ID never travels in clear, so it is secret
    DEVICE_ID("device_id", Profile.AIOT_S9, Type.hex(8, 8), true, true),
    K_AUTH("k_auth", Profile.AIOT_S9, Type.hex(16, 16), true, true),
    ID_MODE("id_mode", Profile.AIOT_S9, Type.oneOf("ENCRYPTED_ID", "TEMPORARY_ID"), false, false),
    MIN_POLICY("min_policy", Profile.AIOT_S9, Type.oneOf("NONE", "INTEGRITY", "CONFIDENTIALITY_AND_INTEGRITY"),
            false, false),

    // lorawan (docs/protocols/lorawan.md sections 2 and 5)
    LORAWAN_VERSION("lorawan_version", Profile.LORAWAN, Type.oneOf("1.0.4", "1.1"), false, true),
    DEV_EUI("dev_eui", Profile.LORAWAN, Type.hex(8, 8), false, true),
    JOIN_EUI("join_eui", Profile.LORAWAN, Type.hex(8, 8), false, true),
    APP_KEY("app_key", Profile.LORAWAN, Type.hex(16, 16), true, true),
    NWK_KEY("nwk_key", Profile.LORAWAN, Type.hex(16, 16), true, false);

    private final String header;
    private final Profile profile;
    private final Type type;
    private final boolean secret;
    private final boolean required;

    ManifestColumn(String header, Profile profile, Type type, boolean secret, boolean required) {
        this.header = header;
        this.profile = profile;
        this.type = type;
        this.secret = secret;
        this.required = required;
    }

    /** The name in the CSV header. */
    public String header() {
        return header;
    }

    /** The profile the column belongs to; empty for {@code id} and {@code profile}, which every row has. */
    public Optional<Profile> profile() {
        return Optional.ofNullable(profile);
    }

    public boolean secret() {
        return secret;
    }

    /** Required in every row of its profile. */
    public boolean required() {
        return required;
    }

    Type type() {
        return type;
    }

    public static Optional<ManifestColumn> byHeader(String header) {
        return Arrays.stream(values()).filter(c -> c.header.equals(header)).findFirst();
    }

    public static List<ManifestColumn> of(Profile p) {
        return Arrays.stream(values()).filter(c -> c.profile == p).toList();
    }

    /** What a cell must look like. Descriptions never include the cell's value. */
    record Type(Kind kind, long min, long max, Set<String> values) {
        enum Kind { NAME, PROFILE, HEX, INTEGER, ONE_OF }

        static final Type NAME = new Type(Kind.NAME, 0, 0, Set.of());
        static final Type PROFILE = new Type(Kind.PROFILE, 0, 0, Set.of());

        static Type hex(int minBytes, int maxBytes) {
            return new Type(Kind.HEX, minBytes, maxBytes, Set.of());
        }

        static Type integer(long min, long max) {
            return new Type(Kind.INTEGER, min, max, Set.of());
        }

        static Type oneOf(String... values) {
            return new Type(Kind.ONE_OF, 0, 0, Set.of(values));
        }

        String describe() {
            return switch (kind) {
                case NAME -> "a name (letters, digits, '.', '_', '-'; at most 64 characters)";
                case PROFILE -> "a profile id";
                case HEX -> min == max ? min + " bytes as " + 2 * min + " hex digits"
                        : min + ".." + max + " bytes as hex digits";
                case INTEGER -> "a decimal integer " + min + ".." + max;
                case ONE_OF -> "one of " + String.join(", ", values.stream().sorted().toList());
            };
        }
    }
}
