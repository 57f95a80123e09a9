package dev.ampbench.protocol.wire;

import java.util.Optional;

/**
 * The Kind octet of an EVENT notification, and what the event's Value, Name and Detail fields mean for it
 * ({@code docs/bench-wire-protocol.md}, "EVENT").
 */
public enum EventKind {
    /** The device booted. Profile none; Value = boot counter; Name = reset cause. Sent first after every boot. */
    BOOT(0x01),
    /** A profile machine changed state. Name = new state, Detail = previous state. */
    STATE_CHANGE(0x02),
    /** A profile's security association or join is established. Name = peer or session label (no secrets). */
    ESTABLISHED(0x03),
    /** The device rejected the peer's frame. Name = rule id (e.g. AMP-SEC-R7), Detail = free text. */
    REJECTED(0x04),
    /** A non-volatile write is about to start. Name = NV key, Value = octets to be written. */
    NV_WRITE_BEGIN(0x05),
    /** A non-volatile write completed. Name = NV key, Value = octets written. */
    NV_WRITE_END(0x06),
    /** An ACTION finished. Name = action name, Value = 0 on success or an {@link ErrorCode} code. */
    ACTION_DONE(0x07),
    /**
     * The radio starts transmitting a frame. Value = frame octets, Name = airtime in microseconds (decimal). Sent
     * before the frame goes on the air, so the bench can cut power a known time into the transmission.
     */
    AIR_TX_BEGIN(0x08);

    private final int code;

    EventKind(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<EventKind> byCode(int code) {
        for (EventKind k : values()) {
            if (k.code == code) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
