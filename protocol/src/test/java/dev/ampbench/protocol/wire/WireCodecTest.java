package dev.ampbench.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.wire.WireMessage.Item;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Provide
    Arbitrary<WireMessage> anyMessage() {
        return WireArbitraries.any();
    }

    /** Mostly well-formed headers and known types, so decoding gets past the first two octets. */
    @Provide
    Arbitrary<byte[]> noise() {
        Arbitrary<Integer> header = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.integers().between(0x80, 0x8F)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> type = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of(MessageType.class).map(MessageType::code)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> rest = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> built = Combinators.combine(header, type, rest).as((h, t, r) -> {
            byte[] b = new byte[r.length + 2];
            b[0] = (byte) (int) h;
            b[1] = (byte) (int) t;
            System.arraycopy(r, 0, b, 2, r.length);
            return b;
        });
        return Arbitraries.oneOf(built, Arbitraries.bytes().array(byte[].class).ofMaxSize(20),
                WireArbitraries.any().map(WireMessage::encode).map(WireCodecTest::truncateOrMutate));
    }

    private static byte[] truncateOrMutate(byte[] b) {
        // Deterministic damage keyed on the content, so the generator stays shrinkable.
        int h = Arrays.hashCode(b);
        if ((h & 1) == 0) {
            return Arrays.copyOf(b, Math.floorMod(h, b.length));
        }
        byte[] c = b.clone();
        c[Math.floorMod(h >> 1, c.length)] ^= (byte) (1 + Math.floorMod(h >> 9, 255));
        return c;
    }

    @Property
    void everyMessageRoundTrips(@ForAll("anyMessage") WireMessage m) throws FrameDecodeException {
        byte[] bytes = m.encode();
        WireMessage back = WireCodec.decode(bytes);
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        assertArrayEquals(bytes, back.encode());
        assertEquals(m.type(), back.type());
        assertEquals(m.tid(), WireCodec.tidOf(bytes));
        // And through the framing.
        List<byte[]> got = new HdlcDeframer().accept(HdlcFramer.encode(bytes));
        assertEquals(m, WireCodec.decode(got.get(0)));
    }

    @Property
    void fieldsCoverEveryOctetOnceInOrder(@ForAll("anyMessage") WireMessage m) {
        int at = 0;
        for (FieldDescriptor f : m.fields()) {
            assertEquals(at, f.offset(), () -> "gap or overlap before " + f + " in " + m.fields());
            at = f.end();
        }
        assertEquals(m.encode().length, at);
        assertEquals("Header", m.fields().get(0).name());
        assertEquals("Type", m.fields().get(1).name());
    }

    @Property
    void headerCarriesSyncAndTid(@ForAll("anyMessage") WireMessage m) {
        byte[] b = m.encode();
        assertEquals(0x80, b[0] & 0xC0);
        assertEquals(0, b[0] & 0x30);
        assertEquals(m.tid(), b[0] & 0x0F);
        assertEquals(m.messageType().code(), b[1] & 0xff);
        assertEquals(m.messageType().kind() == MessageType.Kind.NOTIFICATION, m.tid() == 0
                && m.messageType() != MessageType.ERROR);
    }

    @Property(tries = 3000)
    void arbitraryBytesGiveAMessageOrTheCodecError(@ForAll("noise") byte[] data) {
        WireMessage m;
        try {
            m = WireCodec.decode(data);
        } catch (FrameDecodeException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= data.length, e.getMessage());
            assertFalse(e.field().isEmpty());
            return;
        }
        // Decoding is canonical: what decodes re-encodes to the same octets; only a HELLO or HELLO_RESPONSE of
        // another major version may carry octets this codec does not know, after the ones it does.
        byte[] again = m.encode();
        assertArrayEquals(again, Arrays.copyOf(data, again.length));
        if (again.length != data.length) {
            assertTrue(otherMajorHello(m), m::toString);
        }
    }

    @Property
    void trailingOctetsAreMalformedUnlessThePeerIsNewer(@ForAll("anyMessage") WireMessage m)
            throws FrameDecodeException {
        byte[] b = m.encode();
        byte[] longer = Arrays.copyOf(b, b.length + 3);
        if (otherMajorHello(m)) {
            assertEquals(m, WireCodec.decode(longer));
        } else {
            FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> WireCodec.decode(longer));
            assertEquals(b.length, e.offset());
        }
        assertEquals(m, WireCodec.decode(longer, true));
    }

    private static boolean otherMajorHello(WireMessage m) {
        return m instanceof WireMessage.Hello h && h.versionMajor() != WireMessage.VERSION_MAJOR
                || m instanceof WireMessage.HelloResponse r && r.versionMajor() != WireMessage.VERSION_MAJOR;
    }

    @Test
    void unknownTypeNamesTheTypeField() {
        FrameDecodeException e = assertThrows(FrameDecodeException.class,
                () -> WireCodec.decode(new byte[] {(byte) 0x83, 0x3F}));
        assertEquals("Type", e.field());
        assertEquals(1, e.offset());
        assertEquals(3, WireCodec.tidOf(new byte[] {(byte) 0x83, 0x3F}));
    }

    @Test
    void badSyncAndReservedBitsAreRejectedAtTheHeader() {
        for (int h : new int[] {0x01, 0x41, 0xC1, 0x91, 0xA1}) {
            FrameDecodeException e = assertThrows(FrameDecodeException.class,
                    () -> WireCodec.decode(new byte[] {(byte) h, 0x07}));
            assertEquals("Header", e.field());
            assertEquals(0, e.offset());
            assertEquals(0, WireCodec.tidOf(new byte[] {(byte) h, 0x07}));
        }
    }

    @Test
    void tidRulesByDirection() throws FrameDecodeException {
        // Commands and responses need a TID; notifications must not have one; ERROR may carry 0.
        assertEquals("Header", assertThrows(FrameDecodeException.class,
                () -> WireCodec.decode(new byte[] {(byte) 0x80, 0x07})).field());
        byte[] log = new WireMessage.Log(LogLevel.INFO, "x").encode();
        log[0] = (byte) 0x81;
        assertEquals("Header", assertThrows(FrameDecodeException.class, () -> WireCodec.decode(log)).field());
        WireMessage err = WireCodec.decode(new WireMessage.ErrorResponse(0, ErrorCode.MALFORMED, 0, "").encode());
        assertEquals(0, err.tid());
        assertThrows(IllegalArgumentException.class, () -> new WireMessage.Heartbeat(0));
        assertThrows(IllegalArgumentException.class, () -> new WireMessage.Heartbeat(16));
    }

    @Test
    void shortPayloadNamesTheMissingField() {
        byte[] hb = new WireMessage.HeartbeatAck(2, 7, 1000).encode();
        FrameDecodeException e = assertThrows(FrameDecodeException.class,
                () -> WireCodec.decode(Arrays.copyOf(hb, 7)));
        assertEquals("UptimeMs", e.field());
        assertEquals(6, e.offset());
    }

    @Test
    void invalidUtf8IsMalformed() {
        byte[] m = new WireMessage.Log(LogLevel.WARN, "ab").encode();
        m[m.length - 1] = (byte) 0xC3; // a lead octet with no continuation
        FrameDecodeException e = assertThrows(FrameDecodeException.class, () -> WireCodec.decode(m));
        assertEquals("Text", e.field());
        assertEquals(4, e.offset());
    }

    @Test
    void unknownEnumeratedValuesAreMalformed() {
        byte[] ev = new WireMessage.Event(EventKind.BOOT, Optional.empty(), 0, 1, "power-on", "").encode();
        ev[2] = 0x7F;
        assertEquals("Kind", assertThrows(FrameDecodeException.class, () -> WireCodec.decode(ev)).field());
        byte[] inj = new WireMessage.AirInject(1, Profile.LORAWAN, 0, -40, 3, new byte[] {1}).encode();
        inj[2] = 9;
        assertEquals("Profile", assertThrows(FrameDecodeException.class, () -> WireCodec.decode(inj)).field());
    }

    @Test
    void oversizeMessagesAreRefused() {
        WireMessage big = new WireMessage.AirInject(1, Profile.AMP_SEC, 0, 0, 0, new byte[1011]);
        assertThrows(IllegalArgumentException.class, big::encode);
        byte[] b = new byte[HdlcFramer.MAX_MESSAGE_SIZE + 1];
        b[0] = (byte) 0x81;
        assertThrows(FrameDecodeException.class, () -> WireCodec.decode(b));
        assertEquals(HdlcFramer.MAX_MESSAGE_SIZE,
                new WireMessage.AirInject(1, Profile.AMP_SEC, 0, 0, 0, new byte[1010]).encode().length);
    }

    @Test
    void personalizeToStringRedactsKeyItemsOnly() {
        byte[] key = Hex.decode("000102030405060708090a0b0c0d0e0f");
        byte[] devEui = Hex.decode("70b3d57ed0000001");
        WireMessage.Personalize p = new WireMessage.Personalize(4, Profile.LORAWAN,
                List.of(new Item(Item.DEVICE_ID, devEui), new Item(Item.ROOT_KEY, key)));
        String s = p.toString();
        assertFalse(s.contains(Hex.encode(key)), s);
        assertFalse(s.contains("0a0b0c"), s);
        assertTrue(s.contains("redacted 16 octets"), s);
        assertTrue(s.contains(Hex.encode(devEui)), s);
    }

    @Test
    void recordsCopyByteArraysInAndOut() {
        byte[] frame = {1, 2, 3};
        WireMessage.AirInject m = new WireMessage.AirInject(1, Profile.AIOT_S9, 5, -60, 11, frame);
        frame[0] = 9;
        assertEquals(1, m.frame()[0]);
        m.frame()[1] = 9;
        assertEquals(2, m.frame()[1]);
        byte[] value = {4, 5};
        Item it = new Item(Item.APP_KEY, value);
        value[0] = 0;
        assertEquals(4, it.value()[0]);
        it.value()[0] = 0;
        assertEquals(4, it.value()[0]);
    }

    @Test
    void helloResponseProfilesBitmapFollowsTheProfileEnum() {
        Set<Profile> s = EnumSet.of(Profile.AMP_SEC, Profile.LORAWAN);
        int bitmap = WireMessage.HelloResponse.bitmap(s);
        assertEquals(0b1010, bitmap);
        WireMessage.HelloResponse r = new WireMessage.HelloResponse(1, 1, 0, Role.DEVICE, bitmap | 0x8000,
                WireMessage.Capabilities.PERSONALIZE | WireMessage.Capabilities.AIR_BYPASS, 3, 1024, "1.2.3", "bench-7");
        assertEquals(s, r.supportedProfiles(), "unknown bits of a newer minor are ignored");
        assertTrue(r.has(WireMessage.Capabilities.PERSONALIZE));
        assertFalse(r.has(WireMessage.Capabilities.ENERGY_REPORT));
    }

    @Test
    void typeCodesAreUniqueAndInTheirDirectionRange() {
        Set<Integer> codes = new HashSet<>();
        for (MessageType t : MessageType.values()) {
            assertTrue(codes.add(t.code()), t.toString());
            assertNotEquals(0x7E, t.code());
            assertNotEquals(0x7D, t.code());
            assertEquals(t, MessageType.byCode(t.code()).orElseThrow());
        }
        assertEquals(MessageType.Kind.COMMAND, MessageType.AIR_INJECT.kind());
        assertEquals(MessageType.Kind.RESPONSE, MessageType.ERROR.kind());
        assertEquals(MessageType.Kind.NOTIFICATION, MessageType.LOG.kind());
        assertTrue(MessageType.kindOf(0x00).isEmpty());
        assertTrue(MessageType.kindOf(0xC0).isEmpty());
    }

    @Test
    void stringsLongerThan255OctetsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new WireMessage.Log(LogLevel.INFO, "€".repeat(86)));
        assertInstanceOf(WireMessage.Log.class, new WireMessage.Log(LogLevel.INFO, "€".repeat(85)));
        assertThrows(IllegalArgumentException.class, () -> new WireMessage.Log(LogLevel.INFO, "\ud800"));
    }

    @Test
    void helloOfAnotherMajorVersionStaysReadableWhateverItAppends() throws FrameDecodeException {
        byte[] v2 = Arrays.copyOf(new WireMessage.Hello(5, 2, 3, 512).encode(), 9);
        WireMessage.Hello h = assertInstanceOf(WireMessage.Hello.class, WireCodec.decode(v2));
        assertEquals(2, h.versionMajor());
        assertEquals(5, h.tid());
        byte[] v1 = Arrays.copyOf(new WireMessage.Hello(5).encode(), 9);
        assertEquals("MaxMessageSize", assertThrows(FrameDecodeException.class, () -> WireCodec.decode(v1)).field());
    }
}
