package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.RandomSource;
import java.util.Objects;

/**
 * Everything both sides of one tag need, as a manufacturing line would write it: the tag's A_SN and A_privk, the
 * AS's private key, the gateway's GWID and the tag's KDF mode. {@link #deviceIdentity()} is what goes into the
 * tag; {@link #asPrivateKey()} and {@link #deviceRecord()} are what goes into the AS.
 */
public record AmpProvPersonalization(KeyMaterial serialNumber, KeyMaterial tagPrivateKey, KeyMaterial asPrivateKey,
                                     long gatewayId, KdfMode mode) {
    /** Length of serial numbers made by {@link #generate}. */
    public static final int GENERATED_SERIAL_LEN = 16;

    public AmpProvPersonalization {
        Objects.requireNonNull(serialNumber, "serialNumber");
        Objects.requireNonNull(tagPrivateKey, "tagPrivateKey");
        Objects.requireNonNull(asPrivateKey, "asPrivateKey");
        Objects.requireNonNull(mode, "mode");
        Decoding.require(gatewayId >= 0 && gatewayId <= AmpProvParams.MAX_COUNTER, "GWID must fit 4 bytes");
        Decoding.require(asPrivateKey.length() == X25519.KEY_LEN, "AS private key must be 32 bytes");
    }

    /** A reproducible personalization from a random source (emulated tags). */
    public static AmpProvPersonalization generate(RandomSource random, long gatewayId, KdfMode mode) {
        return new AmpProvPersonalization(KeyMaterial.of(random.bytes(GENERATED_SERIAL_LEN)),
                KeyMaterial.of(random.bytes(X25519.KEY_LEN)), KeyMaterial.of(random.bytes(X25519.KEY_LEN)),
                gatewayId, mode);
    }

    public AmpProvDeviceIdentity deviceIdentity() {
        return new AmpProvDeviceIdentity(serialNumber, tagPrivateKey, X25519.publicKey(tagPrivateKey),
                X25519.publicKey(asPrivateKey), mode);
    }

    public AmpProvDeviceRecord deviceRecord() {
        return new AmpProvDeviceRecord(serialNumber, X25519.publicKey(tagPrivateKey), mode);
    }

    @Override
    public String toString() {
        return String.format("AmpProvPersonalization[secrets redacted, GWID=%08x, mode=%s]", gatewayId, mode);
    }
}
