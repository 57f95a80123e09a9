package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a frame's bytes and its field descriptors together, so the two cannot disagree. Unlike the core
 * {@code FrameWriter} it writes 8-byte little-endian EUIs, which LoRaWAN needs.
 */
final class Layout {
    private final byte[] out;
    private int pos;
    private final List<FieldDescriptor> fields = new ArrayList<>(8);

    Layout(int size) {
        out = new byte[size];
    }

    Layout u8(String name, FieldKind kind, int value) {
        fields.add(new FieldDescriptor(name, pos, 1, kind, ByteOrder.BIG_ENDIAN));
        out[pos++] = (byte) value;
        return this;
    }

    /** An unsigned integer of {@code n} bytes, least significant byte first (LoRaWAN's order on the air). */
    Layout le(String name, int n, FieldKind kind, long value) {
        fields.add(new FieldDescriptor(name, pos, n, kind, ByteOrder.LITTLE_ENDIAN));
        for (int i = 0; i < n; i++) {
            out[pos++] = (byte) (value >>> (8 * i));
        }
        return this;
    }

    /** A byte string; omitted with its descriptor when empty (optional fields are absent, never zero-length). */
    Layout bytes(String name, FieldKind kind, byte[] value) {
        if (value.length > 0) {
            fields.add(new FieldDescriptor(name, pos, value.length, kind, ByteOrder.BIG_ENDIAN));
            System.arraycopy(value, 0, out, pos, value.length);
            pos += value.length;
        }
        return this;
    }

    byte[] bytes() {
        if (pos != out.length) {
            throw new IllegalStateException("layout filled " + pos + " of " + out.length + " bytes");
        }
        return out;
    }

    List<FieldDescriptor> fields() {
        return List.copyOf(fields);
    }
}
