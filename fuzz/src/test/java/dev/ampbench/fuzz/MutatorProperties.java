package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the mutators, over every frame of every profile's valid tag scenario. */
class MutatorProperties {

    private static final List<Frame> FRAMES = new ArrayList<>();

    static {
        for (Profile p : Profile.values()) {
            FRAMES.addAll(Samples.frames(p));
        }
    }

    @Provide
    Arbitrary<Frame> frames() {
        return Arbitraries.of(FRAMES);
    }

    private static Mutator withHistory() {
        Mutator m = new Mutator();
        for (Frame f : FRAMES) {
            m.remember(f.type(), f.encode(), f.fields());
        }
        return m;
    }

    @Property
    void theSameSeedGivesTheSameMutation(@ForAll("frames") Frame f, @ForAll long seed) {
        Mutator.Mutation a = withHistory().mutate(f.encode(), f.type(), f.fields(), new SplittableRandom(seed));
        Mutator.Mutation b = withHistory().mutate(f.encode(), f.type(), f.fields(), new SplittableRandom(seed));
        assertEquals(a.operator(), b.operator());
        assertEquals(a.field(), b.field());
        assertArrayEquals(a.frame(), b.frame());
    }

    @Property
    void aMutationAlwaysChangesTheFrameAndStaysWithinTheLargestRadioFrame(@ForAll("frames") Frame f,
                                                                          @ForAll long seed) {
        Mutator.Mutation m = withHistory().mutate(f.encode(), f.type(), f.fields(), new SplittableRandom(seed));
        assertFalse(Arrays.equals(f.encode(), m.frame()), m.describe() + " left the frame as it was");
        assertTrue(m.frame().length <= Mutator.MAX_FRAME);
    }

    @Property
    void aFieldAwareMutatorChangesOnlyItsField(@ForAll("frames") Frame f, @ForAll long seed) {
        byte[] in = f.encode();
        Mutator.Mutation m = withHistory().mutate(in, f.type(), f.fields(), new SplittableRandom(seed));
        if (m.field() == null) {
            return; // a generic operator: checked by the other properties
        }
        FieldDescriptor d = f.fields().stream().filter(x -> x.name().equals(m.field())).findFirst().orElse(null);
        assertNotNull(d, "the mutation names a field of the frame: " + m.describe());
        assertEquals(m.operator().kind(), d.kind(), "the operator is for the field's kind");
        byte[] out = m.frame();
        if (m.operator().resizes()) {
            // A truncated MIC: what precedes the field is intact and what follows it is the frame's own tail.
            assertTrue(out.length < in.length);
            assertArrayEquals(Arrays.copyOf(in, d.offset()), Arrays.copyOf(out, d.offset()));
            assertArrayEquals(Arrays.copyOfRange(in, d.end(), in.length),
                    Arrays.copyOfRange(out, out.length - (in.length - d.end()), out.length));
            return;
        }
        assertEquals(in.length, out.length);
        for (int i = 0; i < in.length; i++) {
            if (i < d.offset() || i >= d.end()) {
                assertEquals(in[i], out[i], "octet " + i + " outside " + d + " changed by " + m.describe());
            }
        }
        assertFalse(Arrays.equals(in, d.offset(), d.end(), out, d.offset(), d.end()));
    }

    @Property
    void anOldValueComesFromTheHistoryOfTheSameField(@ForAll("frames") Frame f, @ForAll long seed) {
        FieldDescriptor nonce = f.fields().stream().filter(d -> d.kind() == dev.ampbench.protocol.codec.FieldKind.NONCE)
                .findFirst().orElse(null);
        if (nonce == null) {
            return;
        }
        byte[] old = new byte[nonce.length()];
        new SplittableRandom(seed).nextBytes(old);
        byte[] earlier = f.encode();
        System.arraycopy(old, 0, earlier, nonce.offset(), old.length);
        Mutator m = new Mutator();
        m.remember(f.type(), earlier, f.fields());
        // Only NONCE_OLD picks from the history: find a seed that chooses it, then check what it wrote.
        for (int i = 0; i < 2000; i++) {
            Mutator.Mutation mu = m.mutate(f.encode(), f.type(), List.of(nonce), new SplittableRandom(seed + i));
            if (mu.operator() == Operator.NONCE_OLD) {
                if (!Arrays.equals(old, 0, old.length, f.encode(), nonce.offset(), nonce.end())) {
                    assertArrayEquals(old, Arrays.copyOfRange(mu.frame(), nonce.offset(), nonce.end()));
                }
                return;
            }
        }
        throw new AssertionError("NONCE_OLD never chosen in 2000 seeds");
    }

    @Property
    void afterForgettingAMutatorDrawsOnItsSeedsAloneAsANewOneDoes(@ForAll("frames") Frame f,
                                                                  @ForAll("frames") Frame seedFrame,
                                                                  @ForAll long seed) {
        Mutator used = withHistory();
        Mutator fresh = new Mutator();
        for (Mutator m : List.of(used, fresh)) {
            m.seed(seedFrame.type(), seedFrame.encode(), seedFrame.fields());
        }
        used.forget();
        Mutator.Mutation a = used.mutate(f.encode(), f.type(), f.fields(), new SplittableRandom(seed));
        Mutator.Mutation b = fresh.mutate(f.encode(), f.type(), f.fields(), new SplittableRandom(seed));
        assertEquals(b.operator(), a.operator());
        assertArrayEquals(b.frame(), a.frame(), a.operator() + " on " + a.field());
    }

    @Property
    void numbersRoundTripInEitherByteOrder(@ForAll("frames") Frame f, @ForAll long value) {
        for (FieldDescriptor d : f.fields()) {
            if (d.length() == 0 || d.length() > 8) {
                continue;
            }
            byte[] out = f.encode();
            Mutator.setNumber(out, d, value);
            long mask = d.length() == 8 ? -1L : (1L << (8 * d.length())) - 1;
            assertEquals(value & mask, Mutator.number(out, d), d.toString());
        }
    }

    @Property(tries = 20)
    @Tag("campaign")
    void longRunEveryMutationIsDeterministic(@ForAll("frames") Frame f, @ForAll long seed) {
        for (int i = 0; i < 10_000; i++) {
            theSameSeedGivesTheSameMutation(f, seed + i);
        }
    }
}
