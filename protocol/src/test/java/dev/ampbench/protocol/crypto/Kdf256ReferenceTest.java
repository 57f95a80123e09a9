package dev.ampbench.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ampbench.protocol.codec.Hex;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * known-answers.json has no KDF-SHA-256 vector, so these expected values come from an independent
 * implementation of IEEE 802.11-2020 12.7.1.6.2 (Python's hmac and hashlib, written from the standard's text:
 * HMAC-SHA256(K, LE16(i) || label || context || LE16(bits)) for i = 1, 2, ...), not from this code.
 */
class Kdf256ReferenceTest {

    @Test
    void kdfSha256OfSimpleInputs() {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) 0x0b);
        byte[] out = Ieee80211Kdf.kdfSha256(KeyMaterial.of(key), "label",
                "context".getBytes(StandardCharsets.US_ASCII), 256);
        assertArrayEquals(Hex.decode("7a244220f7e9e1f6a07cf072036814b6717a1c5e4b035ffdba98864bb9e3e7ab"), out);
    }

    @Test
    void ptkWithKdfSha256OnThePrfSha1VectorInputs() {
        KeyMaterial ptk = Ieee80211Kdf.ptkKdfSha256(
                KeyMaterial.of(Hex.decode("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af")),
                Hex.decode("a0a1a1a3a4a5"), Hex.decode("b0b1b2b3b4b5"),
                Hex.decode("e0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405"),
                Hex.decode("c0c1c2c3c4c5c6c7c8c9d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5"), 384);
        assertArrayEquals(Hex.decode("ef4540918946a492df873642a391980e9d2175fc13f083e38d96b3d450b1d698"
                + "c1d8551e9b4a744376a33e8ebf50290c"), ptk.bytes());
    }
}
