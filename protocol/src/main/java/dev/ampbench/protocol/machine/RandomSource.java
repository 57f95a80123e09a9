package dev.ampbench.protocol.machine;

/** Where a machine gets its randomness (nonces, key choices). Passed in, so runs can be reproduced. */
@FunctionalInterface
public interface RandomSource {
    void nextBytes(byte[] out);

    default byte[] bytes(int n) {
        byte[] b = new byte[n];
        nextBytes(b);
        return b;
    }
}
