package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import java.util.Objects;

/**
 * The AS's record of one tag (slide 5, assumption 7): serial number, public key, and the KDF mode the tag must use.
 *
 * @param serialNumber A_SN (secret)
 * @param tagPublicKey A_pubk, 32 bytes
 * @param mode         the KDF mode required of this tag
 */
public record AmpProvDeviceRecord(KeyMaterial serialNumber, byte[] tagPublicKey, KdfMode mode) {
    public AmpProvDeviceRecord {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(mode, "mode");
        tagPublicKey = Decoding.copyOfLength(tagPublicKey, X25519.KEY_LEN, "A_pubk");
    }

    @Override
    public byte[] tagPublicKey() {
        return tagPublicKey.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AmpProvDeviceRecord r && r.serialNumber.equals(serialNumber)
                && java.util.Arrays.equals(r.tagPublicKey, tagPublicKey) && r.mode == mode;
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(tagPublicKey);
    }

    @Override
    public String toString() {
        return "AmpProvDeviceRecord[A_SN redacted, A_pubk=" + dev.ampbench.protocol.codec.Hex.encode(tagPublicKey)
                + ", mode=" + mode + "]";
    }
}
