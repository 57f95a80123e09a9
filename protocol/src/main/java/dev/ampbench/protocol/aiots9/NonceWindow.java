package dev.ampbench.protocol.aiots9;

/**
 * The last {@code capacity} 64-bit nonces seen, in RAM: the device's window of accepted network nonces and the
 * infrastructure's history of each device's nonces. Fixed size, so hostile traffic cannot grow it.
 */
final class NonceWindow {
    private final long[] seen;
    private int next;
    private int filled;

    NonceWindow(int capacity) {
        this.seen = new long[capacity];
    }

    boolean contains(byte[] nonce) {
        long v = asLong(nonce);
        for (int i = 0; i < filled; i++) {
            if (seen[i] == v) {
                return true;
            }
        }
        return false;
    }

    /** Remembers {@code nonce}, forgetting the oldest one when full. */
    void add(byte[] nonce) {
        seen[next] = asLong(nonce);
        next = (next + 1) % seen.length;
        if (filled < seen.length) {
            filled++;
        }
    }

    private static long asLong(byte[] nonce) {
        long v = 0;
        for (byte b : nonce) {
            v = (v << 8) | (b & 0xff);
        }
        return v;
    }
}
