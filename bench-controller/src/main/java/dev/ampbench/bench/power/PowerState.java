package dev.ampbench.bench.power;

/** What a power switch reports about its output. */
public enum PowerState {
    ON,
    OFF,
    /** The switch cannot tell (no read-back, or nothing commanded yet where reading would disturb the line). */
    UNKNOWN
}
