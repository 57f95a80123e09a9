package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.machine.NonVolatileStore;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A LoRaWAN counter in a {@link NonVolatileStore} (the device's DevNonce and JoinNonce, the Join Server's records):
 * one unsigned value, 8 octets, most significant first. Public so that a bench reading a DUT's records (NV_READ) or
 * seeding its own machines' stores uses the same format as the machines.
 */
public final class CounterRecord {
    private CounterRecord() {
    }

    /** The value of a record; empty when there is none or it is not 8 octets. */
    public static OptionalLong decode(Optional<byte[]> record) {
        if (record.isEmpty() || record.get().length != 8) {
            return OptionalLong.empty();
        }
        long x = 0;
        for (byte b : record.get()) {
            x = (x << 8) | (b & 0xff);
        }
        return OptionalLong.of(x);
    }

    /** The record holding {@code value}. */
    public static byte[] encode(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[7 - i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    static OptionalLong read(NonVolatileStore store, String key) {
        return decode(store.read(key));
    }

    static void write(NonVolatileStore store, String key, long value) {
        store.write(key, encode(value));
    }
}
