package dev.ampbench.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class FrameReaderWriterTest {

    @Property
    void writerAndReaderAgree(@ForAll @IntRange(max = 255) int type, @ForAll @IntRange(max = 65535) int counter,
                              @ForAll @Size(8) byte[] nonce, @ForAll @Size(max = 30) byte[] payload)
            throws FrameDecodeException {
        FrameWriter w = new FrameWriter()
                .u8("Type", FieldKind.TYPE, type)
                .uintLe("Counter", 2, FieldKind.COUNTER, counter)
                .bytes("Nonce", FieldKind.NONCE, nonce)
                .bytes("Payload", FieldKind.PAYLOAD, payload);
        byte[] frame = w.toBytes();
        FrameReader r = new FrameReader(frame);
        assertEquals(type, r.u8("Type", FieldKind.TYPE));
        assertEquals(counter, r.uintLe("Counter", 2, FieldKind.COUNTER));
        assertArrayEquals(nonce, r.bytes("Nonce", 8, FieldKind.NONCE));
        assertArrayEquals(payload, r.rest("Payload", FieldKind.PAYLOAD));
        r.end("Payload");
        assertEquals(w.fields(), r.fields());
    }

    @Test
    void byteOrderIsAsNamed() throws FrameDecodeException {
        byte[] le = new FrameWriter().uintLe("x", 3, FieldKind.COUNTER, 0x010203).toBytes();
        byte[] be = new FrameWriter().uintBe("x", 3, FieldKind.COUNTER, 0x010203).toBytes();
        assertArrayEquals(new byte[] {3, 2, 1}, le);
        assertArrayEquals(new byte[] {1, 2, 3}, be);
        assertEquals(0x010203, new FrameReader(le).uintLe("x", 3, FieldKind.COUNTER));
        assertEquals(0x010203, new FrameReader(be).uintBe("x", 3, FieldKind.COUNTER));
        assertEquals(ByteOrder.LITTLE_ENDIAN,
                new FrameWriter().uintLe("x", 2, FieldKind.COUNTER, 1).fields().get(0).order());
    }

    @Test
    void shortInputNamesFieldAndOffset() {
        FrameReader r = new FrameReader(new byte[] {1, 2, 3});
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> {
            r.u8("MHDR", FieldKind.TYPE);
            r.bytes("JoinEUI", 8, FieldKind.ADDRESS);
        });
        assertEquals("JoinEUI", e.field());
        assertEquals(1, e.offset());
        assertTrue(e.truncated());
    }

    @Test
    void trailingBytesAreAnError() throws FrameDecodeException {
        FrameReader r = new FrameReader(new byte[] {1, 2});
        r.u8("Type", FieldKind.TYPE);
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> r.end("Type"));
        assertEquals(1, e.offset());
        assertFalse(e.truncated());
    }

    @Test
    void upToTailLeavesTheTail() throws FrameDecodeException {
        FrameReader r = new FrameReader(new byte[] {1, 2, 3, 4, 5, 6});
        assertArrayEquals(new byte[] {1, 2}, r.upToTail("Payload", 4, FieldKind.PAYLOAD));
        assertArrayEquals(new byte[] {3, 4, 5, 6}, r.bytes("MIC", 4, FieldKind.MIC));
        assertEquals(List.of("Payload", "MIC"), r.fields().stream().map(FieldDescriptor::name).toList());
        assertThrows(FrameDecodeException.class,
                () -> new FrameReader(new byte[] {1, 2}).upToTail("Payload", 4, FieldKind.PAYLOAD));
    }

    @Property
    void arbitraryReadsFailOnlyWithTheCodecError(@ForAll @Size(max = 20) byte[] data,
                                                  @ForAll @IntRange(min = -5, max = 40) int n) {
        FrameReader r = new FrameReader(data);
        try {
            r.bytes("Field", n, FieldKind.PAYLOAD);
            assertEquals(n, r.position());
        } catch (FrameDecodeException e) {
            assertEquals("Field", e.field());
        }
    }

    @Test
    void writerRefusesValuesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> new FrameWriter().u8("x", FieldKind.TYPE, 256));
        assertThrows(IllegalArgumentException.class, () -> new FrameWriter().uintLe("x", 2, FieldKind.COUNTER, 65536));
    }

    @Test
    void hexRoundTripsAndRejectsJunk() {
        assertEquals("00ff10", Hex.encode(Hex.decode("00 FF:10")));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("0g"));
        assertThrows(IllegalArgumentException.class, () -> Hex.decode("abc"));
    }
}
