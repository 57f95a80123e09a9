package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The amp-sec codec: round trips, field coverage, strictness against arbitrary and mutated input. */
class AmpSecCodecTest {
    private final AmpSecCodec codec = new AmpSecCodec();

    @Provide
    Arbitrary<Frame> frames() {
        return FrameArbitraries.frames();
    }

    @Property(tries = 500)
    void everyFrameTypeRoundTrips(@ForAll("frames") Frame frame) throws FrameDecodeException {
        byte[] bytes = frame.encode();
        Frame decoded = codec.decode(bytes);
        assertEquals(frame.getClass(), decoded.getClass());
        assertEquals(frame, decoded);
        assertArrayEquals(bytes, decoded.encode());
        assertEquals(frame.fields(), decoded.fields(), "decoder and encoder describe the same layout");
    }

    @Property(tries = 500)
    void fieldsCoverEveryByteOnceInOrder(@ForAll("frames") Frame frame) {
        int next = 0;
        for (FieldDescriptor d : frame.fields()) {
            assertEquals(next, d.offset(), "field " + d.name() + " starts where the previous ended");
            assertEquals(true, d.length() > 0, "no empty field descriptors: " + d);
            next = d.end();
        }
        assertEquals(frame.encode().length, next);
        assertEquals(FieldKind.TYPE, frame.fields().get(0).kind());
    }

    @Property(tries = 300)
    void fieldKindsFollowTheSpec(@ForAll("frames") Frame frame) {
        Map<String, FieldKind> expected = Map.ofEntries(Map.entry("Type", FieldKind.TYPE),
                Map.entry("Format", FieldKind.PARAMETER), Map.entry("AA", FieldKind.ADDRESS),
                Map.entry("SA", FieldKind.ADDRESS), Map.entry("DA", FieldKind.ADDRESS),
                Map.entry("ANonceId", FieldKind.KEY_ID), Map.entry("PmkGeneration", FieldKind.KEY_ID),
                Map.entry("NewGeneration", FieldKind.KEY_ID), Map.entry("ANonce", FieldKind.NONCE),
                Map.entry("SNonce", FieldKind.NONCE), Map.entry("PN", FieldKind.COUNTER),
                Map.entry("DlData", FieldKind.PAYLOAD), Map.entry("UlData", FieldKind.PAYLOAD),
                Map.entry("Data", FieldKind.PAYLOAD), Map.entry("UlDataMic", FieldKind.MIC),
                Map.entry("DataMic", FieldKind.MIC), Map.entry("MIC", FieldKind.MIC));
        for (FieldDescriptor d : frame.fields()) {
            assertEquals(expected.get(d.name()), d.kind(), d.toString());
        }
    }

    @Property(tries = 1000)
    void arbitraryBytesDecodeOrFailCleanly(@ForAll byte[] bytes) {
        assertDecodesOrFailsCleanly(bytes);
    }

    @Property(tries = 1000)
    void arbitraryBytesBehindAValidHeaderDecodeOrFailCleanly(@ForAll("headers") byte[] header,
                                                              @ForAll byte[] body) {
        assertDecodesOrFailsCleanly(Bytes.concat(header, body));
    }

    @Provide
    Arbitrary<byte[]> headers() {
        return Arbitraries.integers().between(1, 6).flatMap(type -> FrameArbitraries.formats()
                .map(f -> new byte[] {(byte) (int) type, (byte) f.octet()}));
    }

    @Property(tries = 1000)
    void mutatedValidFramesDecodeOrFailCleanly(@ForAll("frames") Frame frame,
                                               @ForAll("mutations") Mutation mutation) {
        assertDecodesOrFailsCleanly(mutation.apply(frame.encode()));
    }

    /** A bit flip, a truncation or an appended byte at a position scaled to the frame's length. */
    record Mutation(int kind, double where, byte value) {
        byte[] apply(byte[] b) {
            int at = (int) (where * b.length);
            return switch (kind) {
                case 0 -> {
                    byte[] m = b.clone();
                    m[Math.min(at, b.length - 1)] ^= (byte) (1 << (value & 7));
                    yield m;
                }
                case 1 -> java.util.Arrays.copyOf(b, at);
                default -> Bytes.concat(b, new byte[] {value});
            };
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.doubles().between(0, 1).ofScale(3), Arbitraries.bytes()).as(Mutation::new);
    }

    private void assertDecodesOrFailsCleanly(byte[] bytes) {
        Frame f;
        try {
            f = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            assertEquals(true, e.offset() >= 0 && e.offset() <= bytes.length, "offset inside the input: " + e);
            assertEquals(false, e.field().isEmpty());
            return;
        }
        assertArrayEquals(bytes, f.encode(), "a decoded frame re-encodes to the same bytes");
    }

    // Example frames, hand-assembled from the spec's field tables (not produced by the encoder).

