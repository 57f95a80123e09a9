package dev.ampbench.protocol.codec;

import dev.ampbench.protocol.Profile;

/** Decodes any frame of one profile, dispatching on its type field. */
public interface ProfileCodec {
    Profile profile();

    /**
     * Decodes one frame.
     *
     * @throws FrameDecodeException on any malformed input; never an unchecked exception, never an allocation
     *                              larger than the input
     */
    Frame decode(byte[] bytes) throws FrameDecodeException;
}
