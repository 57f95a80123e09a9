package dev.ampbench.bench.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.CaptureFixtures;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The structural comparison, over every frame of every golden capture, each changed in one field: what the change
 * means depends on the field's kind only (docs/replay.md, "Structural comparison").
 */
class FrameComparisonProperties {

    /** The nonce rule of the side that sends the frame (docs/protocols/): its device or its infrastructure. */
    private static final Map<String, String> NONCE_RULE = Map.of(
            "amp-sec device", "AMP-SEC-R3", "amp-sec infrastructure", "AMP-SEC-R4",
            "amp-prov device", "AMP-PROV-R2", "amp-prov infrastructure", "AMP-PROV-R6",
            "aiot-s9 device", "AIOT-S9-R4", "aiot-s9 infrastructure", "AIOT-S9-R3",
            "lorawan device", "LORAWAN-R2", "lorawan infrastructure", "LORAWAN-R5");

    /** One golden frame, the role of the side that sent it, and one of its fields. */
    record Case(Profile profile, Role sender, byte[] frame, FieldDescriptor field, int octet, int mask) {
        @Override
        public String toString() {
            return profile.id() + " " + sender + " " + field + " octet " + octet + " ^ " + mask;
        }

        byte[] changed() {
            byte[] c = frame.clone();
            c[field.offset() + octet] ^= (byte) mask;
            return c;
        }

        FrameComparison comparison() {
            return new FrameComparison(profile, sender);
        }
    }

    private static final List<Object[]> FRAMES = goldenFrames();

    private static List<Object[]> goldenFrames() {
        List<Object[]> out = new ArrayList<>();
        try {
            for (Profile p : Profile.values()) {
                for (Role dutRole : Role.values()) {
                    for (CapturedFrame f : CaptureFixtures.read(p, dutRole).ampbenchFrames()) {
                        Role sender = f.direction() == Direction.FROM_DUT ? dutRole
                                : dutRole == Role.DEVICE ? Role.INFRASTRUCTURE : Role.DEVICE;
                        out.add(new Object[] {p, sender, f.frame()});
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    private static Frame decode(Profile p, byte[] b) {
        try {
            return Profiles.codec(p).decode(b);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Arbitrary<Case> cases(java.util.function.Predicate<FieldDescriptor> field) {
        List<Object[]> candidates = new ArrayList<>();
        for (Object[] f : FRAMES) {
            for (FieldDescriptor d : decode((Profile) f[0], (byte[]) f[2]).fields()) {
                if (d.length() > 0 && field.test(d)) {
                    candidates.add(new Object[] {f[0], f[1], f[2], d});
                }
            }
        }
        return Combinators.combine(Arbitraries.of(candidates), Arbitraries.integers().between(0, 1 << 16),
                Arbitraries.integers().between(1, 255)).as((c, octet, mask) -> new Case((Profile) c[0], (Role) c[1],
                (byte[]) c[2], (FieldDescriptor) c[3], octet % ((FieldDescriptor) c[3]).length(), mask));
    }

    @Provide
    Arbitrary<Case> identifying() {
        return cases(d -> (d.kind() == FieldKind.ADDRESS && !d.name().startsWith("Protected"))
                || d.kind() == FieldKind.TYPE || d.kind() == FieldKind.LENGTH || d.kind() == FieldKind.PARAMETER);
    }

    @Provide
    Arbitrary<Case> nonces() {
        return cases(d -> d.kind() == FieldKind.NONCE);
    }

    @Provide
    Arbitrary<Case> mics() {
        return cases(d -> d.kind() == FieldKind.MIC);
    }

    @Property(tries = 300)
    void aChangedIdentifyingFieldIsADivergence(@ForAll("identifying") Case c) {
        // the original frame counts as played, so its nonces are echoes, not reuse: only the change is judged
        FrameComparison.Result r = c.comparison().compare(c.frame(), c.changed(), List.of(c.frame()), true);
        assertEquals(FrameComparison.Outcome.DIVERGED, r.outcome(), c + ": " + r);
    }

    @Property(tries = 300)
    void aFreshNonceIsExplainedAndTheSameNonceBreaksTheNonceRule(@ForAll("nonces") Case c) {
        long nonceFields = decode(c.profile(), c.frame()).fields().stream().filter(d -> d.kind() == FieldKind.NONCE)
                .count();
        Assume.that(nonceFields == 1);
        FrameComparison.Result fresh = c.comparison().compare(c.frame(), c.changed(), List.of(), false);
        assertEquals(FrameComparison.Outcome.EXPLAINED, fresh.outcome(), c + ": " + fresh);
        assertTrue(fresh.notes().contains(c.field().name() + " fresh"), c + ": " + fresh);
        FrameComparison.Result same = c.comparison().compare(c.frame(), c.frame(), List.of(), false);
        String rule = NONCE_RULE.get(c.profile().id() + " " + c.sender().name().toLowerCase());
        if (rule == null) {
            assertEquals(FrameComparison.Outcome.DIVERGED, same.outcome(), c + ": " + same);
        } else {
            assertEquals(FrameComparison.Outcome.BROKEN, same.outcome(), c + ": " + same);
            assertEquals(rule, same.rule().orElseThrow().id(), c + ": " + same);
        }
    }

    @Property(tries = 300)
    void aChangedMicIsExplainedOnlyByFreshInput(@ForAll("mics") Case c) {
        boolean encryptedWhole = c.profile() == Profile.LORAWAN
                && decode(c.profile(), c.frame()).type().equals("JoinAccept");
        Assume.that(!encryptedWhole);
        List<byte[]> played = List.of(c.frame()); // nonces are echoes: nothing in the frame itself is fresh
        FrameComparison.Result stale = c.comparison().compare(c.frame(), c.changed(), played, false);
        assertEquals(FrameComparison.Outcome.DIVERGED, stale.outcome(), c + ": " + stale);
        FrameComparison.Result afterFresh = c.comparison().compare(c.frame(), c.changed(), played, true);
        assertEquals(FrameComparison.Outcome.EXPLAINED, afterFresh.outcome(), c + ": " + afterFresh);
    }

    @Property(tries = 100)
    void aFrameComparedWithItselfWhereItsNoncesAreEchoesIsIdentical(@ForAll("mics") Case c) {
        FrameComparison.Result r = c.comparison().compare(c.frame(), c.frame(), List.of(c.frame()), false);
        assertEquals(FrameComparison.Outcome.IDENTICAL, r.outcome(), c + ": " + r);
    }
}
