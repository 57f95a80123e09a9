package dev.ampbench.protocol.lorawan;

/**
 * The LoRaWAN L2 version a device implements, chosen per device at personalization. It decides which root keys
 * exist (AppKey only, or NwkKey and AppKey), how the join MICs and session keys are computed, and whether the
 * device checks JoinNonce.
 */
public enum LoRaWanVersion {
    /** TS001-1.0.4: one root key (AppKey), two session keys (NwkSKey, AppSKey). */
    V1_0_4("1.0.4"),
    /** LoRaWAN 1.1: NwkKey and AppKey, four session keys, OptNeg, JSIntKey-signed JoinAccept. */
    V1_1("1.1");

    private final String label;

    LoRaWanVersion(String label) {
        this.label = label;
    }

    /** The version as the specifications write it, e.g. {@code 1.0.4}. */
    public String label() {
        return label;
    }
}
