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

/** The sealer of each profile, for the frames the infrastructure sends to one tag. */
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
     * campaign). Built for aiot-s9 (PagingResponse, CommandResponse) and lorawan (uplink data; the same sealer as a
     * tag campaign's, which follows the JoinAccept either way); amp-sec and amp-prov gateway cases go raw
     * ({@link FrameSealer#NONE}: their tag frames are not resealed yet).
     *
     * @throws IllegalArgumentException for records of another profile
     */
    public static FrameSealer forGateway(Profile profile, Object tagSecrets) {
        return switch (profile) {
            case AMP_SEC -> {
                cast(tagSecrets, AmpSecPersonalization.class);
                yield FrameSealer.NONE;
            }
            case AMP_PROV -> {
                cast(tagSecrets, AmpProvPersonalization.class);
                yield FrameSealer.NONE;
            }
            case LORAWAN, AIOT_S9 -> forTag(profile, tagSecrets);
        };
    }

    private static <T> T cast(Object o, Class<T> type) {
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("expected " + type.getSimpleName() + " records, got "
                    + o.getClass().getSimpleName());
        }
        return type.cast(o);
    }
}
