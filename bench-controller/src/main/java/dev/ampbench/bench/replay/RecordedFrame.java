package dev.ampbench.bench.replay;

import dev.ampbench.protocol.codec.Hex;

/**
 * One air frame of a recorded session, whatever it was read from.
 *
 * @param number     its number in the capture (1-based, the number Wireshark shows)
 * @param fromDut    true for a frame the recorded device under test sent, false for one the bench injected
 * @param epochNanos when it was recorded, nanoseconds since the Unix epoch
 */
public record RecordedFrame(int number, boolean fromDut, long epochNanos, byte[] bytes) {
    public RecordedFrame {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public String toString() {
        return "#" + number + (fromDut ? " DUT -> bench " : " bench -> DUT ") + Hex.encode(bytes);
    }
}
