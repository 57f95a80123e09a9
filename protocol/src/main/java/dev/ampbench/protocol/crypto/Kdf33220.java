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
 * <p>An instance is bound to one key and keeps the HMAC inner and outer hash states of that key, as a constrained
 * device would: each derivation then costs two SHA-256 compressions instead of four for short inputs. Ambient IoT
 * paging runs one derivation per message on every device of a paging area, so this matters. Instances are not
 * thread-safe; use one per state machine. Uses Bouncy Castle's lightweight HMAC, not the JDK provider lookup.
 */
public final class Kdf33220 {
    /** The output length of the KDF in bytes. */
    public static final int OUTPUT_LEN = 32;

    private final HMac hmac = new HMac(new SHA256Digest());

    private Kdf33220(KeyMaterial key) {
        hmac.init(new KeyParameter(key.raw()));
    }

    /** A KDF bound to {@code key}, with the key's HMAC states precomputed. */
    public static Kdf33220 forKey(KeyMaterial key) {
        return new Kdf33220(key);
    }

    /** One-shot derivation of 256 bits; see {@link #derive(int, byte[]...)}. */
    public static KeyMaterial derive(KeyMaterial key, int fc, byte[]... params) {
        return forKey(key).derive(fc, params);
    }

    /**
     * Derives 256 bits under this instance's key.
     *
     * @param fc     the function code, 0..255
     * @param params P0..Pn, each at most 65535 bytes
     */
    public KeyMaterial derive(int fc, byte[]... params) {
        if ((fc & ~0xff) != 0) {
            throw new IllegalArgumentException("FC must be one octet, got " + fc);
        }
        for (byte[] p : params) {
            if (p.length > 0xffff) {
                throw new IllegalArgumentException("KDF parameter of " + p.length + " bytes does not fit L = 2 octets");
            }
        }
        hmac.update((byte) fc);
        for (byte[] p : params) {
            hmac.update(p, 0, p.length);
            hmac.update((byte) (p.length >>> 8));
            hmac.update((byte) p.length);
        }
        byte[] out = new byte[OUTPUT_LEN];
        hmac.doFinal(out, 0); // also resets to the precomputed inner state
        return KeyMaterial.wrap(out);
    }

    @Override
    public String toString() {
        return "Kdf33220[key redacted]";
    }
}
