package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.Hkdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Every derivation and MIC of the profile, as formulas in the spec's "Key hierarchy" and "MIC and encryption"
 * sections. Used identically by the tag and the AS/gateway, so the two can only disagree on inputs.
 */
public final class AmpProvKdf {
    private static final byte[] LABEL_TK1 = "TK1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL_TK2 = "TK2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LABEL_KCK = "KCK".getBytes(StandardCharsets.US_ASCII);

    private AmpProvKdf() {
    }

    /** SHA-256(A_pubk): what the QR code carries. */
    public static byte[] pubKeyHash(byte[] tagPublicKey) {
        return Sha256.hash(tagPublicKey);
    }

    /** IdHash: the first 8 bytes of SHA-256(A_pubk). */
    public static byte[] idHash(byte[] pubKeyHash) {
        return Arrays.copyOf(pubKeyHash, AmpProvParams.ID_HASH_LEN);
    }

    /**
     * PRK for the given mode.
     * <ul>
     * <li>SLIDES: PRK = HKDF-Extract(empty salt, A_SN || AS_pubk)</li>
     * <li>STRONG: PRK = HKDF-Extract(TagNonce || TkNonce, S || A_SN || AS_pubk), S = X25519(A_privk, AS_pubk)</li>
     * </ul>
     *
     * @param shared S; required in STRONG mode, ignored in SLIDES mode
     */
    public static KeyMaterial prk(KdfMode mode, KeyMaterial serialNumber, byte[] asPublicKey, KeyMaterial shared,
                                  byte[] tagNonce, byte[] tkNonce) {
        byte[] serial = serialNumber.bytes();
        try {
            if (mode == KdfMode.SLIDES) {
                return Hkdf.extract(new byte[0], Bytes.concat(serial, asPublicKey));
            }
            if (shared == null) {
                throw new IllegalArgumentException("STRONG mode needs the X25519 shared secret");
            }
            byte[] s = shared.bytes();
            byte[] ikm = Bytes.concat(s, serial, asPublicKey);
            Arrays.fill(s, (byte) 0);
            KeyMaterial prk = Hkdf.extract(Bytes.concat(tagNonce, tkNonce), ikm);
            Arrays.fill(ikm, (byte) 0);
            return prk;
        } finally {
            Arrays.fill(serial, (byte) 0);
        }
    }

    /** GWID || TkNonce || LocalAddr, the common prefix of the temporal keys' info strings (slide 8). */
    public static byte[] context(long gatewayId, byte[] tkNonce, int localAddr) {
        byte[] out = new byte[AmpProvParams.GWID_LEN + AmpProvParams.NONCE_LEN + AmpProvParams.LOCAL_ADDR_LEN];
        putBe(out, 0, AmpProvParams.GWID_LEN, gatewayId);
        System.arraycopy(tkNonce, 0, out, AmpProvParams.GWID_LEN, AmpProvParams.NONCE_LEN);
        putBe(out, AmpProvParams.GWID_LEN + AmpProvParams.NONCE_LEN, AmpProvParams.LOCAL_ADDR_LEN, localAddr);
        return out;
    }

    /** TKx = HKDF-Expand(PRK, GWID || TkNonce || LocalAddr || "TKx", 16); KCK likewise with "KCK". */
    public static TemporalKeys temporalKeys(KeyMaterial prk, long gatewayId, byte[] tkNonce, int localAddr) {
        byte[] ctx = context(gatewayId, tkNonce, localAddr);
        return new TemporalKeys(
                Hkdf.expand(prk, Bytes.concat(ctx, LABEL_TK1), AmpProvParams.KEY_LEN),
                Hkdf.expand(prk, Bytes.concat(ctx, LABEL_TK2), AmpProvParams.KEY_LEN),
                Hkdf.expand(prk, Bytes.concat(ctx, LABEL_KCK), AmpProvParams.KEY_LEN));
    }

    /** Ek_x_i = HKDF-Expand(TKx, CNTR, 16), CNTR as 4 bytes big-endian (slide 9). */
    public static KeyMaterial sessionKey(TemporalKeys keys, int keySel, long cntr) {
        byte[] c = new byte[AmpProvParams.CNTR_LEN];
        putBe(c, 0, AmpProvParams.CNTR_LEN, cntr);
        return Hkdf.expand(keys.select(keySel), c, AmpProvParams.KEY_LEN);
    }

    /** PROV_RESPONSE Mic = AES-CMAC(KCK, response fields before Mic || TagNonce || SHA-256(A_pubk))[0..8). */
    public static byte[] responseMic(KeyMaterial kck, byte[] responseHeader, byte[] tagNonce, byte[] pubKeyHash) {
        return AesCmac.macTruncated(kck, AmpProvParams.MIC_LEN, responseHeader, tagNonce, pubKeyHash);
    }

    /** PROV_CONFIRM Mic = AES-CMAC(KCK, confirm fields before Mic || TagNonce || TkNonce || SHA-256(A_pubk))[0..8). */
    public static byte[] confirmMic(KeyMaterial kck, byte[] confirmHeader, byte[] tagNonce, byte[] tkNonce,
                                    byte[] pubKeyHash) {
        return AesCmac.macTruncated(kck, AmpProvParams.MIC_LEN, confirmHeader, tagNonce, tkNonce, pubKeyHash);
    }

    static void putBe(byte[] out, int offset, int len, long value) {
        for (int i = 0; i < len; i++) {
            out[offset + len - 1 - i] = (byte) (value >>> (8 * i));
        }
    }

    static long getBe(byte[] in, int offset, int len) {
        long v = 0;
        for (int i = 0; i < len; i++) {
            v = (v << 8) | (in[offset + i] & 0xff);
        }
        return v;
    }
}
