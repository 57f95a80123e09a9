package dev.ampbench.protocol.crypto;

import dev.ampbench.protocol.codec.Bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The derivations moved from Bouncy Castle's HMAC to the JDK's (for speed, docs/performance.md) give exactly what
 * Bouncy Castle's gave, for any key, label, context and length. The expected values come from Bouncy Castle's HMAC and
 * HKDF, an independent implementation, computed here from the standards' formulas; the known-answer tests pin the
 * published vectors.
 */
class JdkHmacDerivationsProperties {

    @Property(tries = 300)
    void kdfSha256EqualsTheFormulaOnBouncyCastle(@ForAll @Size(max = 80) byte[] key,
                                                 @ForAll @StringLength(max = 40) String labelChars,
                                                 @ForAll @Size(max = 120) byte[] context,
                                                 @ForAll @IntRange(min = 1, max = 128) int octets) {
        String label = ascii(labelChars);
        int bits = octets * 8;
        byte[] expected = counterMode(new SHA256Digest(), key, octets, 1, i -> Bytes.concat(
                new byte[] {(byte) i, (byte) (i >>> 8)}, label.getBytes(StandardCharsets.US_ASCII), context,
                new byte[] {(byte) bits, (byte) (bits >>> 8)}));
        assertArrayEquals(expected, Ieee80211Kdf.kdfSha256(KeyMaterial.of(key), label, context, bits));
    }

    @Property(tries = 300)
    void prfSha1EqualsTheFormulaOnBouncyCastle(@ForAll @Size(max = 80) byte[] key,
                                               @ForAll @StringLength(max = 40) String labelChars,
                                               @ForAll @Size(max = 120) byte[] data,
                                               @ForAll @IntRange(min = 1, max = 128) int octets) {
        String label = ascii(labelChars);
        byte[] expected = counterMode(new SHA1Digest(), key, octets, 0, i -> Bytes.concat(
                label.getBytes(StandardCharsets.US_ASCII), new byte[] {0}, data, new byte[] {(byte) i}));
        assertArrayEquals(expected, Ieee80211Kdf.prfSha1(KeyMaterial.of(key), label, data, octets * 8));
    }

    @Property(tries = 300)
    void hkdfEqualsBouncyCastlesHkdf(@ForAll @Size(max = 80) byte[] salt, @ForAll @Size(max = 80) byte[] ikm,
                                     @ForAll @Size(max = 60) byte[] info,
                                     @ForAll @IntRange(min = 1, max = 200) int length) {
        HKDFBytesGenerator g = new HKDFBytesGenerator(new SHA256Digest());
        g.init(new HKDFParameters(ikm, salt.length == 0 ? null : salt, info));
        byte[] expected = new byte[length];
        g.generateBytes(expected, 0, length);
        assertArrayEquals(expected, Hkdf.derive(salt, ikm, info, length).bytes());
    }

    @Property(tries = 300)
    void kdf33220EqualsTheFormulaOnBouncyCastle(@ForAll @Size(max = 80) byte[] key,
                                                @ForAll @IntRange(min = 0, max = 255) int fc,
                                                @ForAll @Size(max = 40) byte[] p0, @ForAll @Size(max = 40) byte[] p1) {
        byte[] s = Bytes.concat(new byte[] {(byte) fc}, p0, new byte[] {(byte) (p0.length >>> 8), (byte) p0.length},
                p1, new byte[] {(byte) (p1.length >>> 8), (byte) p1.length});
        byte[] expected = counterMode(new SHA256Digest(), key, 32, 0, i -> s);
        Kdf33220 kdf = Kdf33220.forKey(KeyMaterial.of(key));
        assertArrayEquals(expected, kdf.derive(fc, p0, p1).bytes());
        assertArrayEquals(expected, kdf.derive(fc, p0, p1).bytes(), "a second derivation under the same instance");
    }

    private interface Block {
        byte[] input(int i);
    }

    /** HMAC(key, input(i)) for i = first, first + 1, ... concatenated and truncated to {@code octets}. */
    private static byte[] counterMode(Digest digest, byte[] key, int octets, int first, Block block) {
        HMac mac = new HMac(digest);
        mac.init(new KeyParameter(key));
        byte[] out = new byte[octets];
        byte[] b = new byte[mac.getMacSize()];
        for (int i = first, done = 0; done < octets; i++) {
            byte[] in = block.input(i);
            mac.update(in, 0, in.length);
            mac.doFinal(b, 0);
            int n = Math.min(b.length, octets - done);
            System.arraycopy(b, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static String ascii(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append((char) (0x20 + (c % 0x5f)));
        }
        return b.toString();
    }
}
