package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;

/** Personalizations, contexts and effect helpers shared by the LoRaWAN tests. */
final class Fixtures {
    static final long DEV_EUI = 0x70b3d57ed0000001L;
    static final long JOIN_EUI = 0x70b3d57ed0000000L;

    private Fixtures() {
    }

    static KeyMaterial key(int fill) {
        byte[] k = new byte[16];
        for (int i = 0; i < 16; i++) {
            k[i] = (byte) (fill + i);
        }
        return KeyMaterial.of(k);
    }

    static LoRaWanPersonalization v10() {
        return LoRaWanPersonalization.v1_0_4(DEV_EUI, JOIN_EUI, key(0x10));
    }

    static LoRaWanPersonalization v11() {
        return LoRaWanPersonalization.v1_1(DEV_EUI, JOIN_EUI, key(0x20), key(0x30));
    }

    static LoRaWanPersonalization of(LoRaWanVersion v) {
        return v == LoRaWanVersion.V1_1 ? v11() : v10();
    }

    static MachineContext ctx(long seed, InMemoryStore store) {
        return new MachineContext(new SeededRandomSource(seed), new ManualClock(0), store);
    }

    /** The single frame among {@code effects}. */
    static byte[] transmitted(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        if (frames.size() != 1) {
            throw new AssertionError("expected one transmitted frame in " + effects);
        }
        return frames.get(0);
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static boolean accepted(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established || e instanceof Effect.Deliver);
    }

    /** The rule id of the one Rejected effect, failing if there is none. */
    static String rejectedRule(List<Effect> effects) {
        if (effects.size() != 1 || !(effects.get(0) instanceof Effect.Rejected r)) {
            throw new AssertionError("expected exactly one Rejected in " + effects);
        }
        return r.rule().id();
    }

    static boolean ignored(List<Effect> effects) {
        return effects.size() == 1 && effects.get(0) instanceof Effect.Ignored;
    }

    static byte[] delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst().orElseThrow(() -> new AssertionError("nothing delivered in " + effects));
    }

    static byte[] flip(byte[] frame, int bit) {
        byte[] f = frame.clone();
        f[bit / 8] ^= (byte) (1 << (bit % 8));
        return f;
    }
}
