package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.machine.NonVolatileStore;
import java.util.Optional;
import java.util.OptionalLong;

/** Counters in a {@link NonVolatileStore}: each record is one unsigned value, 8 bytes, most significant first. */
final class Nvm {
    private Nvm() {
    }

    static OptionalLong read(NonVolatileStore store, String key) {
        Optional<byte[]> v = store.read(key);
        if (v.isEmpty() || v.get().length != 8) {
            return OptionalLong.empty();
        }
        long x = 0;
        for (byte b : v.get()) {
            x = (x << 8) | (b & 0xff);
        }
        return OptionalLong.of(x);
    }

    static void write(NonVolatileStore store, String key, long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[7 - i] = (byte) (value >>> (8 * i));
        }
        store.write(key, b);
    }
}
