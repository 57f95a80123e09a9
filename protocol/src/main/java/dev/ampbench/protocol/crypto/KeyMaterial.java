package dev.ampbench.protocol.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Secret bytes: a key, a PMK, a device secret. Never printed: {@link #toString()} says only the length.
 * Equality is constant-time. The bytes are copied in and out so no caller can change a key behind another's back.
 */
public final class KeyMaterial {
    private final byte[] bytes;

    private KeyMaterial(byte[] bytes) {
        this.bytes = bytes;
    }

    public static KeyMaterial of(byte[] bytes) {
        return new KeyMaterial(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** Takes ownership of {@code bytes} without copying; for derivations that just made them. */
    static KeyMaterial wrap(byte[] bytes) {
        return new KeyMaterial(bytes);
    }

    /** A copy of the secret bytes. Callers must not log them. */
    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    /** Bytes {@code [from, from+len)} as a new key, e.g. KCK and TK out of a PTK. */
    public KeyMaterial slice(int from, int len) {
        if (from < 0 || len < 0 || from + len > bytes.length) {
            throw new IllegalArgumentException("slice " + from + "+" + len + " of a " + bytes.length + "-byte key");
        }
        return new KeyMaterial(Arrays.copyOfRange(bytes, from, from + len));
    }

    /** Package-private view for primitives in this package; avoids a copy on hot paths. */
    byte[] raw() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyMaterial other && MessageDigest.isEqual(bytes, other.bytes);
    }

    @Override
    public int hashCode() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "KeyMaterial[" + bytes.length + " bytes, redacted]";
    }
}
