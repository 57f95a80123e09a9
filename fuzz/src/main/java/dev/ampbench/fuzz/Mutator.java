package dev.ampbench.fuzz;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;

import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Mutates one frame, guided by its field descriptors. Deterministic: the same frame, descriptors, history and
 * random stream give the same mutation. A field-aware operator changes only its field (a truncated MIC also shortens
 * the frame); the result always differs from the input.
 */
public final class Mutator {
    /** Frames are never grown past this: the largest bench wire radio frame. */
    public static final int MAX_FRAME = 1010;
    /** How many earlier values of each field, and frames of each type, the history keeps (bounded memory). */
    static final int HISTORY_DEPTH = 8;

    /**
     * One mutation: what was done, to which field, and the resulting frame; {@code sealed}: the frame's MIC was then
     * recomputed (MIC fix-up mode, {@link MicMode}).
     */
    public record Mutation(Operator operator, String field, byte[] frame, boolean sealed) {
        public Mutation(Operator operator, String field, byte[] frame) {
            this(operator, field, frame, false);
        }

        public String describe() {
            return operator.name() + (field == null ? "" : " on " + field) + (sealed ? ", MIC recomputed" : "");
        }
    }

    /** How many seed values per field, and seed frames per type, are kept (bounded memory). */
    static final int SEED_DEPTH = 64;

    private final Map<String, ArrayDeque<byte[]>> values = new HashMap<>();
    private final Map<String, ArrayDeque<byte[]>> frames = new HashMap<>();
    /** Seeds (a golden capture's frames): drawn on like the history, never pushed out by the campaign's frames. */
    private final Map<String, ArrayDeque<byte[]>> seedValues = new HashMap<>();
    private final Map<String, ArrayDeque<byte[]>> seedFrames = new HashMap<>();

    /**
     * Adds a valid frame from elsewhere (a golden capture: other sessions, other devices) to the values and frames
     * the history operators draw on; unlike {@link #remember} it stays for the whole campaign (the first
     * {@link #SEED_DEPTH} per field and per type).
     */
    public void seed(String type, byte[] frame, List<FieldDescriptor> fields) {
        pushSeed(seedFrames, type, frame);
        for (FieldDescriptor f : fields) {
            if (f.kind() == FieldKind.NONCE || f.kind() == FieldKind.MIC || f.kind() == FieldKind.COUNTER) {
                pushSeed(seedValues, type + "." + f.name(), Arrays.copyOfRange(frame, f.offset(), f.end()));
            }
        }
    }

    private static void pushSeed(Map<String, ArrayDeque<byte[]>> m, String key, byte[] v) {
        ArrayDeque<byte[]> q = m.computeIfAbsent(key, k -> new ArrayDeque<>());
        if (q.size() < SEED_DEPTH) {
            q.addLast(v.clone());
        }
    }

    /** The history of {@code key} followed by its seeds (the history alone when there are none). */
    private static ArrayDeque<byte[]> withSeeds(Map<String, ArrayDeque<byte[]>> history,
                                                Map<String, ArrayDeque<byte[]>> seeds, String key) {
        ArrayDeque<byte[]> h = key == null ? null : history.get(key);
        ArrayDeque<byte[]> s = key == null ? null : seeds.get(key);
        if (s == null) {
            return h;
        }
        ArrayDeque<byte[]> all = new ArrayDeque<>(h == null ? s : h);
        if (h != null) {
            all.addAll(s);
        }
        return all;
    }

    /** Remembers a valid frame the counterpart sent, for old-value, other-frame MIC and splicing operators. */
    public void remember(String type, byte[] frame, List<FieldDescriptor> fields) {
        push(frames, type, frame);
        for (FieldDescriptor f : fields) {
            if (f.kind() == FieldKind.NONCE || f.kind() == FieldKind.MIC || f.kind() == FieldKind.COUNTER) {
                push(values, type + "." + f.name(), Arrays.copyOfRange(frame, f.offset(), f.end()));
            }
        }
    }

    /**
     * Forgets every frame {@link #remember}ed (the seeds stay): what the history operators draw on from then on is the
     * seeds and what is remembered after, so a case's mutation does not depend on how long the run has been going
     * (the campaign does this at each anchor, docs/fuzzing.md "Reproducibility").
     */
    public void forget() {
        values.clear();
        frames.clear();
    }

    private static void push(Map<String, ArrayDeque<byte[]>> m, String key, byte[] v) {
        ArrayDeque<byte[]> q = m.computeIfAbsent(key, k -> new ArrayDeque<>(HISTORY_DEPTH));
        if (q.size() == HISTORY_DEPTH) {
            q.removeFirst();
        }
        q.addLast(v.clone());
    }

