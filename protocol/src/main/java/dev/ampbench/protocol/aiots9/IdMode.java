package dev.ampbench.protocol.aiots9;

import java.util.Optional;

/**
 * How a frame protects the device ID: the two options of Solution #9 (seed clause 6.9.2, steps 2 and 3).
 * Pre-configured per device; every frame says which one it uses in its {@code IdMode} byte.
 */
public enum IdMode {
    /** ProtectedDeviceId = AES-128-CTR encryption of the device ID, integrity from the frame's Mac. */
    ENCRYPTED_ID(0),
    /** ProtectedDeviceId = 64-bit HMAC-SHA-256 temporary ID computed from the device ID and the nonces. */
    TEMPORARY_ID(1);

    private final int code;

    IdMode(int code) {
        this.code = code;
    }

    /** The value of the IdMode byte. */
    public int code() {
        return code;
    }

    public static Optional<IdMode> ofCode(int code) {
        for (IdMode m : values()) {
            if (m.code == code) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
