package dev.ampbench.bench.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Hex;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapngWriterTest {

    @Test
    void writesTheSectionHeaderAndInterfaceExactlyAsPcapngSpecifies() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            w.addLink("dut1", Profile.AMP_SEC, Role.DEVICE);
        }
        ByteBuffer b = ByteBuffer.wrap(out.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0x0A0D0D0A, b.getInt(0));
        int shbLen = b.getInt(4);
        assertEquals(0x1A2B3C4D, b.getInt(8));
        assertEquals(1, b.getShort(12));
        assertEquals(0, b.getShort(14));
        assertEquals(-1L, b.getLong(16));
        assertEquals(shbLen, b.getInt(shbLen - 4));
        // IDB: type 1, link type 162 (LINKTYPE_USER15), snaplen 0, if_name "dut1", if_tsresol 9
        assertEquals(1, b.getInt(shbLen));
        assertEquals(162, b.getShort(shbLen + 8));
        assertEquals(0, b.getInt(shbLen + 12));
        assertEquals(2, b.getShort(shbLen + 16)); // if_name
        assertEquals(4, b.getShort(shbLen + 18));
        assertEquals("dut1", new String(out.toByteArray(), shbLen + 20, 4));
        String hex = Hex.encode(out.toByteArray());
        assertTrue(hex.contains("0900010009000000"), "if_tsresol option = 9 (nanoseconds): " + hex);
    }

    @Test
    void aPacketCarriesTheDocumentedPseudoHeaderAndEpbFlags() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            PcapngWriter.Link l = w.addLink("dut1", Profile.AIOT_S9, Role.INFRASTRUCTURE);
            w.write(l, Direction.FROM_DUT, 0x0000000123456789L, new byte[] {(byte) 0xAB, (byte) 0xCD});
        }
        byte[] all = out.toByteArray();
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int pos = b.getInt(4);
        pos += b.getInt(pos + 4); // skip IDB
        assertEquals(6, b.getInt(pos));
        assertEquals(0, b.getInt(pos + 8));
        assertEquals(0x1, b.getInt(pos + 12));
        assertEquals(0x23456789, b.getInt(pos + 16));
        assertEquals(14, b.getInt(pos + 20));
        assertEquals(14, b.getInt(pos + 24));
        // version 1, length 12, aiot-s9, inbound, gateway, flags 0, channel unknown, RSSI unknown, reserved, frame
        assertEquals("010c03010200ffff7f000000abcd", Hex.encode(Arrays.copyOfRange(all, pos + 28, pos + 42))
                .toLowerCase());
        // epb_flags: code 2, length 4, value 1 = inbound
        assertEquals(2, b.getShort(pos + 44));
        assertEquals(4, b.getShort(pos + 46));
        assertEquals(1, b.getInt(pos + 48));
    }

    @Test
    void loRaWanFramesAlsoGoOnALoRaTapInterface() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] join = Hex.decode("00" + "0102030405060708" + "1112131415161718" + "0100" + "aabbccdd");
        try (PcapngWriter w = PcapngWriter.to(out)) {
            PcapngWriter.Link l = w.addLink("end device", Profile.LORAWAN, Role.DEVICE);
            w.write(l, Direction.FROM_DUT, 1, join);
        }
        Capture c = PcapngReader.read(out.toByteArray());
        assertEquals(2, c.interfaces().size());
        assertEquals(270, c.interfaces().get(1).linkType());
        assertEquals(2, c.frames().size());
        CapturedFrame tap = c.frames().get(1);
        assertEquals(270, tap.iface().linkType());
        assertArrayEquals(join, tap.frame());
        assertEquals(1, c.ampbenchFrames().size());
    }

    @Test
    void aCrashedFileIsReadUpToItsLastWholeFrameAndTheCutIsReported(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/run.pcapng");
        PcapngWriter w = PcapngWriter.create(f);
        PcapngWriter.Link l = w.addLink("dut", Profile.AMP_PROV, Role.DEVICE);
        w.write(l, Direction.TO_DUT, 1000, new byte[] {1, 2, 3});
        w.write(l, Direction.FROM_DUT, 2000, new byte[] {4, 5, 6, 7});
        // not closed: what is on disk now is what a crash would leave
        byte[] onDisk = Files.readAllBytes(f);
        Capture whole = PcapngReader.read(onDisk);
        assertEquals(2, whole.frames().size());
        assertTrue(whole.truncatedTail().isEmpty());
        Capture cut = PcapngReader.read(Arrays.copyOf(onDisk, onDisk.length - 5));
        assertEquals(1, cut.frames().size());
        assertArrayEquals(new byte[] {1, 2, 3}, cut.frames().get(0).frame());
        assertTrue(cut.truncatedTail().orElseThrow().contains("file ends inside a block"), cut.truncatedTail().get());
        w.close();
    }

    @Test
    void aCorruptBlockIsAClearErrorNamingItsOffset() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            PcapngWriter.Link l = w.addLink("dut", Profile.AMP_PROV, Role.DEVICE);
            w.write(l, Direction.TO_DUT, 1000, new byte[] {1, 2, 3});
        }
        byte[] bad = out.toByteArray();
        int end = bad.length;
        bad[end - 4] ^= 0x10; // the EPB's trailing length
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> PcapngReader.read(bad));
        assertEquals(end - 4, e.offset());
        assertTrue(e.getMessage().startsWith("at offset " + (end - 4) + ": trailing block length"), e.getMessage());

        CaptureFormatException notPcap = assertThrows(CaptureFormatException.class,
                () -> PcapngReader.read("hello, this is not a capture".getBytes()));
        assertTrue(notPcap.getMessage().contains("not a pcapng file"), notPcap.getMessage());
    }

    @Test
    void readsABigEndianSectionToo() throws Exception {
        // a hand-made big-endian file: SHB (28), IDB with linktype 162 (20), EPB with a 13-octet ampbench packet
        ByteBuffer b = ByteBuffer.allocate(28 + 20 + 48).order(ByteOrder.BIG_ENDIAN);
        b.putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1)
                .putInt(28);
        b.putInt(1).putInt(20).putShort((short) 162).putShort((short) 0).putInt(0).putInt(20);
        b.putInt(6).putInt(48).putInt(0).putInt(0).putInt(7).putInt(13).putInt(13)
                .put(new byte[] {1, 12, 2, 2, 1, 0, (byte) 0xFF, (byte) 0xFF, 0x7F, 0, 0, 0, 0x42, 0, 0, 0})
                .putInt(48);
        Capture c = PcapngReader.read(b.array());
        CapturedFrame f = c.frames().get(0);
        assertEquals(Profile.AMP_SEC, f.profile().orElseThrow());
        assertEquals(Direction.TO_DUT, f.direction());
        assertEquals(7000, f.epochNanos()); // default resolution: microseconds
        assertArrayEquals(new byte[] {0x42}, f.frame());
    }
}
