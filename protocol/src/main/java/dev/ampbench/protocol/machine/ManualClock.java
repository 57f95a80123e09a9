package dev.ampbench.protocol.machine;

/** A clock that moves only when told to: for tests, emulation and replay. */
public final class ManualClock implements Clock {
    private long now;

    public ManualClock(long startMillis) {
        this.now = startMillis;
    }

    @Override
    public long nowMillis() {
        return now;
    }

    public void advance(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("time does not go back: " + millis);
        }
        now += millis;
    }
}
