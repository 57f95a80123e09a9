package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The AES operations LoRaWAN is built from: single-block AES-128 (key derivation, the A-block keystream, the
 * JoinAccept's ECB encryption) and AES-CMAC (every MIC). Uses Bouncy Castle's lightweight engine directly: a join
 * needs a dozen of these, and a JCE {@code Cipher} lookup each time would dominate it.
 */
final class LoRaWanCrypto {
    static final int MIC_LENGTH = 4;

    private LoRaWanCrypto() {
    }

    /** A defensive copy of a MIC, refusing anything but 4 bytes. */
    static byte[] checkMic(byte[] mic) {
        if (mic.length != MIC_LENGTH) {
            throw new IllegalArgumentException("a LoRaWAN MIC is 4 bytes, not " + mic.length);
        }
        return mic.clone();
    }

    /** aes128_encrypt(key, block) of one 16-byte block. */
    static byte[] encryptBlock(KeyMaterial key, byte[] block) {
        return ecb(true, key, block);
    }

    /** An AES-128 engine keyed for encryption, for several blocks under one key (one key schedule). */
    static BlockCipher encryptor(KeyMaterial key) {
        BlockCipher aes = AESEngine.newInstance();
        aes.init(true, new KeyParameter(key.bytes()));
        return aes;
    }

    /** aes128_encrypt of one block with an engine from {@link #encryptor}. */
    static byte[] encryptBlock(BlockCipher aes, byte[] block) {
        byte[] out = new byte[16];
        aes.processBlock(block, 0, out, 0);
        return out;
    }

    /**
     * AES-ECB over whole blocks, either direction. The Join Server encrypts a JoinAccept with AES <em>decrypt</em>
     * so that the device needs only the encrypt direction (TS001-1.0.4 section 6.2.6).
     */
    static byte[] ecb(boolean encrypt, KeyMaterial key, byte[] blocks) {
        if (blocks.length % 16 != 0) {
            throw new IllegalArgumentException("AES-ECB needs whole 16-byte blocks, got " + blocks.length);
        }
        BlockCipher aes = AESEngine.newInstance();
        aes.init(encrypt, new KeyParameter(key.bytes()));
        byte[] out = new byte[blocks.length];
        for (int off = 0; off < blocks.length; off += 16) {
            aes.processBlock(blocks, off, out, off);
        }
        return out;
    }

    /** aes128_cmac(key, parts...) in full, 16 bytes. */
    static byte[] cmac(KeyMaterial key, byte[]... parts) {
        CMac mac = new CMac(AESEngine.newInstance());
        mac.init(new KeyParameter(key.bytes()));
        for (byte[] p : parts) {
            mac.update(p, 0, p.length);
        }
        byte[] out = new byte[16];
        mac.doFinal(out, 0);
        return out;
    }

    /** The first four bytes of aes128_cmac(key, parts...): the MIC of join frames and LoRaWAN 1.0 data frames. */
    static byte[] mic(KeyMaterial key, byte[]... parts) {
        byte[] full = cmac(key, parts);
        return new byte[] {full[0], full[1], full[2], full[3]};
    }

    /**
     * XORs {@code data} with the keystream S = aes128_encrypt(key, A_1) | aes128_encrypt(key, A_2) | ..., where
     * A_i = 0x01 | 0x00 x4 | Dir | DevAddr | FCnt | 0x00 | i (TS001-1.0.4 section 4.3.3). Encryption and
     * decryption are the same operation.
     */
    static byte[] frmPayloadCipher(KeyMaterial key, boolean uplink, int devAddr, long fCnt, byte[] data) {
        byte[] out = new byte[data.length];
        if (data.length == 0) {
            return out;
        }
        BlockCipher aes = encryptor(key);
        byte[] a = aBlock(uplink, devAddr, fCnt);
        byte[] s = new byte[16];
        for (int off = 0, i = 1; off < data.length; off += 16, i++) {
            a[15] = (byte) i;
            aes.processBlock(a, 0, s, 0);
            for (int j = 0; j < 16 && off + j < data.length; j++) {
                out[off + j] = (byte) (data[off + j] ^ s[j]);
            }
        }
        return out;
    }

    /**
     * LoRaWAN 1.1 FOpts encryption with NwkSEncKey (LoRaWAN 1.1 section 4.3.1.6 as corrected by the 1.1 errata):
     * one keystream block aes128_encrypt(NwkSEncKey, A) with A = 0x01 | 0x00 x3 | c | Dir | DevAddr | FCnt | 0x00 |
     * 0x01, where c is 0x02 for a downlink counted by AFCntDown (FPort &gt; 0) and 0x01 otherwise.
     */
    static byte[] fOptsCipher(KeyMaterial nwkSEncKey, boolean uplink, boolean aFCntDown, int devAddr, long fCnt,
                              byte[] data) {
        byte[] a = aBlock(uplink, devAddr, fCnt);
        a[4] = (byte) (aFCntDown ? 0x02 : 0x01);
        a[15] = 0x01;
        byte[] s = encryptBlock(nwkSEncKey, a);
        byte[] out = new byte[data.length];
        for (int j = 0; j < data.length; j++) {
            out[j] = (byte) (data[j] ^ s[j]);
        }
        return out;
    }

    private static byte[] aBlock(boolean uplink, int devAddr, long fCnt) {
        byte[] a = new byte[16];
        a[0] = 0x01;
        a[5] = (byte) (uplink ? 0 : 1);
        Ids.putLe(a, 6, 4, devAddr);
        Ids.putLe(a, 10, 4, fCnt);
        return a;
    }

    /**
     * The B0 / B1 block in front of a data frame's MIC input: 0x49 | x (4 bytes) | Dir | DevAddr | FCnt | 0x00 |
     * len(msg). {@code x} is zero for B0 in 1.0 and 1.1 uplinks; ConfFCnt | 0x0000 for a 1.1 downlink;
     * ConfFCnt | TxDr | TxCh for the 1.1 uplink's B1.
     */
    static byte[] bBlock(byte[] x, boolean uplink, int devAddr, long fCnt, int msgLength) {
        byte[] b = new byte[16];
        b[0] = 0x49;
        System.arraycopy(x, 0, b, 1, 4);
        b[5] = (byte) (uplink ? 0 : 1);
        Ids.putLe(b, 6, 4, devAddr);
        Ids.putLe(b, 10, 4, fCnt);
        b[15] = (byte) msgLength;
        return b;
    }
}
