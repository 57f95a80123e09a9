package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;

/** Shared test data: the 802.11 PTK vector's identities, and helpers to read effects. */
final class Fixtures {
    static final byte[] AA = Hex.decode("a0a1a1a3a4a5");
    static final byte[] SA = Hex.decode("b0b1b2b3b4b5");
    static final KeyMaterial PMK =
            KeyMaterial.of(Hex.decode("0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"));
    static final byte[] ANONCE = Hex.decode("e0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405");
    static final byte[] SNONCE = Hex.decode("c0c1c2c3c4c5c6c7c8c9d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5");

    private Fixtures() {
    }

    static AmpSecPersonalization personalization() {
        return new AmpSecPersonalization(AA, SA, PMK, 0, AmpSecParameters.DEFAULT);
    }

    static AmpSecPersonalization personalization(byte[] sa) {
        return new AmpSecPersonalization(AA, sa, PMK, 0, AmpSecParameters.DEFAULT);
    }

    /** Always returns the same bytes: for known-answer transcripts. */
    static RandomSource fixed(byte[] value) {
        return out -> System.arraycopy(value, 0, out, 0, out.length);
    }

    static MachineContext context(long seed) {
        return new MachineContext(new SeededRandomSource(seed), new ManualClock(0), new InMemoryStore());
    }

    static MachineContext context(long seed, InMemoryStore store) {
        return new MachineContext(new SeededRandomSource(seed), new ManualClock(0), store);
    }

    static byte[] transmitted(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        if (frames.size() != 1) {
            throw new AssertionError("expected one transmission in " + effects);
        }
        return frames.get(0);
    }

    static Effect.Rejected rejected(List<Effect> effects) {
        if (effects.size() != 1 || !(effects.get(0) instanceof Effect.Rejected r)) {
            throw new AssertionError("expected one Rejected in " + effects);
        }
        return r;
    }

    static String rejectedRule(List<Effect> effects) {
        return rejected(effects).rule().id();
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static List<byte[]> delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .toList();
    }
}
