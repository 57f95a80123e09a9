package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.RandomSource;
import java.util.List;

/** Shared inputs and effect helpers for the aiot-s9 tests. */
final class Fixtures {
    static final byte[] KEY = Hex.decode("000102030405060708090a0b0c0d0e0f");
    static final byte[] DEVICE_ID = Hex.decode("a0a1a2a3a4a5a6a7");
    static final byte[] NN = Hex.decode("b0b1b2b3b4b5b6b7");
    static final byte[] DN = Hex.decode("c0c1c2c3c4c5c6c7");

    private Fixtures() {
    }

    static AiotS9Personalization personalization(IdMode mode, SecurityPolicy minimum) {
        return new AiotS9Personalization(DEVICE_ID, KeyMaterial.of(KEY), mode, minimum);
    }

    static AiotS9Personalization personalization(byte[] id, byte[] key, IdMode mode) {
        return new AiotS9Personalization(id, KeyMaterial.of(key), mode, SecurityPolicy.INTEGRITY);
    }

    /** Randomness that always yields the same bytes: for pinning nonces to reference values. */
    static RandomSource constant(byte[] value) {
        return out -> {
            for (int i = 0; i < out.length; i++) {
                out[i] = value[i % value.length];
            }
        };
    }

    static MachineContext context(RandomSource random) {
        return new MachineContext(random, new ManualClock(0), new InMemoryStore());
    }

    static byte[] onlyTransmit(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        if (frames.size() != 1) {
            throw new AssertionError("expected exactly one transmission in " + effects);
        }
        return frames.get(0);
    }

    static boolean transmits(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Transmit);
    }

    static boolean accepts(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Transmit || e instanceof Effect.Established
                || e instanceof Effect.Deliver);
    }

    /** The rule id of the single Rejected effect, or a failure naming what happened instead. */
    static String rejectedRule(List<Effect> effects) {
        if (effects.size() == 1 && effects.get(0) instanceof Effect.Rejected r) {
            return r.rule().id();
        }
        throw new AssertionError("expected one Rejected effect, got " + effects);
    }

    static boolean ignored(List<Effect> effects) {
        return effects.size() == 1 && effects.get(0) instanceof Effect.Ignored;
    }

    static byte[] flipBit(byte[] frame, int bit) {
        byte[] out = frame.clone();
        out[bit / 8] ^= (byte) (1 << (bit % 8));
        return out;
    }
}
