package dev.ampbench.protocol.codec;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict cursor over a frame's bytes. Every read names its field; a read past the end throws a
 * {@link FrameDecodeException} with that field and its offset. Reads record a {@link FieldDescriptor} each, so a
 * decoder gets the frame's layout for free. Allocates at most the input's size: lengths are checked against what
 * is left before anything is copied.
 */
public final class FrameReader {
    private final byte[] data;
    private int pos;
    /** Sized for a typical frame (8 to 20 fields): recording them seldom regrows the list (a fuzzing hot path). */
    private final List<FieldDescriptor> fields = new ArrayList<>(24);

    public FrameReader(byte[] data) {
        this.data = data;
    }

    public int position() {
        return pos;
    }

    public int remaining() {
        return data.length - pos;
    }

    public int length() {
        return data.length;
    }

    /** The layout read so far. */
    public List<FieldDescriptor> fields() {
        return List.copyOf(fields);
    }

    private void need(String field, int n) throws FrameDecodeException {
        if (n < 0) {
            throw new FrameDecodeException(field, pos, "negative length " + n);
        }
        if (remaining() < n) {
            throw new FrameDecodeException(field, pos,
                    "needs " + n + " byte" + (n == 1 ? "" : "s") + ", " + remaining() + " left", true);
        }
    }

    private void record(String field, int n, FieldKind kind, ByteOrder order) {
        fields.add(new FieldDescriptor(field, pos, n, kind, order));
        pos += n;
    }

    public int u8(String field, FieldKind kind) throws FrameDecodeException {
        need(field, 1);
        int v = data[pos] & 0xff;
        record(field, 1, kind, ByteOrder.BIG_ENDIAN);
        return v;
    }

    /** Unsigned integer of {@code n} bytes (1..7), least significant byte first. */
    public long uintLe(String field, int n, FieldKind kind) throws FrameDecodeException {
        checkWidth(field, n);
        need(field, n);
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (data[pos + i] & 0xff);
        }
        record(field, n, kind, ByteOrder.LITTLE_ENDIAN);
        return v;
    }

    /** Unsigned integer of {@code n} bytes (1..7), most significant byte first. */
    public long uintBe(String field, int n, FieldKind kind) throws FrameDecodeException {
        checkWidth(field, n);
        need(field, n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = (v << 8) | (data[pos + i] & 0xff);
        }
        record(field, n, kind, ByteOrder.BIG_ENDIAN);
        return v;
    }

    private void checkWidth(String field, int n) throws FrameDecodeException {
        if (n < 1 || n > 7) {
            throw new FrameDecodeException(field, pos, "integer width " + n + " is outside 1..7");
        }
    }

    /** Exactly {@code n} bytes. */
    public byte[] bytes(String field, int n, FieldKind kind) throws FrameDecodeException {
        need(field, n);
        byte[] v = Arrays.copyOfRange(data, pos, pos + n);
        record(field, n, kind, ByteOrder.BIG_ENDIAN);
        return v;
    }

    /** Everything but the last {@code tail} bytes (which must exist), e.g. a payload before a MIC. */
    public byte[] upToTail(String field, int tail, FieldKind kind) throws FrameDecodeException {
        need(field, tail);
        return bytes(field, remaining() - tail, kind);
    }

    /** All remaining bytes (possibly none). */
    public byte[] rest(String field, FieldKind kind) throws FrameDecodeException {
        return bytes(field, remaining(), kind);
    }

    /** Fails unless every byte has been read. */
    public void end(String after) throws FrameDecodeException {
        if (remaining() != 0) {
            throw new FrameDecodeException(after, pos, remaining() + " unexpected trailing byte"
                    + (remaining() == 1 ? "" : "s"));
        }
    }

    /** Fails with the field and offset of the last read field (or this position) when {@code ok} is false. */
    public FrameDecodeException error(String field, String problem) {
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (fields.get(i).name().equals(field)) {
                return new FrameDecodeException(field, fields.get(i).offset(), problem);
            }
        }
        return new FrameDecodeException(field, pos, problem);
    }
}
