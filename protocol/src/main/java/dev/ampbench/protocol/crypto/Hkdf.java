package dev.ampbench.protocol.crypto;

import javax.crypto.Mac;

/**
 * HKDF with SHA-256 (RFC 5869), on the JDK's HMAC-SHA-256 (the CPU's SHA instructions where it has them; it was
 * Bouncy Castle's HKDF, whose pure-Java SHA-256 was a quarter of an amp-prov fuzz case, docs/performance.md).
 */
public final class Hkdf {
    public static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** PRK = HKDF-Extract(salt, IKM). An empty salt means HashLen zero bytes, as RFC 5869 says. */
    public static KeyMaterial extract(byte[] salt, byte[] ikm) {
        Mac mac = Hmac.keyed("HmacSHA256", salt == null || salt.length == 0 ? new byte[HASH_LEN] : salt);
        return KeyMaterial.wrap(mac.doFinal(ikm));
    }

    /** OKM = HKDF-Expand(PRK, info, L): T(i) = HMAC(PRK, T(i-1) || info || i), concatenated and truncated. */
    public static KeyMaterial expand(KeyMaterial prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length " + length + " is outside 1.." + 255 * HASH_LEN);
        }
        Mac mac = Hmac.keyed("HmacSHA256", prk.raw());
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int produced = 0;
        for (int i = 1; produced < length; i++) {
            mac.update(t);
            mac.update(info);
            mac.update((byte) i);
            t = mac.doFinal();
            int n = Math.min(t.length, length - produced);
            System.arraycopy(t, 0, out, produced, n);
            produced += n;
        }
        return KeyMaterial.wrap(out);
    }
    /** Extract then expand. */
    public static KeyMaterial derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }
}
