package dev.ampbench.bench.audit;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.ManifestEntry;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import java.util.ArrayList;
import java.util.List;

/** The device keys an audit checks MICs with: every row of a key manifest, whatever its profile. */
public record AuditKeys(List<LoRaWanPersonalization> loRaWan, List<AiotS9Personalization> aiotS9,
                        List<AmpSecPersonalization> ampSec, List<AmpProvPersonalization> ampProv) {
    public static final AuditKeys NONE = new AuditKeys(List.of(), List.of(), List.of(), List.of());

    public AuditKeys {
        loRaWan = List.copyOf(loRaWan);
        aiotS9 = List.copyOf(aiotS9);
        ampSec = List.copyOf(ampSec);
        ampProv = List.copyOf(ampProv);
    }

    /** lorawan and aiot-s9 keys only. */
    public AuditKeys(List<LoRaWanPersonalization> loRaWan, List<AiotS9Personalization> aiotS9) {
        this(loRaWan, aiotS9, List.of(), List.of());
    }

    /**
     * Every row of the manifest. An amp-prov row needs a_sn, a_privk and as_privk (the GWID comes from the
     * PROV_REQUEST on the air, so gwid may be empty); an amp-sec row needs aa.
     *
     * @throws ConfigError naming the manifest, the row's line and the missing column (never a value)
     */
    public static AuditKeys of(KeyManifest manifest) throws ConfigError {
        List<LoRaWanPersonalization> lora = new ArrayList<>();
        List<AiotS9Personalization> s9 = new ArrayList<>();
        List<AmpSecPersonalization> sec = new ArrayList<>();
        List<AmpProvPersonalization> prov = new ArrayList<>();
        for (ManifestEntry e : manifest.entries()) {
            switch (e.profile()) {
                case LORAWAN -> lora.add(e.loRaWan());
                case AIOT_S9 -> s9.add(e.aiotS9());
                case AMP_SEC -> sec.add(e.ampSec());
                // the auditor plays neither side; the DEVICE view is the one that does not demand gwid
                case AMP_PROV -> prov.add(e.ampProv(Role.DEVICE));
            }
        }
        return new AuditKeys(lora, s9, sec, prov);
    }

    public boolean isEmpty() {
        return loRaWan.isEmpty() && aiotS9.isEmpty() && ampSec.isEmpty() && ampProv.isEmpty();
    }

    /** Never prints a key or a device ID. */
    @Override
    public String toString() {
        return "AuditKeys[" + loRaWan.size() + " lorawan, " + aiotS9.size() + " aiot-s9, " + ampSec.size()
                + " amp-sec, " + ampProv.size() + " amp-prov, redacted]";
    }
}
