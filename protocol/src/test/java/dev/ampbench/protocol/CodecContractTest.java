package dev.ampbench.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The contract every profile codec keeps, checked on arbitrary bytes for all profiles at once: a frame or the
 * codec's own error, never anything else; what decodes re-encodes to the same bytes; and the field descriptors
 * tile the frame.
 */
class CodecContractTest {

    @Property(tries = 2000)
    void arbitraryBytesGiveAFrameOrTheCodecsError(@ForAll Profile profile, @ForAll @Size(max = 300) byte[] bytes) {
        Frame f;
        try {
            f = Profiles.codec(profile).decode(bytes);
        } catch (FrameDecodeException e) {
            assertNotNull(e.field());
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, "offset " + e.offset() + " out of the frame");
            return;
        }
        assertArrayEquals(bytes, f.encode(), profile.id() + " " + f.type() + " does not re-encode to its input");
        assertTiles(f);
    }

    static void assertTiles(Frame f) {
        int at = 0;
        for (FieldDescriptor d : f.fields()) {
            assertEquals(at, d.offset(), f.type() + ": field " + d.name() + " does not start where the previous ended");
            at = d.end();
        }
        assertEquals(f.encode().length, at, f.type() + ": fields do not cover the frame");
    }
}
