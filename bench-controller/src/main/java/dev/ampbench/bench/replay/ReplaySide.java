package dev.ampbench.bench.replay;

/** Which side of a recorded session a replay plays to the device. */
public enum ReplaySide {
    /** The frames the bench injected: the device takes the recorded device under test's place. */
    BENCH,
    /** The frames the recorded device under test sent: the device takes the bench's counterpart's place. */
    DUT;

    public static ReplaySide byName(String s) {
        return switch (s) {
            case "bench" -> BENCH;
            case "dut" -> DUT;
            default -> throw new IllegalArgumentException("--side must be bench or dut, not '" + s + "'");
        };
    }
}
