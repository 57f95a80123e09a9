package dev.ampbench.bench.powercut;

import java.util.Objects;

/**
 * One step of an exchange at which a campaign cuts power, named by the protocol event that triggers the cut. Frames
 * are numbered from 1 in air order over the whole exchange (both directions); NV writes from 1 in the order the DUT
 * announces them (EVENT NV_WRITE_BEGIN).
 *
 * @param kind        where in the frame or write
 * @param index       the frame number or NV write number
 * @param fromDut     for frames: true for a frame the DUT transmits, false for one the bench injects
 * @param octet       for {@link Kind#MID_FRAME}: the cut comes after this many octets of the frame are on the air
 * @param frameOctets for frames: the frame's length (from the discovery run); for NV writes: the octets written
 * @param what        the frame's type or the NV record's key, for people
 */
public record CutPoint(Kind kind, int index, boolean fromDut, int octet, int frameOctets, String what) {
    public enum Kind {
        /** Before the frame goes on the air (bench frame: instead of injecting it; DUT frame: on AIR_TX_BEGIN). */
        BEFORE_FRAME,
        /** After {@code octet} octets of the frame (AIR_TX_BEGIN or the bench's own AIR_INJECT + octet x airtime). */
        MID_FRAME,
        /** Right after the frame (DUT frame: on its AIR_EMIT; bench frame: on the ACK of its AIR_INJECT). */
        AFTER_FRAME,
        /** Inside a non-volatile write (on EVENT NV_WRITE_BEGIN). */
        NV_WRITE_BEGIN,
        /** Right after a non-volatile write (on EVENT NV_WRITE_END). */
        NV_WRITE_END
    }

    public CutPoint {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(what, "what");
    }

    public boolean isFrame() {
        return kind == Kind.BEFORE_FRAME || kind == Kind.MID_FRAME || kind == Kind.AFTER_FRAME;
    }

    /** A stable label, e.g. {@code frame 2 (DUT->bench Response, 58 octets): mid, after octet 29}. */
    public String label() {
        if (!isFrame()) {
            return "NV write " + index + " (" + what + ", " + frameOctets + " octets): "
                    + (kind == Kind.NV_WRITE_BEGIN ? "inside (on NV_WRITE_BEGIN)" : "after (on NV_WRITE_END)");
        }
        String f = "frame " + index + " (" + (fromDut ? "DUT->bench " : "bench->DUT ") + what + ", " + frameOctets
                + " octets): ";
        return f + switch (kind) {
            case BEFORE_FRAME -> fromDut ? "before (on AIR_TX_BEGIN)" : "before (instead of AIR_INJECT)";
            case MID_FRAME -> "mid, after octet " + octet;
            case AFTER_FRAME -> fromDut ? "after (on AIR_EMIT)" : "after (on the ACK of AIR_INJECT)";
            default -> throw new IllegalStateException();
        };
    }

    /** The protocol event that triggers the cut, as it appears on the wire. */
    public String trigger() {
        return switch (kind) {
            case BEFORE_FRAME -> fromDut ? "EVENT AIR_TX_BEGIN" : "the wire message that makes the bench send it";
            case MID_FRAME -> fromDut ? "EVENT AIR_TX_BEGIN + " + octet + " x airtime/octet"
                    : "AIR_INJECT written + " + octet + " x airtime/octet";
            case AFTER_FRAME -> fromDut ? "AIR_EMIT" : "ACK of AIR_INJECT";
            case NV_WRITE_BEGIN -> "EVENT NV_WRITE_BEGIN";
            case NV_WRITE_END -> "EVENT NV_WRITE_END";
        };
    }

    @Override
    public String toString() {
        return label();
    }
}
