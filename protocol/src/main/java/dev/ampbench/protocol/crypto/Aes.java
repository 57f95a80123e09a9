package dev.ampbench.protocol.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Raw AES through the JDK: single-block ECB (as LoRaWAN uses it) and CTR. */
public final class Aes {
    private Aes() {
    }

    /** AES-ECB encryption of whole 16-byte blocks, no padding. */
    public static byte[] ecbEncrypt(KeyMaterial key, byte[] blocks) {
        return ecb(Cipher.ENCRYPT_MODE, key, blocks);
    }

    /** AES-ECB decryption of whole 16-byte blocks, no padding. */
    public static byte[] ecbDecrypt(KeyMaterial key, byte[] blocks) {
        return ecb(Cipher.DECRYPT_MODE, key, blocks);
    }

    private static byte[] ecb(int mode, KeyMaterial key, byte[] blocks) {
        if (blocks.length % 16 != 0) {
            throw new IllegalArgumentException("AES-ECB needs whole 16-byte blocks, got " + blocks.length + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
            c.init(mode, new SecretKeySpec(key.raw(), "AES"));
            return c.doFinal(blocks);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-ECB unavailable or key of " + key.length() + " bytes invalid", e);
        }
    }

    /** AES-CTR with a full 16-byte initial counter block; encryption and decryption are the same. */
    public static byte[] ctr(KeyMaterial key, byte[] initialCounterBlock, byte[] data) {
        try {
            Cipher c = Cipher.getInstance("AES/CTR/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.raw(), "AES"), new IvParameterSpec(initialCounterBlock));
            return c.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR unavailable or key of " + key.length() + " bytes invalid", e);
        }
    }
}
