package dev.ampbench.protocol.crypto;

import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** AES-CMAC (RFC 4493, NIST SP 800-38B), through Bouncy Castle. */
public final class AesCmac {
    private AesCmac() {
    }

    /** The full 16-byte tag over the concatenation of {@code parts}. */
    public static byte[] mac(KeyMaterial key, byte[]... parts) {
        CMac cmac = new CMac(AESEngine.newInstance());
        cmac.init(new KeyParameter(key.raw()));
        for (byte[] p : parts) {
            cmac.update(p, 0, p.length);
        }
        byte[] out = new byte[16];
        cmac.doFinal(out, 0);
        return out;
    }

    /** The first {@code len} bytes of the tag. */
    public static byte[] macTruncated(KeyMaterial key, int len, byte[]... parts) {
        byte[] full = mac(key, parts);
        return java.util.Arrays.copyOf(full, len);
    }
}
