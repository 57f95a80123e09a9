package dev.ampbench.protocol.wire;

import java.util.Optional;

/** The Mode octet of a RESET command. Non-volatile memory survives both. */
public enum ResetMode {
    /** Software reset: the firmware restarts; RAM state is lost. */
    WARM(0),
    /** As close to power-on as the device can get (watchdog or full chip reset, peripherals re-initialised). */
    COLD(1);

    private final int code;

    ResetMode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<ResetMode> byCode(int code) {
        for (ResetMode m : values()) {
            if (m.code == code) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
