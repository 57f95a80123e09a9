package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * SP 800-90B 4.4 against hand-computed cases. Expected cutoffs: RCT {@code 1 + ceil(20 / H)} by hand; APT
 * {@code 1 + CRITBINOM(512, 2^-H, 1 - 2^-20)} computed with exact rational arithmetic in Python
 * ({@code fractions.Fraction}, {@code math.comb}) independently of this code; H = 1 gives 311, the value SP 800-90B
 * itself tabulates for W = 512.
 */
class HealthTestsTest {

    @ParameterizedTest
    @CsvSource({"1, 21, 311", "2, 11, 177", "4, 6, 62", "7, 4, 18", "8, 4, 13"})
    void cutoffsAsTheStandardComputesThem(double h, int rct, int apt) {
        HealthTests t = new HealthTests(h, 20);
        assertEquals(rct, t.rctCutoff());
        assertEquals(apt, t.aptCutoff());
    }

    @Test
    void theCampaignsAssessmentIsSevenBitsAnOctetAtAlphaTwoToTheMinusTwenty() {
        assertEquals(4, HealthTests.NONCE_OCTETS.rctCutoff());
        assertEquals(18, HealthTests.NONCE_OCTETS.aptCutoff());
    }

    @Test
    void rctTripsAtExactlyTheCutoff() {
        HealthTests t = HealthTests.NONCE_OCTETS; // C = 4
        byte[] three = {1, 2, 7, 7, 7, 3, 4};
        assertTrue(t.repetitionCount(three).isEmpty(), "three in a row is below the cutoff of 4");
        byte[] four = {1, 2, 7, 7, 7, 7, 3};
        HealthTests.Failure f = t.repetitionCount(four).orElseThrow();
        assertEquals(5, f.index(), "fails on the fourth 7, at index 5");
        assertEquals(7, f.value());
        assertEquals(4, f.count());
    }

    @Test
    void rctCountsOnlyConsecutiveRepeats() {
        byte[] spread = {9, 9, 9, 1, 9, 9, 9, 1, 9, 9, 9};
        assertTrue(HealthTests.NONCE_OCTETS.repetitionCount(spread).isEmpty());
    }

    @Test
    void aptTripsWhenTheFirstValueOfAWindowReachesTheCutoff() {
        HealthTests t = HealthTests.NONCE_OCTETS; // C = 18, W = 512
        byte[] w = distinctish(512);
        // The window's first value 0x55 appears 17 times in all: below the cutoff.
        w[0] = 0x55;
        for (int i = 1; i <= 16; i++) {
            w[i * 20] = 0x55;
        }
        assertTrue(t.adaptiveProportion(w).isEmpty(), "17 occurrences, cutoff 18");
        w[400] = 0x55; // the 18th
        HealthTests.Failure f = t.adaptiveProportion(w).orElseThrow();
        assertEquals(400, f.index());
        assertEquals(18, f.count());
    }

    @Test
    void aptWindowsDoNotOverlap() {
        HealthTests t = HealthTests.NONCE_OCTETS;
        byte[] w = distinctish(1024);
        // 10 copies of 0x55 at the end of window 1 and 10 at the start of window 2 (which starts with 0x55):
        // window 2 counts only its own 10 + 1.
        for (int i = 0; i < 10; i++) {
            w[500 + i] = 0x55;
            w[512 + i] = 0x55;
        }
        assertTrue(t.adaptiveProportion(w).isEmpty());
    }

    @Test
    void aptCountsOnlyTheWindowsFirstValue() {
        byte[] w = distinctish(512);
        w[0] = 1;
        for (int i = 1; i < 100; i++) {
            w[i * 5] = 2; // 99 copies of another value
        }
        assertTrue(HealthTests.NONCE_OCTETS.adaptiveProportion(w).isEmpty());
    }

    @Test
    void refusesAnAssessmentOutsideTheOctetsRange() {
        assertThrows(IllegalArgumentException.class, () -> new HealthTests(0, 20));
        assertThrows(IllegalArgumentException.class, () -> new HealthTests(8.5, 20));
        assertThrows(IllegalArgumentException.class, () -> new HealthTests(4, 0));
    }

    /** A constant sequence trips both tests, whatever the assessment. */
    @Property
    void aConstantSequenceTripsBoth(@ForAll @IntRange(min = 1, max = 8) int h, @ForAll byte value) {
        HealthTests t = new HealthTests(h, 20);
        byte[] s = new byte[512];
        Arrays.fill(s, value);
        assertEquals(t.rctCutoff() - 1, t.repetitionCount(s).orElseThrow().index());
        assertEquals(t.aptCutoff() - 1, t.adaptiveProportion(s).orElseThrow().index());
    }

    /** Good random octets pass at the campaign's assessment (false-positive rate 2^-20 per sample and test). */
    @Property(tries = 50)
    void uniformOctetsPass(@ForAll long seed) {
        byte[] s = new byte[4096];
        new Random(seed).nextBytes(s);
        // An RCT run of 4 equal octets in 4096 uniform octets has probability about 2^-12; the seed set is fixed
        // by jqwik's own seed, so a rare false positive would reproduce rather than flake.
        assertTrue(HealthTests.NONCE_OCTETS.adaptiveProportion(s).isEmpty());
    }

    /** The cutoffs do not grow as the assessed entropy grows. */
    @Property
    void cutoffsFallAsEntropyRises(@ForAll @IntRange(min = 1, max = 7) int h) {
        HealthTests lo = new HealthTests(h, 20);
        HealthTests hi = new HealthTests(h + 1, 20);
        assertTrue(hi.rctCutoff() <= lo.rctCutoff());
        assertTrue(hi.aptCutoff() < lo.aptCutoff());
    }

    /** Octets 0..255 cycling with a stride, so no value repeats closely and none dominates a window. */
    private static byte[] distinctish(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + 3);
        }
        // i*7+3 mod 256 repeats every 256: in 512 octets each value twice; make sure 0x55 is not among them
        // more than its own placements by replacing it.
        for (int i = 0; i < n; i++) {
            if (b[i] == 0x55 || b[i] == 1 || b[i] == 2) {
                b[i] = (byte) 0xEE;
            }
        }
        return b;
    }
}
