package dev.ampbench.emulator.device;

import java.util.Objects;

/**
 * Something an emulated device reports to the bench beside its radio traffic; the bench wire carries these as
 * EVENT messages. Details never contain secrets.
 */
public record DeviceEvent(Kind kind, String detail) {
    public enum Kind {
        /** Powered up; detail is the boot count. */
        BOOT,
        /** The machine's state changed; detail is the new state's name. */
        STATE,
        /** The exchange reached its goal. */
        ESTABLISHED,
        /** An incoming frame was refused; detail starts with the rule id. */
        REJECTED,
        /** Application data was accepted from the peer; detail is its length. */
        DELIVERED,
        /** A non-volatile write began; detail is the record key and length. */
        NV_WRITE_BEGIN,
        /** A non-volatile write completed. */
        NV_WRITE_END
    }

    public DeviceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }
}
