package dev.ampbench.protocol.machine;

import java.util.Objects;

/**
 * What a state machine gets from outside: randomness, time and non-volatile storage. A power cut is modelled by
 * dropping the machine object (its fields are its RAM) and building a new one on the same store.
 */
public record MachineContext(RandomSource random, Clock clock, NonVolatileStore store) {
    public MachineContext {
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(store, "store");
    }

    /** Seeded randomness, a clock at zero and an empty store: for tests. */
    public static MachineContext forTest(long seed) {
        return new MachineContext(new SeededRandomSource(seed), new ManualClock(0), new InMemoryStore());
    }
}
