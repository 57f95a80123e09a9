package dev.ampbench.emulator.device;

import dev.ampbench.protocol.machine.NonVolatileStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * An emulated device's non-volatile memory, with writes that a power cut can tear.
 *
 * <p>Each record is programmed byte by byte into erased (0xFF) cells, as flash is. How a torn write shows up after
 * reboot depends on the device's write discipline:
 * <ul>
 *   <li>{@link Discipline#AB_SLOTS} (correct firmware): two slots per record, each with a sequence number and a
 *       check; a write goes to the older slot and only its final commit makes it valid. A torn write leaves the
 *       previous value readable.</li>
 *   <li>{@link Discipline#SINGLE_SLOT} (a known defect): the record is overwritten in place; a torn write leaves
 *       the first bytes new and the rest erased, and that is what the device reads back.</li>
 * </ul>
 * Listeners hear every write begin and end, so the device can report them on the bench wire and the bench can
 * trigger a power cut exactly there.
 */
public final class EmulatedNvm implements NonVolatileStore {

    public enum Discipline { AB_SLOTS, SINGLE_SLOT }

    /** One write, as listeners see it. {@code sequence} counts every write since the NVM was made. */
    public record NvWrite(String key, int length, long sequence) {
    }

    public interface Listener {
        void writeStarted(NvWrite write);

        void writeFinished(NvWrite write);
    }

    private record Slot(long sequence, byte[] data, boolean committed) {
    }

    private final Discipline discipline;
    private final Map<String, Slot[]> records = new TreeMap<>();
    private final Map<String, Long> writeCounts = new TreeMap<>();
    private final List<Listener> listeners = new ArrayList<>();
    private long writes;
    private Predicate<NvWrite> tearWhen;
    private int tearAfterBytes;
    private final BooleanSupplier powerPresent;
    private final long nanosPerByte;

    /** An NVM that programs instantly and never loses power by itself: for unit tests and fast fuzzing. */
    public EmulatedNvm(Discipline discipline) {
        this(discipline, () -> true, 0);
    }

    /**
     * @param powerPresent  read before each byte is programmed; when it turns false mid-write, the write tears
     *                      there, as a real brown-out would tear it
     * @param nanosPerByte  programming time per byte (flash takes tens of microseconds a word), so that a bench
     *                      that cuts power on the NV-write-begin event really lands inside the write
     */
    public EmulatedNvm(Discipline discipline, BooleanSupplier powerPresent, long nanosPerByte) {
        this.discipline = discipline;
        this.powerPresent = powerPresent;
        this.nanosPerByte = Math.max(0, nanosPerByte);
    }

    public Discipline discipline() {
        return discipline;
    }

    public synchronized void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * Arms a one-shot power cut inside the next write that matches: the record gets its first
     * {@code afterBytes} bytes and then power is lost ({@link PowerLossException} is thrown into the device).
     */
    public synchronized void armTear(Predicate<NvWrite> when, int afterBytes) {
        this.tearWhen = when;
        this.tearAfterBytes = Math.max(0, afterBytes);
    }

    public synchronized void disarmTear() {
        this.tearWhen = null;
    }

    @Override
    public synchronized Optional<byte[]> read(String key) {
        Slot[] slots = records.get(key);
        if (slots == null) {
            return Optional.empty();
        }
        if (discipline == Discipline.SINGLE_SLOT) {
            return Optional.of(slots[0].data().clone());
        }
        Slot best = null;
        for (Slot s : slots) {
            if (s != null && s.committed() && (best == null || s.sequence() > best.sequence())) {
                best = s;
            }
        }
        return best == null ? Optional.empty() : Optional.of(best.data().clone());
    }

    @Override
    public void write(String key, byte[] value) {
        NvWrite w;
        List<Listener> ls;
        boolean tear;
        int tearBytes;
        synchronized (this) {
            w = new NvWrite(key, value.length, ++writes);
            writeCounts.merge(key, 1L, Long::sum);
            ls = List.copyOf(listeners);
            tear = tearWhen != null && tearWhen.test(w);
            tearBytes = Math.min(tearAfterBytes, value.length);
            if (tear) {
                tearWhen = null;
            }
        }
        ls.forEach(l -> l.writeStarted(w));
        if (!tear) {
            int programmed = program(value);
            if (programmed < value.length) {
                tear = true;
                tearBytes = programmed;
            }
        }
        synchronized (this) {
            if (tear) {
                byte[] torn = new byte[value.length];
                Arrays.fill(torn, (byte) 0xff);
                System.arraycopy(value, 0, torn, 0, tearBytes);
                program(key, torn, false);
                throw new PowerLossException("during the non-volatile write of '" + key + "' after " + tearBytes
                        + " of " + value.length + " bytes");
            }
            program(key, value.clone(), true);
        }
        ls.forEach(l -> l.writeFinished(w));
    }

    /** Spends the programming time byte by byte; returns how many bytes were programmed before power went. */
    private int program(byte[] value) {
        for (int i = 0; i < value.length; i++) {
            if (!powerPresent.getAsBoolean()) {
                return i;
            }
            if (nanosPerByte > 0) {
                LockSupport.parkNanos(nanosPerByte);
            }
        }
        return value.length;
    }

    private void program(String key, byte[] data, boolean complete) {
        Slot[] slots = records.computeIfAbsent(key, k -> new Slot[2]);
        if (discipline == Discipline.SINGLE_SLOT) {
            slots[0] = new Slot(writes, data, complete);
            return;
        }
        int target = older(slots);
        slots[target] = new Slot(writes, data, complete);
    }

    private static int older(Slot[] slots) {
        if (slots[0] == null || !slots[0].committed()) {
            return 0;
        }
        if (slots[1] == null || !slots[1].committed()) {
            return 1;
        }
        return slots[0].sequence() <= slots[1].sequence() ? 0 : 1;
    }

    /**
     * Writes a record as a factory programmer does: complete, committed, with the programmer's own power, without
     * the device's listeners or timing. For personalization, never for the device's own writes.
     */
    public synchronized void factoryProgram(String key, byte[] value) {
        writes++;
        program(key, value.clone(), true);
    }

    @Override
    public synchronized void erase(String key) {
        records.remove(key);
    }

    public synchronized void eraseAll() {
        records.clear();
    }

    /** Every readable record, for the bench wire's NV_READ and for reports. */
    public synchronized Map<String, byte[]> snapshot() {
        Map<String, byte[]> out = new TreeMap<>();
        for (String k : records.keySet()) {
            read(k).ifPresent(v -> out.put(k, v));
        }
        return out;
    }

    /** Writes per record since the NVM was made: flash wear, and evidence of what the device persists. */
    public synchronized Map<String, Long> writeCounts() {
        return Map.copyOf(writeCounts);
    }
}
