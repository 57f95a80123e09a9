package dev.ampbench.protocol.ampprov;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The amp-prov codec: round trips, strictness, field layout. */
class AmpProvCodecTest {
    private final AmpProvCodec codec = new AmpProvCodec();

    /** The FieldKind every field name must have, as the spec's tables give it. */
    static final Map<String, FieldKind> KINDS = Map.ofEntries(
            Map.entry("Type", FieldKind.TYPE), Map.entry("GWID", FieldKind.ADDRESS),
            Map.entry("Modes", FieldKind.PARAMETER), Map.entry("IdHash", FieldKind.ADDRESS),
            Map.entry("KdfMode", FieldKind.PARAMETER), Map.entry("TagNonce", FieldKind.NONCE),
            Map.entry("LocalAddr", FieldKind.ADDRESS), Map.entry("TkNonce", FieldKind.NONCE),
            Map.entry("KeySel", FieldKind.KEY_ID), Map.entry("Mic", FieldKind.MIC),
            Map.entry("Cntr", FieldKind.COUNTER), Map.entry("Seq", FieldKind.COUNTER),
            Map.entry("Payload", FieldKind.PAYLOAD), Map.entry("Version", FieldKind.TYPE),
            Map.entry("PubKeyHash", FieldKind.ADDRESS));

    static Arbitrary<byte[]> bytes(int n) {
        return Arbitraries.bytes().array(byte[].class).ofSize(n);
    }

    static Arbitrary<Long> u32() {
        return Arbitraries.longs().between(0, AmpProvParams.MAX_COUNTER);
    }

    static Arbitrary<Integer> addr() {
        return Arbitraries.integers().between(1, 0xFFFE);
    }

    static Arbitrary<Integer> keySel() {
        return Arbitraries.of(1, 2);
    }

    static Arbitrary<Integer> modes() {
        return Arbitraries.integers().between(1, KdfMode.allBits());
    }

    @Provide
    Arbitrary<Frame> frames() {
        Arbitrary<Frame> beacon = Combinators.combine(u32(), modes()).as(ProvBeacon::new);
        Arbitrary<Frame> request = Combinators.combine(u32(), bytes(8), Arbitraries.of(KdfMode.class), bytes(8))
                .as(ProvRequest::new);
        Arbitrary<Frame> response = Combinators.combine(bytes(8), Arbitraries.of(KdfMode.class), addr(), bytes(8),
                keySel(), bytes(8)).as(ProvResponse::new);
        Arbitrary<Frame> confirm = Combinators.combine(addr(), bytes(8)).as(ProvConfirm::new);
        Arbitrary<FrameType> kinds = Arbitraries.of(FrameType.values()).filter(FrameType::isProtected);
        Arbitrary<Frame> protectedFrame = kinds.flatMap(k -> Combinators.combine(addr(), keySel(), u32(),
                u32().filter(s -> s > 0),
                ProtectedFrame.carriesPayload(k) ? Arbitraries.bytes().array(byte[].class).ofMaxSize(40) : bytes(0),
                bytes(8)).as((a, ks, c, s, p, m) -> new ProtectedFrame(k, a, ks, c, s, p, m)));
        return Arbitraries.oneOf(beacon, request, response, confirm, protectedFrame);
    }

    @Property(tries = 300)
    void roundTrip(@ForAll("frames") Frame f) throws FrameDecodeException {
        byte[] wire = f.encode();
        Frame back = codec.decode(wire);
        assertEquals(f, back);
        assertEquals(f.type(), back.type());
        assertArrayEquals(wire, back.encode());
        assertEquals(f.fields(), back.fields());
    }

    @Property(tries = 200)
    void qrPayloadRoundTripsAsBytesAndText(@ForAll @IntRange(min = 1, max = 3) int modes,
                                           @ForAll @Size(value = 32) byte[] hash) throws FrameDecodeException {
        QrPayload qr = new QrPayload(modes, hash);
        assertEquals(qr, QrPayload.decode(qr.encode()));
        assertEquals(qr, QrPayload.parse(qr.toText()));
        fieldsCoverEveryByteOnceWithTheirKind(qr);
    }

    @Property(tries = 300)
    void fieldsCoverEveryByteOnceWithTheirKind(@ForAll("frames") Frame f) {
        int next = 0;
        for (FieldDescriptor d : f.fields()) {
            assertEquals(next, d.offset(), "gap or overlap at " + d);
            assertEquals(KINDS.get(d.name()), d.kind(), d.name());
            next = d.end();
        }
        assertEquals(f.encode().length, next);
    }

    @Property(tries = 1000)
    void arbitraryBytesDecodeOrFailCleanly(@ForAll @Size(max = 64) byte[] input) {
        decodesOrFailsCleanly(input);
    }

    @Property(tries = 1000)
    void arbitraryBytesAfterAValidTypeDecodeOrFailCleanly(
            @ForAll("typeCodes") int type, @ForAll @Size(max = 48) byte[] rest) {
        byte[] input = new byte[rest.length + 1];
        input[0] = (byte) type;
        System.arraycopy(rest, 0, input, 1, rest.length);
        decodesOrFailsCleanly(input);
    }

    @Provide
    Arbitrary<Integer> typeCodes() {
        return Arbitraries.of(FrameType.values()).map(FrameType::code);
    }

