package dev.ampbench.bench.power;

import java.time.Instant;
import java.util.Objects;

/**
 * One switching command as {@link GuardedPowerSwitch} recorded it. {@code requestedNanos} and {@code doneNanos} are
 * {@link System#nanoTime()}-style monotonic readings of the same clock the campaign stamps its protocol events
 * with, so the delay between a protocol event and the switch command is {@code requestedNanos - eventNanos}.
 *
 * @param action         ON or OFF
 * @param requestedAt    wall-clock time the command was asked for
 * @param requestedNanos monotonic time the command was asked for (before any minimum off-time wait)
 * @param sentNanos      monotonic time the command went to the driver (after the wait)
 * @param doneNanos      monotonic time the driver returned or failed
 * @param failure        the fault's message when the driver failed, else {@code null}
 */
public record SwitchEvent(PowerState action, Instant requestedAt, long requestedNanos, long sentNanos,
                          long doneNanos, String failure) {
    public SwitchEvent {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    public boolean succeeded() {
        return failure == null;
    }

    /** Nanoseconds spent waiting for the minimum off-time before the command was sent. */
    public long waitedNanos() {
        return sentNanos - requestedNanos;
    }
}
