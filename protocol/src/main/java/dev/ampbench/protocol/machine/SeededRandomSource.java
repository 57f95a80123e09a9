package dev.ampbench.protocol.machine;

import java.util.SplittableRandom;

/**
 * A reproducible generator from a seed, for emulation, fuzzing and tests: the same seed gives the same nonces.
 * Not cryptographically secure, and never meant to be.
 */
public final class SeededRandomSource implements RandomSource {
    private final SplittableRandom random;

    public SeededRandomSource(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }
}
