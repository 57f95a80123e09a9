package dev.ampbench.protocol.crypto;

import java.security.MessageDigest;

/** Comparisons of MICs and tags that do not leak where they differ. */
public final class ConstantTime {
    private ConstantTime() {
    }

    public static boolean equal(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
