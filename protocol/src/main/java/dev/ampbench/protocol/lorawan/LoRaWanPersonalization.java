package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Objects;

/**
 * What the factory writes into a device and, under the same key holder, into the Join Server (seed 003, "3 steps
 * to device activation"): the version it speaks, its DevEUI, the JoinEUI of its Join Server and its root keys.
 * A 1.0.4 device has one root key, AppKey, which also plays the part of NwkKey (the 1.1 name of the join key).
 *
 * @param version the LoRaWAN version the device implements
 * @param devEui  the device's EUI-64
 * @param joinEui the Join Server's EUI-64 (AppEUI in 1.0)
 * @param appKey  1.1: derives AppSKey; 1.0.4: the only root key
 * @param nwkKey  1.1: signs and encrypts the join and derives the network session keys; 1.0.4: same as appKey
 */
public record LoRaWanPersonalization(LoRaWanVersion version, long devEui, long joinEui, KeyMaterial appKey,
                                     KeyMaterial nwkKey) {

    public LoRaWanPersonalization {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(appKey, "appKey");
        Objects.requireNonNull(nwkKey, "nwkKey");
        if (appKey.length() != 16 || nwkKey.length() != 16) {
            throw new IllegalArgumentException("LoRaWAN root keys are AES-128 keys (16 bytes)");
        }
        if (version == LoRaWanVersion.V1_0_4 && !appKey.equals(nwkKey)) {
            throw new IllegalArgumentException("a 1.0.4 device has one root key: AppKey");
        }
    }

    public static LoRaWanPersonalization v1_0_4(long devEui, long joinEui, KeyMaterial appKey) {
        return new LoRaWanPersonalization(LoRaWanVersion.V1_0_4, devEui, joinEui, appKey, appKey);
    }

    public static LoRaWanPersonalization v1_1(long devEui, long joinEui, KeyMaterial nwkKey, KeyMaterial appKey) {
        return new LoRaWanPersonalization(LoRaWanVersion.V1_1, devEui, joinEui, appKey, nwkKey);
    }

    @Override
    public String toString() {
        return "LoRaWanPersonalization[" + version.label() + ", DevEUI=" + Ids.eui(devEui) + ", JoinEUI="
                + Ids.eui(joinEui) + ", keys redacted]";
    }
}
