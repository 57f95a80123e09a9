package dev.ampbench.protocol.wire;

import java.util.Optional;

/** The Level octet of a LOG notification. */
public enum LogLevel {
    ERROR(0), WARN(1), INFO(2), DEBUG(3), TRACE(4);

    private final int code;

    LogLevel(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<LogLevel> byCode(int code) {
        for (LogLevel l : values()) {
            if (l.code == code) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }
}
