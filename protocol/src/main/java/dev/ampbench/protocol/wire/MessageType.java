package dev.ampbench.protocol.wire;

import java.util.Optional;

/**
 * The Type octet of a bench wire message ({@code docs/bench-wire-protocol.md}, "Message types"). The range tells
 * the direction: 0x01..0x3F commands (host to device, TID 1..15), 0x40..0x7F responses (device to host, echoing
 * the command's TID), 0x80..0xBF notifications (device to host, TID 0). 0x00 and 0xC0..0xFF are reserved.
 */
public enum MessageType {
    HELLO(0x01),
    RESET(0x02),
    PERSONALIZE(0x03),
    STATUS_GET(0x04),
    NV_READ(0x05),
    NV_ERASE(0x06),
    HEARTBEAT(0x07),
    AIR_INJECT(0x08),
    ACTION(0x09),

    HELLO_RESPONSE(0x41),
    STATUS(0x44),
    NV_DATA(0x45),
    HEARTBEAT_ACK(0x47),
    ACK(0x60),
    ERROR(0x61),

    AIR_EMIT(0x80),
    EVENT(0x81),
    LOG(0x82);

    /** What a Type octet's range says about the message. */
    public enum Kind {
        COMMAND, RESPONSE, NOTIFICATION
    }

    private final int code;

    MessageType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public Kind kind() {
        return kindOf(code).orElseThrow();
    }

    /** The kind of any Type octet by its range, empty for the reserved ranges. */
    public static Optional<Kind> kindOf(int code) {
        if (code >= 0x01 && code <= 0x3F) {
            return Optional.of(Kind.COMMAND);
        }
        if (code >= 0x40 && code <= 0x7F) {
            return Optional.of(Kind.RESPONSE);
        }
        if (code >= 0x80 && code <= 0xBF) {
            return Optional.of(Kind.NOTIFICATION);
        }
        return Optional.empty();
    }

    public static Optional<MessageType> byCode(int code) {
        for (MessageType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