    @Property(tries = 1000)
    void mutatedFramesDecodeOrFailCleanly(@ForAll("frames") Frame f, @ForAll @IntRange(max = 200) int where,
                                          @ForAll byte value, @ForAll @IntRange(max = 3) int how) {
        byte[] wire = f.encode();
        int pos = where % wire.length;
        byte[] mutated = switch (how) {
            case 0 -> {
                byte[] m = wire.clone();
                m[pos] = value;
                yield m;
            }
            case 1 -> Arrays.copyOf(wire, pos);
            case 2 -> {
                byte[] m = Arrays.copyOf(wire, wire.length + 1);
                m[wire.length] = value;
                yield m;
            }
            default -> {
                byte[] m = wire.clone();
                m[pos] ^= (byte) (1 << (value & 7));
                yield m;
            }
        };
        decodesOrFailsCleanly(mutated);
    }

    private void decodesOrFailsCleanly(byte[] input) {
        try {
            Frame f = codec.decode(input);
            assertArrayEquals(input, f.encode(), "a decoded frame re-encodes to its input");
        } catch (FrameDecodeException e) {
            assertEquals(true, e.offset() >= 0 && e.offset() <= input.length, "offset inside the input");
            assertEquals(true, KINDS.containsKey(e.field()), "names a spec field: " + e.field());
        }
    }

    private static FrameDecodeException refused(String hex) {
        return assertThrows(FrameDecodeException.class, () -> new AmpProvCodec().decode(Hex.decode(hex)));
    }

    private static void assertRefused(String hex, String field, int offset) {
        FrameDecodeException e = refused(hex);
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    @Example
    void emptyAndUnknownTypesAreRefused() {
        assertRefused("", "Type", 0);
        assertRefused("00", "Type", 0);
        assertRefused("7f0102", "Type", 0);
    }

    @Example
    void beaconReservedModeBitsAndTrailingBytesAreRefused() {
        assertRefused("01a0b0c0d004", "Modes", 5);
        assertRefused("01a0b0c0d000", "Modes", 5);
        assertRefused("01a0b0c0d00300", "Modes", 6);
        assertRefused("01a0b0c0", "GWID", 1);
    }

    @Example
    void requestWithUnknownModeOrShortNonceIsRefused() {
        assertRefused("02a0b0c0d0" + "0102030405060708" + "02" + "2122232425262728", "KdfMode", 13);
        assertRefused("02a0b0c0d0" + "0102030405060708" + "00" + "21222324252627", "TagNonce", 14);
    }

    @Example
    void responseWithReservedAddressOrKeySelIsRefused() {
        String idMode = "03" + "0102030405060708" + "00";
        assertRefused(idMode + "0000" + "1112131415161718" + "01" + "0000000000000000", "LocalAddr", 10);
        assertRefused(idMode + "ffff" + "1112131415161718" + "01" + "0000000000000000", "LocalAddr", 10);
        assertRefused(idMode + "0234" + "1112131415161718" + "03" + "0000000000000000", "KeySel", 20);
        assertRefused(idMode + "0234" + "1112131415161718" + "01" + "00000000000000", "Mic", 21);
    }

    @Example
    void protectedFramesWithSeqZeroPayloadOnRekeyOrNoMicAreRefused() {
        assertRefused("10" + "0234" + "01" + "00000000" + "00000000" + "0000000000000000", "Seq", 8);
        assertRefused("12" + "0234" + "01" + "00000001" + "00000001" + "aa" + "0000000000000000", "Payload", 12);
        assertRefused("10" + "0234" + "01" + "00000000" + "00000001" + "00000000000000", "Payload", 12);
        assertRefused("10" + "0234" + "00" + "00000000" + "00000001" + "0000000000000000", "KeySel", 3);
        String tooLong = "aa".repeat(ProtectedFrame.MAX_PAYLOAD_LEN + 1);
        assertRefused("10" + "0234" + "01" + "00000000" + "00000001" + tooLong + "0000000000000000", "Payload", 12);
    }

    @Example
    void framesCopyTheirArraysInAndOut() {
        byte[] nonce = new byte[8];
        ProvRequest r = new ProvRequest(1, new byte[8], KdfMode.SLIDES, nonce);
        nonce[0] = 1;
        r.tagNonce()[1] = 1;
        assertArrayEquals(new byte[8], r.tagNonce());
    }

    @Example
    void qrPayloadIsStrict() throws FrameDecodeException {
        QrPayload qr = new QrPayload(KdfMode.STRONG.bit(), new byte[32]);
        assertEquals(qr, QrPayload.decode(qr.encode()));
        assertEquals(qr, QrPayload.parse(qr.toText()));
        assertEquals("Version", assertThrows(FrameDecodeException.class, () -> QrPayload.parse("AMP:00")).field());
        assertEquals("Version", assertThrows(FrameDecodeException.class,
                () -> QrPayload.parse(QrPayload.TEXT_PREFIX + "zz")).field());
        byte[] v2 = qr.encode();
        v2[0] = 2;
        assertEquals("Version", assertThrows(FrameDecodeException.class, () -> QrPayload.decode(v2)).field());
        byte[] reserved = qr.encode();
        reserved[1] = (byte) 0x80;
        assertEquals("Modes", assertThrows(FrameDecodeException.class, () -> QrPayload.decode(reserved)).field());
        assertEquals(List.of("Version", "Modes", "PubKeyHash"),
                qr.fields().stream().map(FieldDescriptor::name).toList());
    }

    @Example
    void toStringShowsFieldsNotKeys() {
        ProtectedFrame f = new ProtectedFrame(FrameType.REQ_SENSOR_DATA, 0x234, 1, 0, 1, new byte[] {1}, new byte[8]);
        assertEquals("REQ_SENSOR_DATA[LocalAddr=0x0234, KeySel=1, Cntr=0, Seq=1, Payload=01, Mic=0000000000000000]",
                f.toString());
        assertNotEquals(-1, new ProvRequest(1, new byte[8], KdfMode.SLIDES, new byte[8]).toString().indexOf("TagNonce"));
    }
}
