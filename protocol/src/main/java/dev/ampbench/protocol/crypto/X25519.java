package dev.ampbench.protocol.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * X25519 (RFC 7748) through the JDK's XDH provider. Keys are the RFC's 32-byte strings: a private scalar (clamped
 * by the function itself, so any 32 bytes are a valid private key, which lets emulated tags derive key pairs from
 * seeded randomness) and a little-endian u-coordinate.
 */
public final class X25519 {
    /** Length of private keys, public keys and shared secrets. */
    public static final int KEY_LEN = 32;
    private static final byte[] BASE_POINT = basePoint();

    private X25519() {
    }

    private static byte[] basePoint() {
        byte[] u = new byte[KEY_LEN];
        u[0] = 9;
        return u;
    }

    /** The public key X25519(k, 9) of a 32-byte private key. */
    public static byte[] publicKey(KeyMaterial privateKey) {
        return agree(privateKey, BASE_POINT).orElseThrow(
                () -> new IllegalStateException("X25519 of the base point cannot be zero")).bytes();
    }

    /**
     * The shared secret X25519(k, u).
     *
     * @return empty when the result is all zero (the peer's key is of low order), which RFC 7748 section 6.1 says
     *         to check and refuse
     */
    public static Optional<KeyMaterial> agree(KeyMaterial privateKey, byte[] peerPublicKey) {
        if (privateKey.length() != KEY_LEN || peerPublicKey.length != KEY_LEN) {
            throw new IllegalArgumentException("X25519 keys are 32 bytes");
        }
        try {
            KeyFactory kf = KeyFactory.getInstance("XDH");
            PrivateKey priv = kf.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.raw()));
            PublicKey pub = kf.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, uCoordinate(peerPublicKey)));
            KeyAgreement ka = KeyAgreement.getInstance("XDH");
            ka.init(priv);
            ka.doPhase(pub, true);
            return Optional.of(KeyMaterial.wrap(ka.generateSecret()));
        } catch (java.security.InvalidKeyException e) {
            // The JDK refuses an all-zero result this way; other invalid keys cannot reach here (lengths checked).
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("XDH unavailable", e);
        }
    }

    /** RFC 7748 decodeUCoordinate: little-endian, top bit masked. */
    private static BigInteger uCoordinate(byte[] u) {
        byte[] be = new byte[KEY_LEN];
        for (int i = 0; i < KEY_LEN; i++) {
            be[KEY_LEN - 1 - i] = u[i];
        }
        be[0] &= 0x7f;
        BigInteger value = new BigInteger(1, be);
        Arrays.fill(be, (byte) 0);
        return value;
    }
}
