package dev.ampbench.protocol.crypto;

import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.modes.CCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-CCM (RFC 3610, NIST SP 800-38C), through Bouncy Castle. The nonce length sets L = 15 - nonce length. */
public final class AesCcm {
    private AesCcm() {
    }

    /** Returns ciphertext || tag. */
    public static byte[] seal(KeyMaterial key, byte[] nonce, byte[] aad, byte[] plaintext, int tagLen) {
        CCMModeCipher c = CCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(true, new AEADParameters(new KeyParameter(key.raw()), tagLen * 8, nonce, aad));
        byte[] out = new byte[c.getOutputSize(plaintext.length)];
        try {
            int n = c.processBytes(plaintext, 0, plaintext.length, out, 0);
            c.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("CCM encryption cannot fail", e);
        }
        return out;
    }

    /**
     * Verifies and decrypts ciphertext || tag.
     *
     * @return the plaintext, or {@code null} when the tag does not verify (or the input is shorter than the tag)
     */
    public static byte[] open(KeyMaterial key, byte[] nonce, byte[] aad, byte[] sealed, int tagLen) {
        if (sealed.length < tagLen) {
            return null;
        }
        CCMModeCipher c = CCMBlockCipher.newInstance(AESEngine.newInstance());
        c.init(false, new AEADParameters(new KeyParameter(key.raw()), tagLen * 8, nonce, aad));
        byte[] out = new byte[c.getOutputSize(sealed.length)];
        try {
            int n = c.processBytes(sealed, 0, sealed.length, out, 0);
            n += c.doFinal(out, n);
            return n == out.length ? out : Arrays.copyOf(out, n);
        } catch (InvalidCipherTextException e) {
            return null;
        }
    }
}
