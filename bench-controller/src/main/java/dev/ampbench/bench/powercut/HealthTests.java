package dev.ampbench.bench.powercut;

/**
 * The continuous health tests of NIST SP 800-90B section 4.4, run over a sequence of samples (here: the octets of
 * the nonces a DUT drew, in the order they were seen).
 *
 * <ul>
 *   <li>Repetition Count Test (4.4.1): cutoff {@code C = 1 + ceil(-log2(alpha) / H)}; fails when a value repeats
 *       {@code C} times in a row.</li>
 *   <li>Adaptive Proportion Test (4.4.2): window {@code W = 512} (non-binary samples); cutoff
 *       {@code C = 1 + CRITBINOM(W, 2^-H, 1 - alpha)}; in each window the first sample is counted with its
 *       repetitions, and the test fails when that count reaches {@code C}.</li>
 * </ul>
 *
 * @param minEntropy   assessed min-entropy per sample, bits (0 < H <= bits per sample)
 * @param alphaLog2    -log2 of the false-positive probability alpha (20 for alpha = 2^-20)
 */
public record HealthTests(double minEntropy, int alphaLog2) {
    /** Window of the Adaptive Proportion Test for non-binary samples (SP 800-90B 4.4.2). */
    public static final int APT_WINDOW = 512;

    /**
     * The campaign's assessment: 7 bits per nonce octet, alpha = 2^-20. The bench sees conditioned nonces, not the
     * noise source; 7 (not 8) leaves one bit per octet of margin for DRBGs seeded from sources assessed below full
     * entropy (docs/power-cut-campaigns.md).
     */
    public static final HealthTests NONCE_OCTETS = new HealthTests(7.0, 20);

    public HealthTests {
        if (!(minEntropy > 0 && minEntropy <= 8)) {
            throw new IllegalArgumentException("min-entropy per octet must be in (0, 8], not " + minEntropy);
        }
        if (alphaLog2 < 1 || alphaLog2 > 60) {
            throw new IllegalArgumentException("alpha must be 2^-1 .. 2^-60");
        }
    }

    /** RCT cutoff: {@code 1 + ceil(alphaLog2 / H)}. */
    public int rctCutoff() {
        return 1 + (int) Math.ceil(alphaLog2 / minEntropy - 1e-12);
    }

    /** APT cutoff: {@code 1 + CRITBINOM(512, 2^-H, 1 - 2^-alphaLog2)}. */
    public int aptCutoff() {
        double p = Math.pow(2, -minEntropy);
        double alpha = Math.pow(2, -alphaLog2);
        // Smallest k with P(X <= k) >= 1 - alpha, i.e. P(X > k) <= alpha; the upper tail is summed from the top so
        // that tiny terms are not lost against 1.
        double[] logPmf = new double[APT_WINDOW + 1];
        for (int k = 0; k <= APT_WINDOW; k++) {
            logPmf[k] = logChoose(APT_WINDOW, k) + k * Math.log(p) + (APT_WINDOW - k) * Math.log1p(-p);
        }
        double tail = 0; // P(X > k)
        int k = APT_WINDOW;
        while (k > 0) {
            double withK = tail + Math.exp(logPmf[k]); // P(X > k - 1)
            if (withK > alpha) {
                break;
            }
            tail = withK;
            k--;
        }
        return 1 + k;
    }

    private static double logChoose(int n, int k) {
        double r = 0;
        for (int i = 1; i <= k; i++) {
            r += Math.log(n - k + i) - Math.log(i);
        }
        return r;
    }

    /** Where a test failed: the index (0-based) of the sample at which the count reached the cutoff. */
    public record Failure(String test, int index, int value, int count, int cutoff) {
        @Override
        public String toString() {
            return test + " failed at octet " + index + ": value 0x" + String.format("%02x", value) + " counted "
                    + count + " times (cutoff " + cutoff + ")";
        }
    }

    /** The first Repetition Count Test failure, if any. */
    public java.util.Optional<Failure> repetitionCount(byte[] samples) {
        int c = rctCutoff();
        int b = 0;
        int a = -1;
        for (int i = 0; i < samples.length; i++) {
            int v = samples[i] & 0xff;
            if (v == a) {
                b++;
            } else {
                a = v;
                b = 1;
            }
            if (b >= c) {
                return java.util.Optional.of(new Failure("Repetition Count Test", i, v, b, c));
            }
        }
        return java.util.Optional.empty();
    }

    /** The first Adaptive Proportion Test failure, if any; a last window shorter than W is tested as far as it goes. */
    public java.util.Optional<Failure> adaptiveProportion(byte[] samples) {
        int c = aptCutoff();
        for (int start = 0; start < samples.length; start += APT_WINDOW) {
            int a = samples[start] & 0xff;
            int b = 1;
            int end = Math.min(samples.length, start + APT_WINDOW);
            for (int i = start + 1; i < end; i++) {
                if ((samples[i] & 0xff) == a) {
                    b++;
                    if (b >= c) {
                        return java.util.Optional.of(new Failure("Adaptive Proportion Test", i, a, b, c));
                    }
                }
            }
        }
        return java.util.Optional.empty();
    }
}
