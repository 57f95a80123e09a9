package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Objects;

/**
 * The keys of one session, as the join derived them. A LoRaWAN 1.0 session (and a 1.1 device that joined without
 * OptNeg) has one network key, NwkSKey, which then stands in for all three 1.1 network keys.
 *
 * @param scheme      which derivation made them: {@link LoRaWanVersion#V1_1} only after an OptNeg join
 * @param fNwkSIntKey 1.1: checks uplink MIC half cmacF; 1.0: NwkSKey
 * @param sNwkSIntKey 1.1: uplink MIC half cmacS and downlink MIC; 1.0: NwkSKey
 * @param nwkSEncKey  1.1: FOpts and FPort-0 payload encryption; 1.0: NwkSKey
 * @param appSKey     application payload encryption (FPort 1..255)
 */
public record SessionKeys(LoRaWanVersion scheme, KeyMaterial fNwkSIntKey, KeyMaterial sNwkSIntKey,
                          KeyMaterial nwkSEncKey, KeyMaterial appSKey) {

    public SessionKeys {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(fNwkSIntKey, "fNwkSIntKey");
        Objects.requireNonNull(sNwkSIntKey, "sNwkSIntKey");
        Objects.requireNonNull(nwkSEncKey, "nwkSEncKey");
        Objects.requireNonNull(appSKey, "appSKey");
    }

    /** LoRaWAN 1.0 keys: NwkSKey serves as every network key. */
    public static SessionKeys v1_0(KeyMaterial nwkSKey, KeyMaterial appSKey) {
        return new SessionKeys(LoRaWanVersion.V1_0_4, nwkSKey, nwkSKey, nwkSKey, appSKey);
    }

    /** The 1.0 NwkSKey (for a 1.1 session, FNwkSIntKey). */
    public KeyMaterial nwkSKey() {
        return fNwkSIntKey;
    }

    @Override
    public String toString() {
        return "SessionKeys[" + scheme.label() + ", redacted]";
    }
}
