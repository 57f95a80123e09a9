package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;

/**
 * Decodes any amp-sec frame by its Type octet. Needs no configuration: every frame's Format octet says its
 * address size, nonce size and AKM, so captures from any deployment decode.
 */
public final class AmpSecCodec implements ProfileCodec {

    @Override
    public Profile profile() {
        return Profile.AMP_SEC;
    }

    @Override
    public Frame decode(byte[] bytes) throws FrameDecodeException {
        if (bytes.length == 0) {
            throw new FrameDecodeException("Type", 0, "empty frame");
        }
        AmpSecFrameType type = AmpSecFrameType.byCode(bytes[0] & 0xff).orElseThrow(
                () -> new FrameDecodeException("Type", 0, "unknown frame type 0x" + Integer.toHexString(bytes[0] & 0xff)));
        return switch (type) {
            case TRIGGER -> TriggerFrame.decode(bytes);
            case RESPONSE -> ResponseFrame.decode(bytes);
            case CONFIRM -> ConfirmFrame.decode(bytes);
            case UPLINK_DATA -> UplinkDataFrame.decode(bytes);
            case DOWNLINK_DATA -> DownlinkDataFrame.decode(bytes);
            case PMK_UPDATE -> PmkUpdateFrame.decode(bytes);
        };
    }
}
