package dev.ampbench.protocol.ampprov;

import java.util.Optional;

/**
 * How the temporal keys are derived, chosen per device and carried in PROV_REQUEST and PROV_RESPONSE so both sides
 * agree (spec section "Key hierarchy").
 */
public enum KdfMode {
    /**
     * The slides' derivation: PRK = HKDF-Extract(empty, A_SN || AS_pubk). Conformance default; its keys are only as
     * secret as the serial number.
     */
    SLIDES(0),
    /**
     * The stronger mode: the IKM also holds X25519(A_privk, AS_pubk) and the salt both sides' nonces, so the keys
     * need the tag's private key (or the AS's) and are fresh per provisioning.
     */
    STRONG(1);

    private final int code;

    KdfMode(int code) {
        this.code = code;
    }

    /** The KdfMode field's value on the air. */
    public int code() {
        return code;
    }

    /** This mode's bit in a Modes bit mask (PROV_BEACON, QR payload). */
    public int bit() {
        return 1 << code;
    }

    public static Optional<KdfMode> fromCode(int code) {
        for (KdfMode m : values()) {
            if (m.code == code) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Bit mask of every defined mode; other bits are reserved and must be zero. */
    public static int allBits() {
        int bits = 0;
        for (KdfMode m : values()) {
            bits |= m.bit();
        }
        return bits;
    }
}
