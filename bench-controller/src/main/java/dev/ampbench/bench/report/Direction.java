package dev.ampbench.bench.report;

/** Which way a frame travelled, as the report names it. */
public enum Direction {
    /** Sent by the bench (playing the counterpart) to the device under test. */
    TO_DUT("bench → DUT"),
    /** Received by the bench from the device under test. */
    FROM_DUT("DUT → bench");

    private final String arrow;

    Direction(String arrow) {
        this.arrow = arrow;
    }

    public String arrow() {
        return arrow;
    }
}
