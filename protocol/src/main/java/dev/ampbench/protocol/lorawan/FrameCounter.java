package dev.ampbench.protocol.lorawan;

/**
 * Reconstruction of a 32-bit frame counter from the 16 bits on the air (TS001-1.0.4 section 4.3.1.5). A receiver
 * keeps the last counter it accepted; the frame's counter is the smallest value above it with the same 16 LSBs.
 * The largest value at or below it with those bits names the frame a replay would be.
 */
final class FrameCounter {
    /** The last value a 32-bit counter can take. */
    static final long MAX = 0xffff_ffffL;
    /** Marks "no counter": nothing accepted yet, or no candidate exists. */
    static final long NONE = -1;

    private FrameCounter() {
    }

    /** The counter a fresh frame with {@code lsb16} has after {@code last} ({@link #NONE}: the session's first). */
    static long fresh(long last, int lsb16) {
        if (last == NONE) {
            return lsb16;
        }
        long candidate = (last & ~0xffffL) | lsb16;
        if (candidate <= last) {
            candidate += 0x1_0000L;
        }
        return candidate > MAX ? NONE : candidate;
    }

    /** The counter {@code lsb16} denotes if the frame is a replay: at or below {@code last}, or {@link #NONE}. */
    static long stale(long last, int lsb16) {
        if (last == NONE) {
            return NONE;
        }
        long candidate = (last & ~0xffffL) | lsb16;
        if (candidate > last) {
            candidate -= 0x1_0000L;
        }
        return candidate < 0 ? NONE : candidate;
    }
}
