package dev.ampbench.emulator;

import dev.ampbench.protocol.machine.Clock;

/** Real time for emulated devices: milliseconds since this clock was made, from the monotonic nanosecond timer. */
public final class MonotonicClock implements Clock {
    private final long origin = System.nanoTime();

    @Override
    public long nowMillis() {
        return (System.nanoTime() - origin) / 1_000_000;
    }
}
