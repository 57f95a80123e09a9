package dev.ampbench.bench.report;

import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;

import java.util.List;

/**
 * Registers the secrets in a DUT's personalization records (from the key manifest, or the built-in emulator's seed
 * identities) with a {@link Redactor}, so that nothing the bench writes afterwards carries them. Whoever loads the
 * records calls this before any test runs.
 *
 * <p>What counts as secret: every root key and private key, and the identities the protocol itself conceals
 * (aiot-s9's permanent DeviceId, hidden on the air by ENCRYPTED_ID; amp-prov's serial number, the only secret input
 * of its slides-mode derivation). Identities every frame carries in clear (LoRaWAN DevEUI/JoinEUI, amp-sec AA/SA) are
 * not registered: the frames shown as evidence would become unreadable while the same bytes sit in every capture.
 */
public final class DutSecrets {
    private DutSecrets() {
    }

    /**
     * @param owner names the DUT in the labels the report shows instead (never secret itself)
     * @param records the profile's personalization records; other objects are ignored
     */
    public static void register(Redactor redactor, String owner, List<?> records) {
        for (int i = 0; i < records.size(); i++) {
            String of = " of " + owner + (records.size() > 1 ? " #" + i : "");
            Object r = records.get(i);
            if (r instanceof AiotS9Personalization p) {
                put(redactor, "K_auth" + of, p.authKey());
                put(redactor, "DeviceId" + of, p.deviceId());
            } else if (r instanceof AmpProvPersonalization p) {
                put(redactor, "serial number" + of, p.serialNumber());
                put(redactor, "A_privk" + of, p.tagPrivateKey());
                put(redactor, "AS private key" + of, p.asPrivateKey());
            } else if (r instanceof AmpSecPersonalization p) {
                put(redactor, "PMK" + of, p.pmk());
            } else if (r instanceof LoRaWanPersonalization p) {
                put(redactor, "AppKey" + of, p.appKey());
                put(redactor, "NwkKey" + of, p.nwkKey());
            }
        }
    }

    /** Values shorter than {@link Redactor#MIN_SECRET_BYTES} are skipped: they would redact ordinary frame bytes. */
    private static void put(Redactor redactor, String label, KeyMaterial value) {
        put(redactor, label, value.bytes());
    }

    private static void put(Redactor redactor, String label, byte[] value) {
        if (value.length >= Redactor.MIN_SECRET_BYTES) {
            redactor.register(label, value);
        }
    }
}
