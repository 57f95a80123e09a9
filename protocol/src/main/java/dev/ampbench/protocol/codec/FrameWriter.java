package dev.ampbench.protocol.codec;

import java.io.ByteArrayOutputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Builds a frame and records its layout, the mirror of {@link FrameReader}. */
public final class FrameWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);
    /** Sized for a typical frame (8 to 20 fields): recording them seldom regrows the list (a fuzzing hot path). */
    private final List<FieldDescriptor> fields = new ArrayList<>(24);

    private FrameWriter add(String field, FieldKind kind, ByteOrder order, byte[] b) {
        fields.add(new FieldDescriptor(field, out.size(), b.length, kind, order));
        out.writeBytes(b);
        return this;
    }

    public FrameWriter u8(String field, FieldKind kind, int value) {
        if ((value & ~0xff) != 0) {
            throw new IllegalArgumentException(field + " does not fit one byte: " + value);
        }
        return add(field, kind, ByteOrder.BIG_ENDIAN, new byte[] {(byte) value});
    }

    public FrameWriter uintLe(String field, int n, FieldKind kind, long value) {
        checkFits(field, n, value);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return add(field, kind, ByteOrder.LITTLE_ENDIAN, b);
    }

    public FrameWriter uintBe(String field, int n, FieldKind kind, long value) {
        checkFits(field, n, value);
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[n - 1 - i] = (byte) (value >>> (8 * i));
        }
        return add(field, kind, ByteOrder.BIG_ENDIAN, b);
    }

    private static void checkFits(String field, int n, long value) {
        if (n < 1 || n > 7) {
            throw new IllegalArgumentException(field + ": integer width " + n + " is outside 1..7");
        }
        if (value < 0 || (value >>> (8 * n)) != 0) {
            throw new IllegalArgumentException(field + " does not fit " + n + " bytes: " + value);
        }
    }

    public FrameWriter bytes(String field, FieldKind kind, byte[] value) {
        return add(field, kind, ByteOrder.BIG_ENDIAN, value.clone());
    }

    /** Same as {@link #bytes} but omits the field (and its descriptor) when {@code value} is empty. */
    public FrameWriter optionalBytes(String field, FieldKind kind, byte[] value) {
        return value.length == 0 ? this : bytes(field, kind, value);
    }

    public int size() {
        return out.size();
    }

    public byte[] toBytes() {
        return out.toByteArray();
    }

    public List<FieldDescriptor> fields() {
        return List.copyOf(fields);
    }
}
