package dev.ampbench.protocol.crypto;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.ShortBufferException;

/**
 * The key derivation functions of IEEE Std 802.11-2020 clause 12.7.1: PRF-n (HMAC-SHA-1, 12.7.1.2) and
 * KDF-Hash-Length with SHA-256 (12.7.1.6.2), and the PTK's "Pairwise key expansion" input (12.7.1.3).
 */
public final class Ieee80211Kdf {
    /** The label of the PTK derivation. */
    public static final String PAIRWISE_KEY_EXPANSION = "Pairwise key expansion";

    private Ieee80211Kdf() {
    }

    /**
     * PRF-bits(K, A, B): concatenation of HMAC-SHA1(K, A || 0x00 || B || i) for i = 0, 1, ..., truncated to
     * {@code bits} bits.
     */
    public static byte[] prfSha1(KeyMaterial key, String label, byte[] data, int bits) {
        checkBits(bits);
        byte[] a = label.getBytes(StandardCharsets.US_ASCII);
        Mac mac = Hmac.keyed("HmacSHA1", key.raw());
        int len = bits / 8;
        byte[] out = new byte[len];
        byte[] block = new byte[mac.getMacLength()];
        int produced = 0;
        for (int i = 0; produced < len; i++) {
            mac.update(a, 0, a.length);
            mac.update((byte) 0);
            mac.update(data, 0, data.length);
            mac.update((byte) i);
            doFinal(mac, block);
            int n = Math.min(block.length, len - produced);
            System.arraycopy(block, 0, out, produced, n);
            produced += n;
        }
        return out;
    }

    /**
     * KDF-SHA-256-Length(K, label, context): concatenation of HMAC-SHA256(K, i || label || context || Length)
     * for i = 1, 2, ..., with i and Length as 16-bit little-endian integers, truncated to {@code bits} bits.
     */
    public static byte[] kdfSha256(KeyMaterial key, String label, byte[] context, int bits) {
        checkBits(bits);
        byte[] l = label.getBytes(StandardCharsets.US_ASCII);
        Mac mac = Hmac.keyed("HmacSHA256", key.raw());
        int len = bits / 8;
        byte[] out = new byte[len];
        byte[] block = new byte[mac.getMacLength()];
        int produced = 0;
        for (int i = 1; produced < len; i++) {
            mac.update((byte) i);
            mac.update((byte) (i >>> 8));
            mac.update(l, 0, l.length);
            mac.update(context, 0, context.length);
            mac.update((byte) bits);
            mac.update((byte) (bits >>> 8));
            doFinal(mac, block);
            int n = Math.min(block.length, len - produced);
            System.arraycopy(block, 0, out, produced, n);
            produced += n;
        }
        return out;
    }

    /**
     * The JDK's HMAC: one instance per derivation (one provider look-up, not one per block), reset to the keyed state
     * by doFinal. It replaced Bouncy Castle's HMAC, whose pure-Java SHA-256 was most of an amp-sec handshake's time; the
     * JDK's runs on the CPU's SHA instructions (about 5 times faster here).
     */
    private static void doFinal(Mac mac, byte[] block) {
        try {
            mac.doFinal(block, 0);
        } catch (ShortBufferException e) {
            throw new IllegalStateException("HMAC block buffer too short", e);
        }
    }

    private static void checkBits(int bits) {
        if (bits <= 0 || bits % 8 != 0 || bits > 65535) {
            throw new IllegalArgumentException("output length must be a positive multiple of 8 bits, got " + bits);
        }
    }

    /**
     * Min(AA, SPA) || Max(AA, SPA) || Min(ANonce, SNonce) || Max(ANonce, SNonce), with Min and Max comparing
     * the byte strings as unsigned big-endian numbers.
     */
    public static byte[] pairwiseExpansionData(byte[] aa, byte[] spa, byte[] anonce, byte[] snonce) {
        byte[][] addr = ordered(aa, spa);
        byte[][] nonces = ordered(anonce, snonce);
        byte[] out = new byte[aa.length + spa.length + anonce.length + snonce.length];
        int p = 0;
        for (byte[] b : new byte[][] {addr[0], addr[1], nonces[0], nonces[1]}) {
            System.arraycopy(b, 0, out, p, b.length);
            p += b.length;
        }
        return out;
    }

    private static byte[][] ordered(byte[] x, byte[] y) {
        return Arrays.compareUnsigned(x, y) <= 0 ? new byte[][] {x, y} : new byte[][] {y, x};
    }

    /** A PTK of {@code bits} bits with PRF-SHA1, as in WPA2 (12.7.1.3). */
    public static KeyMaterial ptkPrfSha1(KeyMaterial pmk, byte[] aa, byte[] spa, byte[] anonce, byte[] snonce,
                                         int bits) {
        return KeyMaterial.wrap(prfSha1(pmk, PAIRWISE_KEY_EXPANSION, pairwiseExpansionData(aa, spa, anonce, snonce),
                bits));
    }

    /** A PTK of {@code bits} bits with KDF-SHA-256 (AKMs with SHA-256, 12.7.1.3). */
    public static KeyMaterial ptkKdfSha256(KeyMaterial pmk, byte[] aa, byte[] spa, byte[] anonce, byte[] snonce,
                                           int bits) {
        return KeyMaterial.wrap(kdfSha256(pmk, PAIRWISE_KEY_EXPANSION,
                pairwiseExpansionData(aa, spa, anonce, snonce), bits));
    }
}
