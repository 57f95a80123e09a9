package dev.ampbench.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Retries an action that failed with a {@link LabFault}, with exponential backoff, <em>only</em> where that is safe:
 * where a retry cannot change what is being judged. docs/conformance.md ("Lab faults and retries") lists where the
 * bench uses it (opening a DUT: transport + HELLO; switching a supply on; leaving it in its final state) and where
 * it never does (a test, once it has touched the DUT; a power cut, whose instant is the test; a rule verdict).
 *
 * <p>Every fault that was retried is kept in the {@link Outcome}, so a report can say the lab stumbled even when the
 * test then passed. A fault that outlasts every attempt is thrown again, as a {@link LabFault}: the test is broken,
 * never failed.
 */
public final class LabRetry {
    /** How the retry waits; {@link Thread#sleep} in the lab, a recorder in tests. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** One attempt. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws LabFault;
    }

    /**
     * @param value  what the successful attempt returned
     * @param faults the message of every attempt that failed before it, oldest first (empty: first time lucky)
     */
    public record Outcome<T>(T value, List<String> faults) {
        public Outcome {
            faults = List.copyOf(faults);
        }
    }

    /**
     * Three attempts, 250 ms then 500 ms apart: long enough for a USB device to finish re-enumerating or a terminal
     * server to accept again, short enough that a dead bench is reported within a second.
     */
    public static final LabRetry DEFAULT = new LabRetry(3, Duration.ofMillis(250), d -> Thread.sleep(d.toMillis()));
    /** One attempt: no retry. */
    public static final LabRetry NONE = new LabRetry(1, Duration.ZERO, d -> { });

    private final int attempts;
    private final Duration firstDelay;
    private final Sleeper sleeper;

    public LabRetry(int attempts, Duration firstDelay, Sleeper sleeper) {
        if (attempts < 1) {
            throw new IllegalArgumentException("at least one attempt, not " + attempts);
        }
        if (firstDelay.isNegative()) {
            throw new IllegalArgumentException("negative delay " + firstDelay);
        }
        this.attempts = attempts;
        this.firstDelay = firstDelay;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    public int attempts() {
        return attempts;
    }

    /**
     * Runs {@code attempt} until it succeeds or every attempt failed with a {@link LabFault}. Anything else it
     * throws (a bug, an assertion) is not a lab fault and passes through at once.
     *
     * @throws LabFault the last attempt's fault, its message saying how many attempts were made (when more than
     *                  one), the earlier faults attached as suppressed
     */
    public <T> Outcome<T> call(Attempt<T> attempt) throws LabFault {
        List<String> faults = new ArrayList<>();
        List<LabFault> seen = new ArrayList<>();
        Duration delay = firstDelay;
        for (int i = 1; ; i++) {
            try {
                return new Outcome<>(attempt.run(), faults);
            } catch (LabFault f) {
                faults.add(f.getMessage());
                seen.add(f);
                if (i == attempts) {
                    if (attempts == 1) {
                        throw f;
                    }
                    LabFault last = new LabFault(f.getMessage() + " (" + attempts + " attempts)", f);
                    seen.subList(0, seen.size() - 1).forEach(last::addSuppressed);
                    throw last;
                }
            }
            try {
                sleeper.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabFault("interrupted while waiting to retry: " + faults.get(faults.size() - 1), e);
            }
            delay = delay.multipliedBy(2);
        }
    }
}