    /**
     * @param type   the frame's type name (null when it does not decode: only generic operators then)
     * @param fields its field descriptors (empty when it does not decode)
     * @param r      the case's mutation stream
     */
    public Mutation mutate(byte[] frame, String type, List<FieldDescriptor> fields, SplittableRandom r) {
        List<FieldDescriptor> aware = new ArrayList<>();
        for (FieldDescriptor f : fields) {
            if (f.length() > 0 && !Operator.forKind(f.kind()).isEmpty()) {
                aware.add(f);
            }
        }
        if (!aware.isEmpty() && r.nextInt(4) != 0) {
            FieldDescriptor f = aware.get(r.nextInt(aware.size()));
            List<Operator> ops = Operator.forKind(f.kind());
            Operator op = ops.get(r.nextInt(ops.size()));
            byte[] out = field(op, frame, type, f, fields, r);
            if (Arrays.equals(out, frame)) {
                out[f.offset()] ^= 1; // the operator happened to write the same value: still change the field
            }
            return new Mutation(op, f.name(), out);
        }
        List<Operator> gen = Operator.generic();
        Operator op = gen.get(r.nextInt(gen.size()));
        byte[] out = generic(op, frame, type, r);
        if (Arrays.equals(out, frame)) {
            out = frame.length == 0 ? new byte[] {(byte) r.nextInt(256)} : frame.clone();
            if (out.length == frame.length) {
                out[r.nextInt(out.length)] ^= 1;
            }
        }
        return new Mutation(op, null, out);
    }