    @Test
    void decodesAHandAssembledTrigger() throws FrameDecodeException {
        byte[] bytes = Hex.decode("01" + "05" + "a0a1a2a3a4a5" + "ffffffffffff" + "0007"
                + "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff" + "cafe");
        TriggerFrame t = assertInstanceOf(TriggerFrame.class, codec.decode(bytes));
        assertEquals(AmpSecFormat.DEFAULT, t.format());
        assertArrayEquals(Hex.decode("a0a1a2a3a4a5"), t.aa());
        assertEquals(true, t.isBroadcast());
        assertEquals(7, t.anonceId());
        assertArrayEquals(Hex.decode("cafe"), t.dlData());
        assertEquals(List.of("Type", "Format", "AA", "DA", "ANonceId", "ANonce", "DlData"),
                t.fields().stream().map(FieldDescriptor::name).toList());
    }

    @Test
    void formatOctetEncodesSizesAndAkm() {
        assertEquals(0x05, AmpSecFormat.DEFAULT.octet());
        assertEquals(0x01 | 0x08 | 0x10, new AmpSecFormat(2, 16, AmpSecAkm.HMAC_SHA1_PRF_SHA1).octet());
        assertEquals(0x07, new AmpSecFormat(8, 32, AmpSecAkm.CMAC_KDF_SHA256).octet());
    }

    @Test
    void decodesAHandAssembledShortResponseWithoutData() throws FrameDecodeException {
        // Format 0x19: 2-octet addresses, 16-octet nonces, HMAC-SHA1 AKM.
        byte[] bytes = Hex.decode("02" + "19" + "0a0b" + "0c0d" + "0102" + "0003"
                + "101112131415161718191a1b1c1d1e1f" + "202122232425262728292a2b2c2d2e2f");
        ResponseFrame r = assertInstanceOf(ResponseFrame.class, codec.decode(bytes));
        assertEquals(new AmpSecFormat(2, 16, AmpSecAkm.HMAC_SHA1_PRF_SHA1), r.format());
        assertEquals(0x0102, r.anonceId());
        assertEquals(3, r.pmkGeneration());
        assertEquals(0, r.sealedUlData().length);
        assertArrayEquals(Hex.decode("202122232425262728292a2b2c2d2e2f"), r.mic());
    }

    @Test
    void rejectsUnknownTypeAndEmptyInput() {
        assertEquals("Type", assertThrows(FrameDecodeException.class, () -> codec.decode(new byte[0])).field());
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> codec.decode(Hex.decode("0705")));
        assertEquals("Type", e.field());
        assertEquals(0, e.offset());
        assertEquals("Type", assertThrows(FrameDecodeException.class, () -> codec.decode(Hex.decode("0005"))).field());
    }

    @Test
    void rejectsReservedFormatBitsAndReservedAddressCode() {
        for (String format : new String[] {"25", "45", "85", "00", "18"}) {
            FrameDecodeException e = assertThrows(FrameDecodeException.class,
                    () -> codec.decode(Hex.decode("03" + format + "a0a1a2a3a4a5b0b1b2b3b4b500010000"
                            + "00000000000000000000000000000000")), format);
            assertEquals("Format", e.field(), format);
            assertEquals(1, e.offset(), format);
        }
    }

    @Test
    void rejectsTrailingBytesAfterTheMic() {
        byte[] confirm = Hex.decode("0305a0a1a2a3a4a5b0b1b2b3b4b500010000" + "00".repeat(16) + "00");
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> codec.decode(confirm));
        assertEquals("MIC", e.field());
        assertEquals(confirm.length - 1, e.offset());
    }

    @Test
    void rejectsTruncatedNonceNamingIt() {
        byte[] trigger = Hex.decode("0105a0a1a2a3a4a5ffffffffffff0000" + "00".repeat(31));
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> codec.decode(trigger));
        assertEquals("ANonce", e.field());
        assertEquals(16, e.offset());
    }

    @Test
    void rejectsResponseWhoseTailIsNeitherMicNorDataAndMic() {
        // 16 + 8 octets after SNonce: a CCM MIC with no data before it.
        byte[] response = Hex.decode("0205a0a1a2a3a4a5b0b1b2b3b4b500000000" + "11".repeat(32) + "22".repeat(24));
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> codec.decode(response));
        assertEquals("UlData", e.field());
        assertEquals(50, e.offset());
    }

    @Test
    void rejectsDataFrameWithoutData() {
        byte[] data = Hex.decode("0405a0a1a2a3a4a5b0b1b2b3b4b5000000000001" + "33".repeat(8));
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> codec.decode(data));
        assertEquals("Data", e.field());
        assertEquals(20, e.offset());
    }

    @Test
    void framesCopyArraysInAndOut() {
        byte[] aa = Hex.decode("a0a1a2a3a4a5");
        ConfirmFrame c = new ConfirmFrame(AmpSecFormat.DEFAULT, aa, Hex.decode("b0b1b2b3b4b5"), 1, 0, new byte[16]);
        aa[0] = 0;
        c.aa()[1] = 0;
        assertArrayEquals(Hex.decode("a0a1a2a3a4a5"), c.aa());
    }
}
