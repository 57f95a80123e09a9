package dev.ampbench.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Hex;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class HdlcFramingTest {

    // --------------------------------------------------------------------------------------- generators

    /** Octets biased towards the ones framing must escape. */
    private static Arbitrary<Byte> octet() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.bytes()),
                net.jqwik.api.Tuple.of(2, Arbitraries.of((byte) 0x7E, (byte) 0x7D, (byte) 0x11, (byte) 0x13,
                        (byte) 0xF8, (byte) 0x5E, (byte) 0x5D, (byte) 0x20)));
    }

    @Provide
    Arbitrary<byte[]> message() {
        return Arbitraries.oneOf(
                octet().array(byte[].class).ofMinSize(1).ofMaxSize(80),
                octet().array(byte[].class).ofMinSize(1).ofMaxSize(HdlcFramer.MAX_MESSAGE_SIZE));
    }

    @Provide
    Arbitrary<List<byte[]>> messages() {
        return octet().array(byte[].class).ofMinSize(1).ofMaxSize(60).list().ofMinSize(1).ofMaxSize(12);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static byte[] concat(List<byte[]> parts) {
        return Bytes.concat(parts.toArray(byte[][]::new));
    }

    private static List<byte[]> frames(List<byte[]> messages) {
        return messages.stream().map(HdlcFramer::encode).toList();
    }

    private static List<String> hex(List<byte[]> l) {
        return l.stream().map(Hex::encode).toList();
    }

    /** Feeds the stream in one go and returns what came out. */
    private static List<byte[]> receive(HdlcDeframer d, byte[] stream) {
        return d.accept(stream, 0, stream.length);
    }

    /**
     * Every message but the k-th is delivered, in order; the k-th may be lost; anything else delivered is at most
     * {@code extra} frames made of damaged octets.
     */
    private static void assertLosesAtMost(List<byte[]> sent, int k, List<byte[]> got, int extra) {
        List<String> all = hex(sent);
        List<String> allButK = new ArrayList<>(all);
        if (k >= 0) {
            allButK.remove(k);
        }
        List<String> have = hex(got);
        boolean ok = isSubsequence(all, have) && have.size() - all.size() <= extra
                || isSubsequence(allButK, have) && have.size() - allButK.size() <= extra;
        assertTrue(ok, "sent " + all + " with frame " + k + " damaged, got " + have);
    }

    private static boolean isSubsequence(List<String> wanted, List<String> in) {
        int j = 0;
        for (String h : in) {
            if (j < wanted.size() && wanted.get(j).equals(h)) {
                j++;
            }
        }
        return j == wanted.size();
    }

    // --------------------------------------------------------------------------------------------- tests

    @Property
    void frameRoundTrip(@ForAll("message") byte[] message) {
        byte[] frame = HdlcFramer.encode(message);
        HdlcDeframer d = new HdlcDeframer();
        List<byte[]> got = receive(d, frame);
        assertEquals(1, got.size());
        assertArrayEquals(message, got.get(0));
        assertEquals(1, d.messages());
        assertEquals(0, d.badFcsFrames() + d.oversizeFrames() + d.abortedFrames() + d.garbageOctets());
    }

    @Property
    void flagsOnlyDelimitAndFlowControlOctetsNeverAppear(@ForAll("message") byte[] message) {
        byte[] frame = HdlcFramer.encode(message);
        assertEquals(0x7E, frame[0] & 0xff);
        assertEquals(0x7E, frame[frame.length - 1] & 0xff);
        for (int i = 1; i < frame.length - 1; i++) {
            int o = frame[i] & 0xff;
            assertTrue(o != 0x7E && o != 0x11 && o != 0x13 && o != 0xF8, "octet " + i + " is " + o);
        }
        assertTrue(frame.length <= 2 * (message.length + 2) + 2);
    }

    @Property
    void arbitraryChunkBoundariesDeliverTheSameMessages(@ForAll("messages") List<byte[]> messages,
                                                        @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 1,
                                                                max = 40) Integer> chunkSizes) {
        byte[] stream = concat(frames(messages));
        HdlcDeframer d = new HdlcDeframer();
        List<byte[]> got = new ArrayList<>();
        int at = 0;
        int c = 0;
        while (at < stream.length) {
            int n = Math.min(chunkSizes.get(c++ % chunkSizes.size()), stream.length - at);
            // A chunk is usually a slice of a larger read buffer: use a non-zero offset.
            byte[] buf = new byte[n + 3];
            System.arraycopy(stream, at, buf, 3, n);
            got.addAll(d.accept(buf, 3, n));
            at += n;
        }
        assertEquals(hex(messages), hex(got));
    }

    @Property
    void garbageBetweenFramesLosesNothing(@ForAll("messages") List<byte[]> messages,
                                          @ForAll @Size(max = 12) List<@Size(max = 40) byte[]> garbage,
                                          @ForAll @Size(max = 200) byte[] leading) {
        List<byte[]> parts = new ArrayList<>();
        parts.add(leading);
        List<byte[]> fr = frames(messages);
        for (int i = 0; i < fr.size(); i++) {
            parts.add(fr.get(i));
            if (i < garbage.size()) {
                parts.add(garbage.get(i));
            }
        }
        List<byte[]> got = receive(new HdlcDeframer(), concat(parts));
        // Garbage forms frames of its own; one could pass the FCS by chance (2^-16), never at a message's cost.
        assertLosesAtMost(messages, -1, got, garbage.size() + 1);
    }

    @Property
    void droppedOctetLosesAtMostThatFrame(@ForAll("messages") List<byte[]> messages, @ForAll int which,
                                          @ForAll int where) {
        List<byte[]> fr = new ArrayList<>(frames(messages));
        int k = Math.floorMod(which, fr.size());
        byte[] f = fr.get(k);
        int at = Math.floorMod(where, f.length);
        byte[] cut = new byte[f.length - 1];
        System.arraycopy(f, 0, cut, 0, at);
        System.arraycopy(f, at + 1, cut, at, f.length - at - 1);
        fr.set(k, cut);
        List<byte[]> got = receive(new HdlcDeframer(), concat(fr));
        assertLosesAtMost(messages, k, got, 1);
    }

    @Property
    void flippedOctetLosesAtMostThatFrame(@ForAll("messages") List<byte[]> messages, @ForAll int which,
                                          @ForAll int where, @ForAll @IntRange(min = 1, max = 255) int mask) {
        List<byte[]> fr = new ArrayList<>(frames(messages));
        int k = Math.floorMod(which, fr.size());
        byte[] f = fr.get(k).clone();
        f[Math.floorMod(where, f.length)] ^= (byte) mask;
        fr.set(k, f);
        List<byte[]> got = receive(new HdlcDeframer(), concat(fr));
        // A flip can turn an octet into a flag and split the frame in two: two pieces, at most two extras.
        assertLosesAtMost(messages, k, got, 2);
    }

    @Test
    void flippedContentOctetIsCountedAsBadFcs() {
        List<byte[]> messages = List.of(new byte[] {(byte) 0x81, 0x07}, new byte[] {(byte) 0x82, 0x07},
                new byte[] {(byte) 0x83, 0x07});
        List<byte[]> fr = new ArrayList<>(frames(messages));
        byte[] f = fr.get(1).clone();
        f[2] ^= 0x01; // Type octet 0x07 -> 0x06, not a special octet
        fr.set(1, f);
        HdlcDeframer d = new HdlcDeframer();
        List<byte[]> got = receive(d, concat(fr));
        assertEquals(hex(List.of(messages.get(0), messages.get(2))), hex(got));
        assertEquals(1, d.badFcsFrames());
        assertEquals(2, d.messages());
    }

    @Test
    void octetsBeforeTheFirstFlagAreGarbage() {
        byte[] frame = HdlcFramer.encode(new byte[] {(byte) 0x81, 0x07});
        byte[] stream = concat(List.of(new byte[] {1, 2, 3, 0x7D, 5}, frame));
        HdlcDeframer d = new HdlcDeframer();
        assertEquals(1, receive(d, stream).size());
        assertEquals(5, d.garbageOctets());
        assertEquals(0, d.badFcsFrames());
    }

    @Test
    void backToBackFlagsAreEmptyFramesAndIgnored() {
        HdlcDeframer d = new HdlcDeframer();
        byte[] frame = HdlcFramer.encode(new byte[] {(byte) 0x81, 0x07});
        List<byte[]> got = new ArrayList<>(receive(d, new byte[] {0x7E, 0x7E, 0x7E, 0x7E}));
        got.addAll(receive(d, frame));
        got.addAll(receive(d, new byte[] {0x7E, 0x7E}));
        assertEquals(1, got.size());
        assertEquals(0, d.badFcsFrames() + d.oversizeFrames() + d.abortedFrames() + d.garbageOctets());
    }

    @Test
    void oversizeFrameIsDroppedAndTheNextOneDelivered() {
        HdlcDeframer d = new HdlcDeframer(100);
        byte[] big = new byte[101];
        Arrays.fill(big, (byte) 0x41);
        byte[] fits = new byte[100];
        Arrays.fill(fits, (byte) 0x42);
        byte[] small = {(byte) 0x81, 0x07};
        List<byte[]> got = receive(d, concat(List.of(HdlcFramer.encode(big), HdlcFramer.encode(fits),
                HdlcFramer.encode(small))));
        assertEquals(hex(List.of(fits, small)), hex(got));
        assertEquals(1, d.oversizeFrames());
        assertEquals(0, d.badFcsFrames());
    }

    @Test
    void garbageLongerThanTheBufferIsOversizeNotAnOverflow() {
        HdlcDeframer d = new HdlcDeframer(64);
        byte[] noise = new byte[5000];
        Arrays.fill(noise, (byte) 0x55);
        byte[] msg = {(byte) 0x81, 0x07};
        List<byte[]> got = receive(d, concat(List.of(new byte[] {0x7E}, noise, HdlcFramer.encode(msg))));
        assertEquals(hex(List.of(msg)), hex(got));
        assertEquals(1, d.oversizeFrames());
        assertEquals(5000 - 67, d.garbageOctets());
    }

    @Test
    void escapeFollowedByFlagAbortsTheFrame() {
        HdlcDeframer d = new HdlcDeframer();
        byte[] msg = {(byte) 0x81, 0x07};
        byte[] stream = concat(List.of(new byte[] {0x7E, (byte) 0x81, 0x02, 0x7D}, HdlcFramer.encode(msg)));
        assertEquals(hex(List.of(msg)), hex(receive(d, stream)));
        assertEquals(1, d.abortedFrames());
        assertEquals(0, d.badFcsFrames());
    }

    @Test
    void tooShortFramesCountAsBadFcs() {
        HdlcDeframer d = new HdlcDeframer();
        assertEquals(0, receive(d, new byte[] {0x7E, 0x01, 0x7E, 0x01, 0x02, 0x7E}).size());
        assertEquals(2, d.badFcsFrames());
    }

    @Test
    void receiversAcceptUnescapedOptionalOctets() {
        // 0x11, 0x13 and 0xF8 need escaping only for flow control; a sender that does not escape them is heard.
        byte[] msg = {(byte) 0x81, 0x11, 0x13, (byte) 0xF8};
        int fcs = Fcs16.of(msg);
        assertNotEquals(0x7E, fcs & 0xff);
        byte[] raw = concat(List.of(new byte[] {0x7E}, msg, new byte[] {(byte) fcs, (byte) (fcs >>> 8), 0x7E}));
        assertTrue(needsNoMandatoryEscape(raw));
        assertEquals(hex(List.of(msg)), hex(receive(new HdlcDeframer(), raw)));
    }

    private static boolean needsNoMandatoryEscape(byte[] raw) {
        for (int i = 1; i < raw.length - 1; i++) {
            if ((raw[i] & 0xff) == 0x7E || (raw[i] & 0xff) == 0x7D) {
                return false;
            }
        }
        return true;
    }

    @Test
    void encoderRefusesEmptyAndOversizeMessages() {
        assertThrows(IllegalArgumentException.class, () -> HdlcFramer.encode(new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> HdlcFramer.encode(new byte[HdlcFramer.MAX_MESSAGE_SIZE + 1]));
        assertEquals(HdlcFramer.MAX_MESSAGE_SIZE + 4,
                HdlcFramer.encode(new byte[HdlcFramer.MAX_MESSAGE_SIZE]).length,
                "1024 zero octets and their FCS need no escaping: flag + message + FCS + flag");
    }

    @Test
    void escapedOctetsAreXoredWith0x20() {
        byte[] frame = HdlcFramer.encode(new byte[] {0x7E, 0x7D, 0x11, 0x13, (byte) 0xF8, 0x20});
        String h = Hex.encode(frame);
        assertTrue(h.startsWith("7e7d5e7d5d7d317d337dd820"), h);
    }
}
