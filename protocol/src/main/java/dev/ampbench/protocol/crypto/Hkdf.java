package dev.ampbench.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/** HKDF with SHA-256 (RFC 5869), through Bouncy Castle. */
public final class Hkdf {
    public static final int HASH_LEN = 32;

    private Hkdf() {
    }

    /** PRK = HKDF-Extract(salt, IKM). An empty salt means HashLen zero bytes, as RFC 5869 says. */
    public static KeyMaterial extract(byte[] salt, byte[] ikm) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        return KeyMaterial.wrap(g.extractPRK(salt == null || salt.length == 0 ? null : salt, ikm));
    }

    /** OKM = HKDF-Expand(PRK, info, L). */
    public static KeyMaterial expand(KeyMaterial prk, byte[] info, int length) {
        if (length < 1 || length > 255 * HASH_LEN) {
            throw new IllegalArgumentException("HKDF output length " + length + " is outside 1.." + 255 * HASH_LEN);
        }
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(HKDFParameters.skipExtractParameters(prk.raw(), info));
        byte[] out = new byte[length];
        g.generateBytes(out, 0, length);
        return KeyMaterial.wrap(out);
    }

    /** Extract then expand. */
    public static KeyMaterial derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        return expand(extract(salt, ikm), info, length);
    }
}
