package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.ProfileCodec;

/**
 * Decodes any LoRaWAN frame as it travels, by the MType in MHDR: {@link JoinRequest}, {@link JoinAccept}
 * (still encrypted) or {@link DataFrame}. Everything else, and anything malformed, is a
 * {@link FrameDecodeException} naming the field.
 */
public final class LoRaWanCodec implements ProfileCodec {

    public LoRaWanCodec() {
        // stateless
    }

    @Override
    public Profile profile() {
        return Profile.LORAWAN;
    }

    @Override
    public Frame decode(byte[] bytes) throws FrameDecodeException {
        MType t = Mhdr.read(new FrameReader(bytes));
        return switch (t) {
            case JOIN_REQUEST -> JoinRequest.decode(bytes);
            case JOIN_ACCEPT -> JoinAccept.decode(bytes);
            default -> DataFrame.decode(bytes);
        };
    }
}
