package dev.ampbench.protocol.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CTRModeCipher;
import org.bouncycastle.crypto.modes.SICBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * AES-CTR through Bouncy Castle's lightweight engine: the full 16-byte initial counter block is incremented as one
 * 128-bit big-endian integer per block, exactly as the JDK's {@code AES/CTR/NoPadding} and as 128-NEA2 (3GPP TS
 * 33.401 Annex B.1.3) do. {@link Aes#ctr} gives the same output; this class exists for per-message keys on hot
 * paths, where the JDK's provider lookup per call dominates the cost of a few blocks.
 */
public final class AesCtrLightweight {
    private AesCtrLightweight() {
    }

    /** Encrypts or decrypts (the same operation) {@code data} with the given initial counter block. */
    public static byte[] apply(KeyMaterial key, byte[] initialCounterBlock, byte[] data) {
        if (initialCounterBlock.length != 16) {
            throw new IllegalArgumentException("AES-CTR needs a 16-byte counter block, got "
                    + initialCounterBlock.length);
        }
        CTRModeCipher ctr = SICBlockCipher.newInstance(AESEngine.newInstance());
        ctr.init(true, new ParametersWithIV(new KeyParameter(key.raw()), initialCounterBlock));
        byte[] out = new byte[data.length];
        ctr.processBytes(data, 0, data.length, out, 0);
        return out;
    }
}
