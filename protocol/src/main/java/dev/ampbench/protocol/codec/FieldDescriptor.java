package dev.ampbench.protocol.codec;

import java.nio.ByteOrder;
import java.util.Objects;

/**
 * One field of an encoded frame: where it is and what it means.
 *
 * @param name   the field's name as the spec's field table gives it (e.g. {@code DevNonce})
 * @param offset byte offset of the field in the encoded frame
 * @param length length in bytes (0 for an absent optional field is never described: absent fields are omitted)
 * @param kind   what the field is, for fuzzing and display
 * @param order  byte order of a numeric field; {@link ByteOrder#BIG_ENDIAN} for byte strings
 */
public record FieldDescriptor(String name, int offset, int length, FieldKind kind, ByteOrder order) {

    public FieldDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(order, "order");
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("negative offset or length for " + name);
        }
    }

    public int end() {
        return offset + length;
    }

    @Override
    public String toString() {
        return name + "@" + offset + "+" + length + ":" + kind
                + (order == ByteOrder.LITTLE_ENDIAN && length > 1 ? "(LE)" : "");
    }
}
