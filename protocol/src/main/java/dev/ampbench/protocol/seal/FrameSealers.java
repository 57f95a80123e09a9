package dev.ampbench.protocol.seal;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.AiotS9Sealer;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.AmpProvSealer;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecSealer;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanSealer;

/**
 * The sealer of each profile, for the frames the bench sends to one tag (tag campaigns) or as that tag (gateway
 * campaigns).
 */
public final class FrameSealers {
    private FrameSealers() {
    }

    /**
     * A new sealer for the infrastructure's frames to the tag with these personalization records.
     *
     * @throws IllegalArgumentException for records of another profile
     */
    public static FrameSealer forTag(Profile profile, Object secrets) {
        return switch (profile) {
            case AMP_SEC -> new AmpSecSealer(cast(secrets, AmpSecPersonalization.class));
            case AMP_PROV -> new AmpProvSealer(cast(secrets, AmpProvPersonalization.class));
            case AIOT_S9 -> new AiotS9Sealer(cast(secrets, AiotS9Personalization.class));
            case LORAWAN -> new LoRaWanSealer(cast(secrets, LoRaWanPersonalization.class));
        };
    }

    /**
     * A new sealer for the frames the bench sends as the tag with these personalization records (a gateway
     * campaign). Each profile's sealer follows the exchange and reseals the frames of both sides (amp-sec Response
     * and UplinkData, amp-prov PROV_CONFIRM and the tag's protected frames, aiot-s9 PagingResponse and
     * CommandResponse, lorawan uplinks, which follow the JoinAccept either way), so it is the tag campaign's.
     *
     * @throws IllegalArgumentException for records of another profile
     */
    public static FrameSealer forGateway(Profile profile, Object tagSecrets) {
        return forTag(profile, tagSecrets);
    }

    private static <T> T cast(Object o, Class<T> type) {
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " records, got "
                    + o.getClass().getSimpleName());
        }
        return type.cast(o);
    }
}
