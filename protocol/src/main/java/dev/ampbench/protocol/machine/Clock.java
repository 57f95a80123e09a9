package dev.ampbench.protocol.machine;

/** Monotonic time in milliseconds, passed in so machines never read the wall clock themselves. */
@FunctionalInterface
public interface Clock {
    long nowMillis();
}
