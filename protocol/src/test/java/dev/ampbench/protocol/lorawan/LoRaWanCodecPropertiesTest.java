package dev.ampbench.protocol.lorawan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The codec is strict, total and exact: round trips, arbitrary and mutated input, field coverage. */
class LoRaWanCodecPropertiesTest {
    private final LoRaWanCodec codec = new LoRaWanCodec();

    @Provide
    Arbitrary<JoinRequest> joinRequests() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs(), Arbitraries.integers().between(0, 0xffff),
                Arbitraries.bytes().array(byte[].class).ofSize(4)).as(JoinRequest::new);
    }

    @Provide
    Arbitrary<JoinAccept> joinAccepts() {
        return Arbitraries.of(16, 32).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n))
                .map(JoinAccept::new);
    }

    @Provide
    Arbitrary<JoinAcceptContent> joinAcceptContents() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xffffff),
                Arbitraries.integers().between(0, 0xffffff), Arbitraries.integers(),
                Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 15),
                Arbitraries.of(0, 16).flatMap(n -> Arbitraries.bytes().array(byte[].class).ofSize(n)),
                Arbitraries.bytes().array(byte[].class).ofSize(4)).as(JoinAcceptContent::new);
    }

    @Provide
    Arbitrary<DataFrame> dataFrames() {
        Arbitrary<MType> type = Arbitraries.of(MType.UNCONFIRMED_DATA_UP, MType.UNCONFIRMED_DATA_DOWN,
                MType.CONFIRMED_DATA_UP, MType.CONFIRMED_DATA_DOWN);
        return Combinators.combine(type, Arbitraries.integers(), Arbitraries.integers().between(0, 15),
                        Arbitraries.integers().between(0, 0xffff),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(15),
                        Arbitraries.integers().between(-1, 255), Arbitraries.bytes().array(byte[].class).ofMaxSize(230),
                        Arbitraries.bytes().array(byte[].class).ofSize(4))
                .as((t, addr, flags, fCnt, fOpts, port, payload, mic) -> {
                    int f = flags << 4 & (t.isUplink() ? 0xf0 : 0xb0);
                    byte[] opts = port == 0 ? new byte[0] : fOpts;
                    byte[] pl = port == DataFrame.NO_PORT ? new byte[0]
                            : Arrays.copyOf(payload, Math.min(payload.length, 255 - 13 - opts.length));
                    return new DataFrame(t, addr, f, fCnt, opts, port, pl, mic);
                });
    }

    @Provide
    Arbitrary<Frame> anyFrame() {
        return Arbitraries.oneOf(joinRequests(), joinAccepts(), dataFrames());
    }

    @Property(tries = 300)
    void joinRequestRoundTrips(@ForAll("joinRequests") JoinRequest f) throws Exception {
        assertEquals(f, JoinRequest.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
        assertCovered(f);
    }

    @Property(tries = 300)
    void joinAcceptRoundTrips(@ForAll("joinAccepts") JoinAccept f) throws Exception {
        assertEquals(f, JoinAccept.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
        assertCovered(f);
    }

    @Property(tries = 300)
    void joinAcceptContentRoundTrips(@ForAll("joinAcceptContents") JoinAcceptContent f) throws Exception {
        assertEquals(f, JoinAcceptContent.decode(f.encode()));
        assertCovered(f);
    }

    @Property(tries = 300)
    void dataFrameRoundTrips(@ForAll("dataFrames") DataFrame f) throws Exception {
        assertEquals(f, DataFrame.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
        assertCovered(f);
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAFrameOrADecodeException(@ForAll @Size(max = 300) byte[] bytes) {
        decodeStrictly(bytes);
    }

    @Property(tries = 1000)
    void mutatedFramesGiveAFrameOrADecodeException(@ForAll("anyFrame") Frame f, @ForAll @IntRange(min = 0) int at,
                                                   @ForAll byte value, @ForAll @IntRange(max = 3) int how) {
        byte[] b = f.encode();
        int i = at % b.length;
        byte[] mutated = switch (how) {
            case 0 -> withByte(b, i, value);
            case 1 -> Arrays.copyOf(b, i);
            case 2 -> Arrays.copyOf(b, b.length + 1 + i % 20);
            default -> withByte(b, 0, (b[0] & 0xe0) | (value & 0x1f));
        };
        decodeStrictly(mutated);
    }

    @Property(tries = 300)
    void joinAcceptContentWithRxDelayRfuBitsIsRefused(@ForAll("joinAcceptContents") JoinAcceptContent f,
                                                      @ForAll @IntRange(min = 1, max = 15) int rfu) {
        byte[] b = f.encode();
        b[12] |= (byte) (rfu << 4);
        FrameDecodeException e = org.junit.jupiter.api.Assertions.assertThrows(FrameDecodeException.class,
                () -> JoinAcceptContent.decode(b));
        assertEquals("RxDelay", e.field());
        assertEquals(12, e.offset());
    }

    private static byte[] withByte(byte[] b, int i, int value) {
        byte[] c = b.clone();
        c[i] = (byte) value;
        return c;
    }

    /** Either a frame that re-encodes to the same bytes and covers them, or a FrameDecodeException in range. */
    private void decodeStrictly(byte[] bytes) {
        Frame f;
        try {
            f = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            assertNotNull(e.field());
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, e::getMessage);
            return;
        }
        assertArrayEquals(bytes, f.encode());
        assertCovered(f);
    }

    /** fields() covers every byte of encode() once, in order, and names MIC, nonce and counter fields by kind. */
    private static void assertCovered(Frame f) {
        byte[] b = f.encode();
        List<FieldDescriptor> fields = f.fields();
        int at = 0;
        for (FieldDescriptor d : fields) {
            assertEquals(at, d.offset(), () -> "gap or overlap before " + d + " in " + fields);
            assertTrue(d.length() > 0, d::toString);
            at = d.end();
        }
        assertEquals(b.length, at, () -> "fields end at " + fields);
        for (FieldDescriptor d : fields) {
            FieldKind expected = switch (d.name()) {
                case "MIC" -> FieldKind.MIC;
                case "DevNonce", "JoinNonce" -> FieldKind.NONCE;
                case "FCnt" -> FieldKind.COUNTER;
                case "DevAddr", "JoinEUI", "DevEUI", "NetID" -> FieldKind.ADDRESS;
                case "MHDR", "FPort" -> FieldKind.TYPE;
                case "FOpts", "FRMPayload", "EncryptedPayload" -> FieldKind.PAYLOAD;
                default -> FieldKind.PARAMETER;
            };
            assertEquals(expected, d.kind(), d::toString);
        }
    }
}