    private byte[] field(Operator op, byte[] frame, String type, FieldDescriptor f, List<FieldDescriptor> fields,
                         SplittableRandom r) {
        byte[] out = frame.clone();
        int off = f.offset();
        int len = f.length();
        switch (op) {
            case NONCE_ZERO, MIC_ZERO, PARAMETER_ZERO, KEY_ID_ZERO, LENGTH_ZERO, TYPE_ZERO, COUNTER_ZERO ->
                    Arrays.fill(out, off, off + len, (byte) 0);
            case NONCE_ONES, ADDRESS_BROADCAST -> Arrays.fill(out, off, off + len, (byte) 0xff);
            case NONCE_OLD, MIC_OTHER_FRAME -> {
                byte[] old = pick(withSeeds(values, seedValues, type + "." + f.name()), frame, off, len, r);
                if (old != null) {
                    System.arraycopy(old, 0, out, off, len);
                } else {
                    randomise(out, off, len, r);
                }
            }
            case NONCE_REPEAT -> {
                FieldDescriptor other = other(fields, f, r);
                if (other != null && other.length() == len) {
                    System.arraycopy(frame, other.offset(), out, off, len);
                } else {
                    byte[] old = pick(withSeeds(values, seedValues, type + "." + f.name()), frame, off, len, r);
                    if (old != null) {
                        System.arraycopy(old, 0, out, off, len);
                    } else {
                        Arrays.fill(out, off, off + len, (byte) 0);
                    }
                }
            }
            case MIC_RANDOM, ADDRESS_FOREIGN, PARAMETER_RANDOM, KEY_ID_RANDOM -> randomise(out, off, len, r);
            case MIC_KEEP_FIRST -> {
                if (len > 1) {
                    randomise(out, off + 1, len - 1, r);
                } else {
                    out[off] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case MIC_TRUNCATED -> {
                int keep = r.nextInt(len);
                byte[] t = new byte[frame.length - (len - keep)];
                System.arraycopy(frame, 0, t, 0, off + keep);
                System.arraycopy(frame, f.end(), t, off + keep, frame.length - f.end());
                return t;
            }
            case ADDRESS_NEIGHBOUR -> {
                int last = off + len - 1;
                int idx = f.order() == ByteOrder.LITTLE_ENDIAN ? off : last;
                out[idx] = (byte) (out[idx] + (r.nextBoolean() ? 1 : -1));
            }
            case ADDRESS_OTHER_FIELD -> {
                FieldDescriptor other = other(fields, f, r);
                if (other != null) {
                    int n = Math.min(len, other.length());
                    System.arraycopy(frame, other.offset(), out, off, n);
                } else {
                    randomise(out, off, len, r);
                }
            }
            case COUNTER_ROLLBACK -> setNumber(out, f, number(frame, f) - 1 - r.nextInt(16));
            case COUNTER_WRAP, LENGTH_MAX, TYPE_MAX -> setNumber(out, f, -1L);
            case COUNTER_JUMP -> setNumber(out, f, number(frame, f) + (1L << r.nextInt(Math.min(63, 8 * len))));
            case LENGTH_OFF_BY_ONE, TYPE_OFF_BY_ONE -> setNumber(out, f, number(frame, f) + (r.nextBoolean() ? 1 : -1));
            case PAYLOAD_FLIP -> {
                int flips = 1 + r.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    out[off + r.nextInt(len)] ^= (byte) (1 << r.nextInt(8));
                }
            }
            default -> throw new IllegalArgumentException(op + " is not a field operator");
        }
        return out;
    }

    private byte[] generic(Operator op, byte[] frame, String type, SplittableRandom r) {
        int n = frame.length;
        switch (op) {
            case BIT_FLIP -> {
                byte[] out = frame.clone();
                if (n == 0) {
                    return new byte[] {1};
                }
                int flips = 1 + r.nextInt(8);
                for (int i = 0; i < flips; i++) {
                    out[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
                return out;
            }
            case BYTE_RANDOM -> {
                byte[] out = frame.clone();
                if (n == 0) {
                    return new byte[] {(byte) r.nextInt(256)};
                }
                int k = 1 + r.nextInt(4);
                for (int i = 0; i < k; i++) {
                    out[r.nextInt(n)] = (byte) r.nextInt(256);
                }
                return out;
            }
            case TRUNCATE -> {
                return n == 0 ? new byte[0] : Arrays.copyOf(frame, r.nextInt(n));
            }
            case EXTEND -> {
                int add = Math.min(1 + r.nextInt(16), MAX_FRAME - n);
                byte[] out = Arrays.copyOf(frame, n + Math.max(add, 0));
                randomise(out, n, out.length - n, r);
                return out;
            }
            case OVERSIZE -> {
                int size = Math.max(n + 1, 400 + r.nextInt(MAX_FRAME - 400 + 1));
                byte[] out = Arrays.copyOf(frame, Math.min(size, MAX_FRAME));
                randomise(out, n, out.length - n, r);
                return out;
            }
            case SPLICE -> {
                byte[] other = pickFrame(type, frame, r);
                if (other == null || n == 0) {
                    return generic(Operator.BIT_FLIP, frame, type, r);
                }
                int cut = r.nextInt(n);
                int from = r.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(frame, Math.min(MAX_FRAME, cut + other.length - from));
                System.arraycopy(other, from, out, cut, out.length - cut);
                return out;
            }
            default -> throw new IllegalArgumentException(op + " is a field operator");
        }
    }

    private byte[] pickFrame(String type, byte[] frame, SplittableRandom r) {
        ArrayDeque<byte[]> q = withSeeds(frames, seedFrames, type);
        if (q == null || q.isEmpty()) {
            List<ArrayDeque<byte[]>> all = new ArrayList<>(frames.values());
            all.addAll(seedFrames.values());
            all.removeIf(ArrayDeque::isEmpty);
            if (all.isEmpty()) {
                return null;
            }
            all.sort((a, b) -> Integer.compare(a.peekFirst().length, b.peekFirst().length)); // HashMap order is not ours
            q = all.get(r.nextInt(all.size()));
        }
        byte[][] arr = q.toArray(new byte[0][]);
        return arr[r.nextInt(arr.length)];
    }

    private static byte[] pick(ArrayDeque<byte[]> q, byte[] frame, int off, int len, SplittableRandom r) {
        if (q == null) {
            return null;
        }
        List<byte[]> candidates = new ArrayList<>(q.size());
        for (byte[] v : q) {
            if (v.length == len && !Arrays.equals(v, 0, len, frame, off, off + len)) {
                candidates.add(v);
            }
        }
        return candidates.isEmpty() ? null : candidates.get(r.nextInt(candidates.size()));
    }

    private static FieldDescriptor other(List<FieldDescriptor> fields, FieldDescriptor f, SplittableRandom r) {
        List<FieldDescriptor> same = new ArrayList<>();
        for (FieldDescriptor o : fields) {
            if (o != f && o.kind() == f.kind() && o.length() > 0 && !o.name().equals(f.name())) {
                same.add(o);
            }
        }
        return same.isEmpty() ? null : same.get(r.nextInt(same.size()));
    }

    private static void randomise(byte[] out, int off, int len, SplittableRandom r) {
        for (int i = off; i < off + len; i++) {
            out[i] = (byte) r.nextInt(256);
        }
    }

    /** The field's value as an unsigned number (its low 8 octets for a longer field). */
    static long number(byte[] frame, FieldDescriptor f) {
        int len = Math.min(f.length(), 8);
        long v = 0;
        for (int i = 0; i < len; i++) {
            int idx = f.order() == ByteOrder.LITTLE_ENDIAN ? f.offset() + len - 1 - i : f.end() - len + i;
            v = (v << 8) | (frame[idx] & 0xff);
        }
        return v;
    }

    /** Writes {@code v} into the field, truncated to its width (so it wraps as the device's arithmetic would). */
    static void setNumber(byte[] out, FieldDescriptor f, long v) {
        int len = f.length();
        for (int i = 0; i < len; i++) {
            byte b = i < 8 ? (byte) (v >>> (8 * i)) : (v < 0 ? (byte) 0xff : 0);
            int idx = f.order() == ByteOrder.LITTLE_ENDIAN ? f.offset() + i : f.end() - 1 - i;
            out[idx] = b;
        }
    }
}
