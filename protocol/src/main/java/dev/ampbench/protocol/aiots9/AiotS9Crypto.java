package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.AesCtrLightweight;
import dev.ampbench.protocol.crypto.Kdf33220;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Arrays;

/**
 * The aiot-s9 key hierarchy and protections, all from the pre-configured authentication key K_auth with the TS
 * 33.220 Annex B.2 KDF. The spec's section "Keys and derivations" gives each formula and FC value.
 */
public final class AiotS9Crypto {
    /** FC of the network message keys K_enc_N || K_int_N = KDF(K_auth, 0xA0, NetworkNonce). */
    public static final int FC_NETWORK_KEYS = 0xA0;
    /** FC of the device message keys K_enc_D || K_int_D = KDF(K_auth, 0xA1, NetworkNonce, DeviceNonce). */
    public static final int FC_DEVICE_KEYS = 0xA1;
    /** FC of the downlink temporary ID: KDF(K_auth, 0xA2, DeviceId, NetworkNonce), 64 least significant bits. */
    public static final int FC_TEMP_ID_DOWNLINK = 0xA2;
    /** FC of the uplink temporary ID: KDF(K_auth, 0xA3, DeviceId, NetworkNonce, DeviceNonce), 64 LSBs. */
    public static final int FC_TEMP_ID_UPLINK = 0xA3;

    /** The BEARER value of the counter block when encrypting ProtectedDeviceId. */
    static final int BEARER_DEVICE_ID = 0;
    /** The BEARER value of the counter block when encrypting SecuredPayload. */
    static final int BEARER_PAYLOAD = 1;

    /** The authentication key length: 128 bits. */
    public static final int AUTH_KEY_LEN = 16;

    private AiotS9Crypto() {
    }

    /** Direction of a message: the DIRECTION bit of the counter block. */
    public enum Direction {
        DOWNLINK(0), UPLINK(1);

        private final int bit;

        Direction(int bit) {
            this.bit = bit;
        }
    }

    /**
     * The two keys protecting one message: confidentiality (128 most significant bits of the KDF output) and
     * integrity (128 least significant bits).
     */
    public record MessageKeys(KeyMaterial enc, KeyMaterial integrity, Direction direction) {
        private static MessageKeys split(KeyMaterial kdfOutput, Direction direction) {
            return new MessageKeys(kdfOutput.slice(0, 16), kdfOutput.slice(16, 16), direction);
        }

        /** Keys of the network's messages (paging, command), seed steps 2 and 5. */
        public static MessageKeys network(KeyMaterial authKey, byte[] networkNonce) {
            return network(Kdf33220.forKey(authKey), networkNonce);
        }

        /** As {@link #network(KeyMaterial, byte[])}, with a KDF already bound to K_auth. */
        public static MessageKeys network(Kdf33220 authKdf, byte[] networkNonce) {
            return split(authKdf.derive(FC_NETWORK_KEYS, networkNonce), Direction.DOWNLINK);
        }

        /** Keys of the device's messages (paging response, command response), seed steps 3 and 6. */
        public static MessageKeys device(KeyMaterial authKey, byte[] networkNonce, byte[] deviceNonce) {
            return device(Kdf33220.forKey(authKey), networkNonce, deviceNonce);
        }

        /** As {@link #device(KeyMaterial, byte[], byte[])}, with a KDF already bound to K_auth. */
        public static MessageKeys device(Kdf33220 authKdf, byte[] networkNonce, byte[] deviceNonce) {
            return split(authKdf.derive(FC_DEVICE_KEYS, networkNonce, deviceNonce), Direction.UPLINK);
        }

        /** AES-128-CTR (128-NEA2 style), counter block COUNT=0 || BEARER || DIRECTION || 0...; both ways. */
        byte[] cipher(int bearer, byte[] data) {
            byte[] block = new byte[16];
            block[4] = (byte) ((bearer << 3) | (direction.bit << 2));
            return AesCtrLightweight.apply(enc, block, data);
        }

        /** ProtectedDeviceId of IdMode ENCRYPTED_ID, and its inverse. */
        public byte[] cipherDeviceId(byte[] deviceIdOrCiphertext) {
            return cipher(BEARER_DEVICE_ID, deviceIdOrCiphertext);
        }

        /** SecuredPayload under CONFIDENTIALITY_AND_INTEGRITY, and its inverse. */
        public byte[] cipherPayload(byte[] payload) {
            return cipher(BEARER_PAYLOAD, payload);
        }

        /** Mac = the first 64 bits of AES-CMAC(K_int, macInput). */
        public byte[] mac(byte[] macInput) {
            return AesCmac.macTruncated(integrity, AiotS9Codec.MAC_LEN, macInput);
        }

        @Override
        public String toString() {
            return "MessageKeys[" + direction + ", redacted]";
        }
    }

    /** The temporary ID the network puts in a paging or command (IdMode TEMPORARY_ID). */
    public static byte[] temporaryIdDownlink(KeyMaterial authKey, byte[] deviceId, byte[] networkNonce) {
        return temporaryIdDownlink(Kdf33220.forKey(authKey), deviceId, networkNonce);
    }

    /** As {@link #temporaryIdDownlink(KeyMaterial, byte[], byte[])}, with a KDF already bound to K_auth. */
    public static byte[] temporaryIdDownlink(Kdf33220 authKdf, byte[] deviceId, byte[] networkNonce) {
        return leastSignificant64(authKdf.derive(FC_TEMP_ID_DOWNLINK, deviceId, networkNonce));
    }

    /** The temporary ID the device puts in its responses (IdMode TEMPORARY_ID). */
    public static byte[] temporaryIdUplink(KeyMaterial authKey, byte[] deviceId, byte[] networkNonce,
                                           byte[] deviceNonce) {
        return temporaryIdUplink(Kdf33220.forKey(authKey), deviceId, networkNonce, deviceNonce);
    }

    /** As {@link #temporaryIdUplink(KeyMaterial, byte[], byte[], byte[])}, with a KDF already bound to K_auth. */
    public static byte[] temporaryIdUplink(Kdf33220 authKdf, byte[] deviceId, byte[] networkNonce,
                                           byte[] deviceNonce) {
        return leastSignificant64(authKdf.derive(FC_TEMP_ID_UPLINK, deviceId, networkNonce, deviceNonce));
    }

    private static byte[] leastSignificant64(KeyMaterial kdfOutput) {
        byte[] all = kdfOutput.bytes();
        byte[] id = Arrays.copyOfRange(all, Kdf33220.OUTPUT_LEN - AiotS9Codec.DEVICE_ID_LEN, Kdf33220.OUTPUT_LEN);
        Arrays.fill(all, (byte) 0);
        return id;
    }
}
