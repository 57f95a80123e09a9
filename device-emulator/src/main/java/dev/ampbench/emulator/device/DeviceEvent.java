package dev.ampbench.emulator.device;

import java.util.Objects;

/**
 * Something an emulated device reports to the bench beside its radio traffic; the bench wire carries these as
 * EVENT messages with the same name, detail and value (docs/bench-wire-protocol.md, EVENT). Never contains secrets.
 *
 * @param name   BOOT: reset cause; STATE: new state; ESTABLISHED: session label; REJECTED: rule id;
 *               NV_WRITE_*: record key; AIR_TX_BEGIN: air time in µs; DELIVERED: empty
 * @param detail STATE: previous state; REJECTED: reason; otherwise empty
 * @param value  BOOT: boot counter; NV_WRITE_*, AIR_TX_BEGIN, DELIVERED: octets; otherwise 0
 */
public record DeviceEvent(Kind kind, String name, String detail, long value) {
    public enum Kind { BOOT, STATE, ESTABLISHED, REJECTED, DELIVERED, NV_WRITE_BEGIN, NV_WRITE_END, AIR_TX_BEGIN }

    /** Reset causes, as the wire's EVENT BOOT names them. */
    public static final String POWER_ON = "power-on";
    public static final String RESET_WARM = "reset-warm";
    public static final String WATCHDOG = "watchdog";
    public static final String BROWNOUT = "brownout";

    public DeviceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(detail, "detail");
    }
}
