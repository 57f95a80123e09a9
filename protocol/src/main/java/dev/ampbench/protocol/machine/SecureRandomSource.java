package dev.ampbench.protocol.machine;

import java.security.SecureRandom;

/** The platform's cryptographic random generator: what a real counterpart uses. */
public final class SecureRandomSource implements RandomSource {
    private final SecureRandom random = new SecureRandom();

    @Override
    public void nextBytes(byte[] out) {
        random.nextBytes(out);
    }
}
