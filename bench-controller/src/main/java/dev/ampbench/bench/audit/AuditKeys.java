package dev.ampbench.bench.audit;

import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestEntry;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import java.util.ArrayList;
import java.util.List;

/**
 * The device keys an audit checks MICs with. Only lorawan and aiot-s9 rows of a key manifest are used today: the
 * offline MIC checks of amp-prov and amp-sec are not written yet (docs/captures.md).
 */
public record AuditKeys(List<LoRaWanPersonalization> loRaWan, List<AiotS9Personalization> aiotS9) {
    public static final AuditKeys NONE = new AuditKeys(List.of(), List.of());

    public AuditKeys {
        loRaWan = List.copyOf(loRaWan);
        aiotS9 = List.copyOf(aiotS9);
    }

    /** Every lorawan and aiot-s9 row of the manifest. */
    public static AuditKeys of(KeyManifest manifest) {
        List<LoRaWanPersonalization> lora = new ArrayList<>();
        List<AiotS9Personalization> s9 = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            if (e.profile() == Profile.LORAWAN) {
                lora.add(e.loRaWan());
            } else if (e.profile() == Profile.AIOT_S9) {
                s9.add(e.aiotS9());
            }
        }
        return new AuditKeys(lora, s9);
    }

    public boolean isEmpty() {
        return loRaWan.isEmpty() && aiotS9.isEmpty();
    }

    /** Never prints a key or a device ID. */
    @Override
    public String toString() {
        return "AuditKeys[" + loRaWan.size() + " lorawan, " + aiotS9.size() + " aiot-s9, redacted]";
    }
}
