package dev.ampbench.protocol.crypto;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC through the JDK. */
public final class Hmac {
    private Hmac() {
    }

    public static byte[] sha256(KeyMaterial key, byte[]... parts) {
        return mac("HmacSHA256", key.raw(), parts);
    }

    public static byte[] sha1(KeyMaterial key, byte[]... parts) {
        return mac("HmacSHA1", key.raw(), parts);
    }

    static byte[] mac(String alg, byte[] key, byte[]... parts) {
        Mac m = keyed(alg, key);
        for (byte[] p : parts) {
            m.update(p);
        }
        return m.doFinal();
    }

    /**
     * A JDK {@link Mac} keyed with {@code key}, for the derivations of this package that run several HMACs under one
     * key (doFinal resets it to the keyed state). The JDK's SHA-1 and SHA-256 are compiled to the CPU's SHA
     * instructions where it has them, several times faster than a pure-Java digest (docs/performance.md, "Fuzzer").
     * Not thread-safe; the caller owns it for one derivation and drops it with the key.
     *
     * <p>It is a clone of a prototype keyed with a public all-zero key, then keyed again: the provider look-up of
     * {@code Mac.getInstance} and {@code init} cost more than the HMAC of a short message. The prototype is never
     * used itself (cloning only reads it), so it is safe to share between threads, and it holds no secret.
     */
    static Mac keyed(String alg, byte[] key) {
        try {
            Mac m = (Mac) prototype(alg).clone();
            // The JDK refuses an empty HMAC key; HMAC defines it as a zero block, which a 1-byte zero key equals.
            m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg));
            return m;
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }

    private static final Mac SHA256_PROTOTYPE = newPrototype("HmacSHA256");
    private static final Mac SHA1_PROTOTYPE = newPrototype("HmacSHA1");

    private static Mac prototype(String alg) throws GeneralSecurityException {
        return switch (alg) {
            case "HmacSHA256" -> SHA256_PROTOTYPE;
            case "HmacSHA1" -> SHA1_PROTOTYPE;
            default -> newPrototype(alg);
        };
    }

    private static Mac newPrototype(String alg) {
        try {
            Mac m = Mac.getInstance(alg);
            m.init(new SecretKeySpec(new byte[1], alg)); // chooses the provider; a public key, no secret
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }
}
