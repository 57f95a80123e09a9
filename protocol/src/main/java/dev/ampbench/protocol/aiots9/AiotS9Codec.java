package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;

/**
 * Decodes any aiot-s9 frame by its Type byte, and holds the profile's sizes. Every frame starts with Type; the
 * layouts are in {@code docs/protocols/aiot-s9.md}.
 */
public final class AiotS9Codec implements ProfileCodec {
    /** Type byte of {@link Paging}. */
    public static final int TYPE_PAGING = 0x01;
    /** Type byte of {@link PagingResponse}. */
    public static final int TYPE_PAGING_RESPONSE = 0x02;
    /** Type byte of {@link Command}. */
    public static final int TYPE_COMMAND = 0x03;
    /** Type byte of {@link CommandResponse}. */
    public static final int TYPE_COMMAND_RESPONSE = 0x04;

    /** NetworkNonce and DeviceNonce: 64 bits each. */
    public static final int NONCE_LEN = 8;
    /** Device ID, and so ProtectedDeviceId: 64 bits. */
    public static final int DEVICE_ID_LEN = 8;
    /** Mac: AES-CMAC truncated to 64 bits. */
    public static final int MAC_LEN = 8;
    /** The largest SecuredPayload of a command or command response. */
    public static final int MAX_PAYLOAD_LEN = 64;

    public AiotS9Codec() {
    }

    @Override
    public Profile profile() {
        return Profile.AIOT_S9;
    }

    @Override
    public Frame decode(byte[] bytes) throws FrameDecodeException {
        if (bytes.length == 0) {
            throw new FrameDecodeException("Type", 0, "needs 1 byte, 0 left");
        }
        return switch (bytes[0] & 0xff) {
            case TYPE_PAGING -> Paging.decode(bytes);
            case TYPE_PAGING_RESPONSE -> PagingResponse.decode(bytes);
            case TYPE_COMMAND -> Command.decode(bytes);
            case TYPE_COMMAND_RESPONSE -> CommandResponse.decode(bytes);
            default -> throw new FrameDecodeException("Type", 0, "unknown frame type " + (bytes[0] & 0xff));
        };
    }
}
