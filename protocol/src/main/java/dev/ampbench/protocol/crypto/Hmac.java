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
        try {
            Mac m = Mac.getInstance(alg);
            // The JDK refuses an empty HMAC key; HMAC defines it as a zero block, which a 1-byte zero key equals.
            m.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, alg));
            for (byte[] p : parts) {
                m.update(p);
            }
            return m.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(alg + " unavailable", e);
        }
    }
}
