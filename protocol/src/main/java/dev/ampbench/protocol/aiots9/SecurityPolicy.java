package dev.ampbench.protocol.aiots9;

import java.util.Optional;

/**
 * How a command and its response are protected (Solution #9, seed clause 6.9.2, steps 5 and 6). Ordered from
 * weakest to strongest, so a device can refuse anything below its pre-configured minimum.
 */
public enum SecurityPolicy {
    /** No Mac, payload in clear. Only the device ID is still protected. */
    NONE(0),
    /** Payload in clear, whole frame protected by the Mac. */
    INTEGRITY(1),
    /** Payload encrypted with AES-128-CTR, then the whole frame protected by the Mac. */
    CONFIDENTIALITY_AND_INTEGRITY(2);

    private final int code;

    SecurityPolicy(int code) {
        this.code = code;
    }

    /** The value of the Policy byte. */
    public int code() {
        return code;
    }

    public boolean hasMac() {
        return this != NONE;
    }

    public boolean encrypts() {
        return this == CONFIDENTIALITY_AND_INTEGRITY;
    }

    /** True when this policy protects at least as much as {@code minimum}. */
    public boolean atLeast(SecurityPolicy minimum) {
        return compareTo(minimum) >= 0;
    }

    public static Optional<SecurityPolicy> ofCode(int code) {
        for (SecurityPolicy p : values()) {
            if (p.code == code) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
