package dev.ampbench.protocol.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.ampbench.protocol.codec.Hex;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class CryptoPropertiesTest {

    @Property(tries = 200)
    void ccmOpensWhatItSeals(@ForAll @Size(16) byte[] key, @ForAll @Size(13) byte[] nonce,
                             @ForAll @Size(max = 40) byte[] aad, @ForAll @Size(max = 100) byte[] plaintext) {
        KeyMaterial k = KeyMaterial.of(key);
        byte[] sealed = AesCcm.seal(k, nonce, aad, plaintext, 8);
        byte[] opened = AesCcm.open(k, nonce, aad, sealed, 8);
        assertNotNull(opened);
        assertArrayEquals(plaintext, opened);
    }

    @Property(tries = 200)
    void ccmRejectsAnySingleBitFlip(@ForAll @Size(16) byte[] key, @ForAll @Size(13) byte[] nonce,
                                    @ForAll @Size(max = 40) byte[] plaintext, @ForAll @IntRange(min = 0) int which) {
        KeyMaterial k = KeyMaterial.of(key);
        byte[] sealed = AesCcm.seal(k, nonce, new byte[0], plaintext, 8);
        int bit = which % (sealed.length * 8);
        sealed[bit / 8] ^= (byte) (1 << (bit % 8));
        assertNull(AesCcm.open(k, nonce, new byte[0], sealed, 8));
    }

    @Property(tries = 100)
    void keyMaterialNeverPrintsItsBytes(@ForAll @Size(min = 4, max = 64) byte[] key) {
        KeyMaterial k = KeyMaterial.of(key);
        String s = k.toString() + String.valueOf(k.hashCode());
        assertFalse(s.contains(Hex.encode(key)), s);
        assertFalse(s.contains(Hex.encode(java.util.Arrays.copyOf(key, 4))), s);
    }

    @Property(tries = 100)
    void keyMaterialIsACopy(@ForAll @Size(min = 1, max = 32) byte[] key) {
        byte[] original = key.clone();
        KeyMaterial k = KeyMaterial.of(key);
        key[0] ^= 1;
        assertArrayEquals(original, k.bytes());
        k.bytes()[0] ^= 1;
        assertArrayEquals(original, k.bytes());
    }
}
