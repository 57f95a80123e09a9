package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import java.util.Objects;

/**
 * A tag's factory state (slide 6): A_SN, A_privk, A_pubk and AS_pubk, plus the KDF mode the tag was personalized
 * for. A_SN is a secret here: in the slides' derivation it is the tag's secret identity.
 *
 * @param serialNumber  A_SN, 1 to 64 bytes
 * @param tagPrivateKey A_privk, an X25519 private key (32 bytes)
 * @param tagPublicKey  A_pubk = X25519(A_privk, 9), as the factory wrote it (not recomputed at boot)
 * @param asPublicKey   AS_pubk, the AS's X25519 public key (32 bytes)
 * @param mode          the KDF mode the tag uses
 */
public record AmpProvDeviceIdentity(KeyMaterial serialNumber, KeyMaterial tagPrivateKey, byte[] tagPublicKey,
                                    byte[] asPublicKey,
                                    KdfMode mode) {
    public AmpProvDeviceIdentity {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(tagPrivateKey, "tagPrivateKey");
        Objects.requireNonNull(mode, "mode");
        Decoding.require(serialNumber.length() >= 1 && serialNumber.length() <= 64, "A_SN must be 1..64 bytes");
        Decoding.require(tagPrivateKey.length() == X25519.KEY_LEN, "A_privk must be 32 bytes");
        tagPublicKey = Decoding.copyOfLength(tagPublicKey, X25519.KEY_LEN, "A_pubk");
        asPublicKey = Decoding.copyOfLength(asPublicKey, X25519.KEY_LEN, "AS_pubk");
    }

    @Override
    public byte[] tagPublicKey() {
        return tagPublicKey.clone();
    }

    @Override
    public byte[] asPublicKey() {
        return asPublicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmpProvDeviceIdentity d && d.serialNumber.equals(serialNumber)
                && d.tagPrivateKey.equals(tagPrivateKey)
                && java.util.Arrays.equals(d.tagPublicKey, tagPublicKey) && java.util.Arrays.equals(d.asPublicKey, asPublicKey)
                && d.mode == mode;
    }

    @Override
    public int hashCode() {
        return mode.hashCode();
    }

    @Override
    public String toString() {
        return "AmpProvDeviceIdentity[A_SN and A_privk redacted, mode=" + mode + "]";
    }
}
