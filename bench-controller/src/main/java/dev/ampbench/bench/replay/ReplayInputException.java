package dev.ampbench.bench.replay;

/** A capture that cannot be replayed: corrupt, of no known link, or not fit for the device or side asked for. */
public final class ReplayInputException extends Exception {
    public ReplayInputException(String message) {
        super(message);
    }
}
