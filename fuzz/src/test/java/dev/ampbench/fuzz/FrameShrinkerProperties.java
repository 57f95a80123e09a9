package dev.ampbench.fuzz;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shrinker against model devices whose trigger is known: it returns a frame that still triggers, within its
 * trial bound, and the nearest one to the valid frame where the model makes that unique.
 */
class FrameShrinkerProperties {

    /** A device that hangs on any frame longer than {@code max}: the shortest extension is max + 1 octets. */
    @Property(tries = 200)
    void anOversizedFrameShrinksToOneOctetPastTheMaximum(@ForAll @Size(min = 1, max = 60) List<Byte> validList,
                                                         @ForAll @IntRange(min = 0, max = 200) int over,
                                                         @ForAll @IntRange(min = 0, max = 900) int extra)
            throws Exception {
        byte[] valid = bytes(validList);
        int max = valid.length + over;
        byte[] mutated = Arrays.copyOf(valid, max + 1 + extra);
        Arrays.fill(mutated, valid.length, mutated.length, (byte) 0x5a);
        List<byte[]> tried = new ArrayList<>();
        FrameShrinker.Result r = new FrameShrinker(24).shrink(valid, mutated, f -> {
            tried.add(f);
            return f.length > max;
        });
        assertEquals(max + 1, r.frame().length);
        assertArrayEquals(valid, Arrays.copyOf(r.frame(), valid.length), "the valid octets are kept");
        assertTrue(r.trials() <= 24 && tried.size() == r.trials());
    }

    /** A device that crashes on any frame shorter than {@code min}: the least cut truncation is min - 1 octets. */
    @Property(tries = 200)
    void aTruncatedFrameShrinksToTheLongestPrefixThatStillCrashes(@ForAll @Size(min = 2, max = 255) List<Byte> v,
                                                                  @ForAll @IntRange(min = 1, max = 254) int min,
                                                                  @ForAll @IntRange(min = 0, max = 254) int cut)
            throws Exception {
        byte[] valid = bytes(v);
        int threshold = Math.min(min, valid.length);
        int len = Math.min(cut, threshold - 1);
        byte[] mutated = Arrays.copyOf(valid, len);
        FrameShrinker.Result r = new FrameShrinker(24).shrink(valid, mutated, f -> f.length < threshold);
        assertEquals(threshold - 1, r.frame().length);
        assertArrayEquals(Arrays.copyOf(valid, threshold - 1), r.frame());
    }

    /** A device that crashes only while octet k is changed: every other changed octet is taken back. */
    @Property(tries = 200)
    void changedOctetsShrinkToTheOneThatMatters(@ForAll @Size(min = 4, max = 40) List<Byte> v,
                                               @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        byte[] valid = bytes(v);
        byte[] mutated = valid.clone();
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        int k = r.nextInt(valid.length);
        for (int i = 0; i < valid.length; i++) {
            if (i == k || r.nextInt(3) == 0) {
                mutated[i] ^= (byte) (1 + r.nextInt(255));
            }
        }
        FrameShrinker.Result res = new FrameShrinker(64).shrink(valid, mutated, f -> f[k] == mutated[k]);
        byte[] expected = valid.clone();
        expected[k] = mutated[k];
        assertArrayEquals(expected, res.frame());
        assertEquals(1, res.changedAfter());
    }

    /** Whatever the device does, the result triggers (or is the mutated frame) and the bound holds. */
    @Property(tries = 300)
    void theResultAlwaysTriggersAndTheBoundHolds(@ForAll @Size(min = 1, max = 50) List<Byte> v,
                                                 @ForAll @Size(min = 0, max = 80) List<Byte> m,
                                                 @ForAll @IntRange(min = 0, max = 30) int bound,
                                                 @ForAll @IntRange(min = 0, max = 1000) int seed) throws Exception {
        byte[] valid = bytes(v);
        byte[] mutated = bytes(m);
        int[] calls = {0};
        java.util.Set<String> triggering = new java.util.HashSet<>();
        FrameShrinker.Result r = new FrameShrinker(bound).shrink(valid, mutated, f -> {
            calls[0]++;
            boolean t = (Arrays.hashCode(f) ^ seed) % 3 != 0; // an arbitrary, erratic device
            if (t) {
                triggering.add(Arrays.toString(f));
            }
            return t;
        });
        assertTrue(calls[0] <= bound);
        assertTrue(r.frame() == mutated || triggering.contains(Arrays.toString(r.frame())));
        assertTrue(FrameShrinker.distance(valid, r.frame()) <= FrameShrinker.distance(valid, mutated)
                || r.frame() == mutated);
    }

    private static byte[] bytes(List<Byte> l) {
        byte[] b = new byte[l.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = l.get(i);
        }
        return b;
    }
}
