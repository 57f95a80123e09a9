package dev.ampbench.protocol.crypto;

import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The generic key derivation function of 3GPP TS 33.220 Annex B.2: {@code HMAC-SHA-256(Key, S)} with
 * {@code S = FC || P0 || L0 || P1 || L1 || ... || Pn || Ln}, where FC is one octet that tells derivations apart
 * and each Li is the length of Pi in octets as a two-octet big-endian integer. Output is always 256 bits; callers
 * that need fewer bits truncate as their specification says.
 *
 * <p>Uses Bouncy Castle's lightweight HMAC, not the JDK provider lookup, because ambient IoT paging runs it once
 * per message on every device of a paging area.
 */
public final class Kdf33220 {
    /** The output length of the KDF in bytes. */
    public static final int OUTPUT_LEN = 32;

    private Kdf33220() {
    }

    /**
     * Derives 256 bits.
     *
     * @param key    the input key (e.g. an authentication key)
     * @param fc     the function code, 0..255
     * @param params P0..Pn, each at most 65535 bytes
     */
    public static KeyMaterial derive(KeyMaterial key, int fc, byte[]... params) {
        if ((fc & ~0xff) != 0) {
            throw new IllegalArgumentException("FC must be one octet, got " + fc);
        }
        HMac hmac = new HMac(new SHA256Digest());
        hmac.init(new KeyParameter(key.raw()));
        hmac.update((byte) fc);
        for (byte[] p : params) {
            if (p.length > 0xffff) {
                throw new IllegalArgumentException("KDF parameter of " + p.length + " bytes does not fit L = 2 octets");
            }
            hmac.update(p, 0, p.length);
            hmac.update((byte) (p.length >>> 8));
            hmac.update((byte) p.length);
        }
        byte[] out = new byte[OUTPUT_LEN];
        hmac.doFinal(out, 0);
        return KeyMaterial.wrap(out);
    }
}
