package dev.ampbench.protocol.codec;

import java.util.List;

/** A decoded frame of some profile. Implementations are immutable. */
public interface Frame {
    /** The frame's type name as the spec's field tables name it, e.g. {@code JoinRequest}. */
    String type();

    /** The frame's bytes on the air (or on the bench wire for the profile). */
    byte[] encode();

    /** Descriptors of every field of {@link #encode()}, in order, covering every byte exactly once. */
    List<FieldDescriptor> fields();
}
