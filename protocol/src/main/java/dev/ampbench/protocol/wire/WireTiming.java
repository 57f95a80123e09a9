package dev.ampbench.protocol.wire;

/**
 * Default timings of the bench wire protocol ({@code docs/bench-wire-protocol.md}, "Timing"), in milliseconds.
 * Only numbers: the transports that wait are elsewhere.
 */
public final class WireTiming {
    /** A device answers a command within this time (WIRE-R13). */
    public static final int DEVICE_RESPONSE_MS = 200;
    /** The host declares a command timed out after this time (WIRE-R13). */
    public static final int HOST_RESPONSE_TIMEOUT_MS = 500;
    /** EVENT BOOT follows the ACK of RESET within this time (WIRE-R13). */
    public static final int BOOT_TIMEOUT_MS = 5000;
    /** NV_ERASE of all keys is answered within this time (WIRE-R13). */
    public static final int ERASE_ALL_TIMEOUT_MS = 3000;
    /** Heartbeat period of an idle session (WIRE-R14). */
    public static final int HEARTBEAT_PERIOD_MS = 1000;
    /** Unanswered heartbeats in a row that end a session (WIRE-R14). */
    public static final int HEARTBEATS_MISSED_LIMIT = 3;
    /** The host waits at least this long before retrying a command answered with ERROR BUSY. */
    public static final int BUSY_RETRY_MS = 50;
    /** Default UART speed; 8 data bits, no parity, 1 stop bit, no flow control. */
    public static final int DEFAULT_BAUD = 115_200;

    private WireTiming() {
    }
}
