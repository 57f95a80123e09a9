package dev.ampbench.protocol.wire;

import java.util.Optional;

/** The code octet of an ERROR response ({@code docs/bench-wire-protocol.md}, "ERROR"). */
public enum ErrorCode {
    /** The command's Type octet is not one this device implements (also reserved or response/notification codes). */
    UNKNOWN_TYPE(0x01),
    /** The message could not be decoded: bad header, short payload, bad length, bad UTF-8, bad enumerated value. */
    MALFORMED(0x02),
    /** The message exceeds the device's maximum message size. */
    TOO_LARGE(0x03),
    /** The command needs identity or keys that were never personalised. */
    NOT_PERSONALIZED(0x04),
    /** The HELLO carried a major version the device does not speak. */
    UNSUPPORTED_VERSION(0x05),
    /** The device cannot take the command now (queue full, NV write in progress); the host may retry later. */
    BUSY(0x06),
    /** An ACTION could not be started (unknown action name, bad arguments, wrong state). */
    ACTION_FAILED(0x07),
    /** PERSONALIZE sent to production firmware, which never accepts identities or keys over the bench wire. */
    NOT_PERMITTED(0x08),
    /** The profile octet names a profile this device does not support. */
    UNSUPPORTED_PROFILE(0x09),
    /** NV_READ or NV_ERASE of a key that is not stored. */
    NOT_FOUND(0x0A);

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ErrorCode> byCode(int code) {
        for (ErrorCode c : values()) {
            if (c.code == code) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
