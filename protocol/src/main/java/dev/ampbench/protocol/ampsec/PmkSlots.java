package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.NonVolatileStore;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The STA's PMK in non-volatile memory, safe against a torn write: two records, {@value #SLOT_A} and
 * {@value #SLOT_B}, each Generation (2, big-endian) || PMK (32) || CRC-32 of both (4, big-endian). An update writes
 * the slot that does not hold the current PMK, so a power cut mid-write leaves the current slot intact; at boot the
 * valid slot with the highest generation wins, and the personalization's PMK stands when neither is valid.
 */
final class PmkSlots {
    static final String SLOT_A = "ampsec.pmk.a";
    static final String SLOT_B = "ampsec.pmk.b";
    private static final int RECORD_LENGTH = 2 + AmpSecKeySchedule.PMK_LENGTH + 4;

    /** A PMK and its generation. */
    record Entry(int generation, KeyMaterial pmk) {
    }

    private PmkSlots() {
    }

    static Entry load(NonVolatileStore store, Entry factory) {
        Entry best = factory;
        for (String slot : new String[] {SLOT_A, SLOT_B}) {
            Optional<Entry> e = read(store, slot);
            if (e.isPresent() && e.get().generation() > best.generation()) {
                best = e.get();
            }
        }
        return best;
    }

    /** Writes {@code next} into the slot that does not hold {@code current}. */
    static void commit(NonVolatileStore store, Entry current, Entry next) {
        boolean aHoldsCurrent = read(store, SLOT_A).map(e -> e.generation() == current.generation()).orElse(false);
        store.write(aHoldsCurrent ? SLOT_B : SLOT_A, encode(next));
    }

    private static Optional<Entry> read(NonVolatileStore store, String slot) {
        return store.read(slot).filter(b -> b.length == RECORD_LENGTH).filter(PmkSlots::checks).map(b ->
                new Entry(((b[0] & 0xff) << 8) | (b[1] & 0xff),
                        KeyMaterial.of(java.util.Arrays.copyOfRange(b, 2, 2 + AmpSecKeySchedule.PMK_LENGTH))));
    }

    private static boolean checks(byte[] record) {
        return ByteBuffer.wrap(record, RECORD_LENGTH - 4, 4).getInt() == crc(record, RECORD_LENGTH - 4);
    }

    private static byte[] encode(Entry e) {
        ByteBuffer b = ByteBuffer.allocate(RECORD_LENGTH);
        b.putShort((short) e.generation()).put(e.pmk().bytes());
        b.putInt(crc(b.array(), RECORD_LENGTH - 4));
        return b.array();
    }

    private static int crc(byte[] b, int len) {
        CRC32 c = new CRC32();
        c.update(b, 0, len);
        return (int) c.getValue();
    }
}
