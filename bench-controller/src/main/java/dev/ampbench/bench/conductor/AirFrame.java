package dev.ampbench.bench.conductor;

import dev.ampbench.protocol.codec.Hex;

/**
 * One over-the-air frame of a conducted exchange, as the bench saw it.
 *
 * @param fromDut true for a frame the device under test transmitted, false for one the bench injected
 * @param nanos   when, on the bench's monotonic clock
 */
public record AirFrame(boolean fromDut, byte[] bytes, long nanos) {
    public AirFrame {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return (fromDut ? "DUT -> bench " : "bench -> DUT ") + Hex.encode(bytes);
    }
}
