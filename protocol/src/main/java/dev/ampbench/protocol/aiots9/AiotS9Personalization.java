package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Arrays;
import java.util.Objects;

/**
 * What is pre-configured in a device at initialization (seed step 0) and held for it by the AIoTF: its 64-bit
 * device ID, its 128-bit authentication key, its ID protection mode and its minimum communication security policy.
 * {@link #toString()} prints neither the key nor the device ID: the ID is the identity this profile protects on the
 * air (AIOT-S9-R2), and serial identities never reach logs or reports.
 */
public record AiotS9Personalization(byte[] deviceId, KeyMaterial authKey, IdMode idMode,
                                    SecurityPolicy minimumPolicy) {

    public AiotS9Personalization {
        FrameFields.requireLength("deviceId", deviceId, AiotS9Codec.DEVICE_ID_LEN);
        Objects.requireNonNull(authKey, "authKey");
        if (authKey.length() != AiotS9Crypto.AUTH_KEY_LEN) {
            throw new IllegalArgumentException("the authentication key must be 128 bits, got " + authKey.length()
                    + " bytes");
        }
        Objects.requireNonNull(idMode, "idMode");
        Objects.requireNonNull(minimumPolicy, "minimumPolicy");
        deviceId = deviceId.clone();
    }

    /** The defaults of the spec: encrypted device ID, minimum policy INTEGRITY. */
    public static AiotS9Personalization of(byte[] deviceId, KeyMaterial authKey) {
        return new AiotS9Personalization(deviceId, authKey, IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
    }

    @Override
    public byte[] deviceId() {
        return deviceId.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AiotS9Personalization p && Arrays.equals(deviceId, p.deviceId)
                && authKey.equals(p.authKey) && idMode == p.idMode && minimumPolicy == p.minimumPolicy;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(deviceId), idMode, minimumPolicy);
    }

    @Override
    public String toString() {
        return "AiotS9Personalization[deviceId=redacted, authKey=redacted, idMode=" + idMode
                + ", minimumPolicy=" + minimumPolicy + "]";
    }
}
