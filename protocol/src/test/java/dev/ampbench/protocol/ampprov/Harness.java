package dev.ampbench.protocol.ampprov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;
import java.util.Set;

/** One tag and one gateway+AS for tests, with power cuts of the tag (new machine on the same store). */
final class Harness {
    final AmpProvPersonalization personalization;
    final AmpProvDeviceIdentity identity;
    final InMemoryStore tagStore = new InMemoryStore();
    final MachineContext tagCtx;
    final AmpProvAuthServer as;
    final AmpProvInfrastructure gw;
    final Set<Deviation> tagDeviations;
    AmpProvDevice tag;

    Harness(long seed, KdfMode mode, Set<Deviation> tagDeviations, Set<Deviation> gwDeviations) {
        this(AmpProvPersonalization.generate(new SeededRandomSource(seed), 0x0A0B0C0DL, mode), seed, tagDeviations,
                gwDeviations);
    }

    Harness(AmpProvPersonalization p, long seed, Set<Deviation> tagDeviations, Set<Deviation> gwDeviations) {
        this.personalization = p;
        this.identity = p.deviceIdentity();
        this.tagCtx = new MachineContext(new SeededRandomSource(seed * 31 + 7), new ManualClock(0), tagStore);
        this.as = new AmpProvAuthServer(p.asPrivateKey());
        as.register(p.deviceRecord());
        this.gw = new AmpProvInfrastructure(p.gatewayId(), as,
                new MachineContext(new SeededRandomSource(~seed), new ManualClock(0), new InMemoryStore()),
                gwDeviations);
        assertTrue(gw.enrol(QrPayload.forPublicKey(identity.tagPublicKey(), p.mode().bit())));
        this.tagDeviations = tagDeviations;
        this.tag = new AmpProvDevice(identity, tagCtx, tagDeviations);
    }

    static Harness correct(long seed, KdfMode mode) {
        return new Harness(seed, mode, Set.of(), Set.of());
    }

    static Harness tagWith(long seed, Deviation... d) {
        return new Harness(seed, KdfMode.SLIDES, Set.of(d), Set.of());
    }

    /** Beacon, request, response, confirm; asserts both sides established. */
    Exchange.Transcript provision() {
        Exchange.Transcript t = Exchange.run(gw, gw.beacon(), tag, 10);
        assertTrue(t.firstEstablished() && t.secondEstablished(), () -> "not provisioned: " + t);
        return t;
    }

    int addr() {
        return tag.localAddress().orElseThrow();
    }

    AmpProvDevice powerCut() {
        tag = new AmpProvDevice(identity, tagCtx, tagDeviations);
        return tag;
    }

    byte[] idHash() {
        return AmpProvKdf.idHash(AmpProvKdf.pubKeyHash(identity.tagPublicKey()));
    }

    /** The one frame among {@code effects}. */
    static byte[] frame(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        assertEquals(1, frames.size(), () -> "expected one frame in " + effects);
        return frames.get(0);
    }

    static void assertRejected(Rule rule, List<Effect> effects) {
        assertEquals(1, effects.size(), () -> effects.toString());
        Effect.Rejected r = assertInstanceOfRejected(effects.get(0));
        assertEquals(rule.id(), r.rule().id(), r.reason());
    }

    private static Effect.Rejected assertInstanceOfRejected(Effect e) {
        assertTrue(e instanceof Effect.Rejected, () -> "expected a rejection, got " + e);
        return (Effect.Rejected) e;
    }

    static void assertIgnored(List<Effect> effects) {
        assertEquals(1, effects.size(), () -> effects.toString());
        assertTrue(effects.get(0) instanceof Effect.Ignored, () -> "expected Ignored, got " + effects);
    }

    static boolean has(List<Effect> effects, Class<? extends Effect> kind) {
        return effects.stream().anyMatch(kind::isInstance);
    }

    static byte[] flip(byte[] frame, int bit) {
        byte[] f = frame.clone();
        f[bit / 8] ^= (byte) (0x80 >>> (bit % 8));
        return f;
    }
}
