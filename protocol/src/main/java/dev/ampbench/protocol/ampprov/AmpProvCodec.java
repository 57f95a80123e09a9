package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;

/** Decodes any amp-prov air frame by its Type byte. The QR payload is not an air frame: see {@link QrPayload}. */
public final class AmpProvCodec implements ProfileCodec {

    @Override
    public Profile profile() {
        return Profile.AMP_PROV;
    }

    @Override
    public Frame decode(byte[] bytes) throws FrameDecodeException {
        if (bytes == null || bytes.length == 0) {
            throw new FrameDecodeException("Type", 0, "empty frame");
        }
        int code = bytes[0] & 0xff;
        FrameType type = FrameType.fromCode(code)
                .orElseThrow(() -> new FrameDecodeException("Type", 0, String.format("unknown type 0x%02x", code)));
        return switch (type) {
            case PROV_BEACON -> ProvBeacon.decode(bytes);
            case PROV_REQUEST -> ProvRequest.decode(bytes);
            case PROV_RESPONSE -> ProvResponse.decode(bytes);
            case PROV_CONFIRM -> ProvConfirm.decode(bytes);
            case REQ_SENSOR_DATA, RES_SENSOR_DATA, REKEY, REKEY_ACK, REPROVISION -> ProtectedFrame.decode(bytes);
        };
    }
}
