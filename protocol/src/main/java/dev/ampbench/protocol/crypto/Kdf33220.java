package dev.ampbench.protocol.crypto;

import javax.crypto.Mac;

/**
 * The generic key derivation function of 3GPP TS 33.220 Annex B.2: {@code HMAC-SHA-256(Key, S)} with
 * {@code S = FC || P0 || L0 || P1 || L1 || ... || Pn || Ln}, where FC is one octet that tells derivations apart
 * and each Li is the length of Pi in octets as a two-octet big-endian integer. Output is always 256 bits; callers
 * that need fewer bits truncate as their specification says.
 *
 * <p>An instance is bound to one key and keeps that key's HMAC (one JDK provider look-up per key, not one per
 * derivation), as a constrained device keeps its keyed MAC: Ambient IoT paging runs one derivation per message on
 * every device of a paging area, so this matters. The JDK's HMAC-SHA-256 runs on the CPU's SHA instructions where it
 * has them (it was Bouncy Castle's pure-Java one, several times slower, docs/performance.md). Instances are not
 * thread-safe; use one per state machine.
 */
public final class Kdf33220 {
    /** The output length of the KDF in bytes. */
    public static final int OUTPUT_LEN = 32;

    private final Mac hmac;

    private Kdf33220(KeyMaterial key) {
        hmac = Hmac.keyed("HmacSHA256", key.raw());
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
            hmac.update(p);
            hmac.update((byte) (p.length >>> 8));
            hmac.update((byte) p.length);
        }
        return KeyMaterial.wrap(hmac.doFinal()); // also resets the MAC to its keyed state
    }

    @Override
    public String toString() {
        return "Kdf33220[key redacted]";
    }
}
