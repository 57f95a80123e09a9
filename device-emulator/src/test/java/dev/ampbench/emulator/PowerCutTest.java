package dev.ampbench.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Frames;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.PagingResponse;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Power cut at the points the emulator models, each triggered by the device's own report (not by a sleep): in the
 * middle of an outgoing radio frame, in the middle of an incoming one, and inside a non-volatile write.
 */
class PowerCutTest {
    private static final long T = 3_000;
    private static final AiotS9Personalization TAG = AiotS9Firmware.identities(11, 1).get(0);
    private final List<AutoCloseable> open = new ArrayList<>();
    private int nonce = 1;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    /** A SCPI connection kept open, so a cut costs one line on an established socket. */
    private static final class Supply implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final BufferedReader in;

        Supply(int port) throws Exception {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        }

        void set(boolean on) throws Exception {
            out.write(("OUTP " + (on ? "ON" : "OFF") + ";*OPC?\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertEquals("1", in.readLine());
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private record Dut(EmulatedStation station, WireClient wire, Supply supply) {
    }

    private Dut start(Timing timing, Defect... defects) throws Exception {
        EmulatedStation s = new EmulatedStation(AiotS9Firmware.tag(TAG), Set.of(defects), new SeededRandomSource(3),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU", timing);
        open.add(s);
        WireClient c = Bench.connect(s.address());
        open.add(c);
        Supply p = new Supply(s.psuPort());
        open.add(p);
        return new Dut(s, c, p);
    }

    private byte[] paging() {
        byte[] nn = new byte[8];
        nn[0] = (byte) nonce++;
        return AiotS9Frames.paging(TAG, nn).encode();
    }

    private static WireMessage.Event awaitEvent(WireClient c, EventKind kind, long value) throws Exception {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind
                && (value < 0 || e.value() == value), T);
    }

    @Test
    void aCutInTheMiddleOfAnOutgoingFrameLosesTheFrameButNotTheNonceFreshness() throws Exception {
        Dut d = start(new Timing(0, 2_000_000)); // 2 ms an octet: the cut lands well inside the frame
        d.wire().send(new WireMessage.AirInject(d.wire().tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging()));
        WireMessage.Event tx = awaitEvent(d.wire(), EventKind.AIR_TX_BEGIN, -1);
        assertNotNull(tx, "the device announces its transmission");
        assertTrue(Long.parseLong(tx.name()) >= tx.value() * 2_000, "airtime in µs: " + tx.name());
        d.supply().set(false);
        assertNull(d.wire().await(m -> m instanceof WireMessage.AirEmit, 300), "a frame cut short is never emitted");
        d.supply().set(true);
        assertNotNull(awaitEvent(d.wire(), EventKind.BOOT, 2));

        // After the cut the tag answers again, with a device nonce of its own: fresh, not a replay of the lost one.
        d.wire().send(new WireMessage.AirInject(d.wire().tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging()));
        WireMessage.AirEmit answer = (WireMessage.AirEmit) d.wire().await(m -> m instanceof WireMessage.AirEmit, T);
        assertNotNull(answer);
        assertEquals(8, PagingResponse.decode(answer.frame()).deviceNonce().length);
    }

    @Test
    void aCutWhileAFrameArrivesMeansTheDeviceNeverGotIt() throws Exception {
        Dut d = start(new Timing(0, 5_000_000)); // a 30-octet paging takes 150 ms to arrive
        int tid = d.wire().tid();
        d.wire().send(new WireMessage.AirInject(tid, Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging()));
        Thread.sleep(20); // reception has begun: the device is inside the frame's air time
        d.supply().set(false);
        assertNull(d.wire().await(m -> m.tid() == tid || m instanceof WireMessage.AirEmit, 400),
                "a device that lost power while receiving neither acknowledges nor answers");
        d.supply().set(true);
        assertNotNull(awaitEvent(d.wire(), EventKind.BOOT, 2));
        assertEquals("LISTENING", d.station().device().state());
    }

    private long bootCounterRecord(Dut d) {
        return ByteBuffer.wrap(d.station().device().nvm().read(EmulatedDevice.BOOT_COUNT_KEY).orElseThrow())
                .order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    /**
     * Cycles power and cuts it again as soon as the device reports the boot counter's NV write; then powers it up
     * once more and returns the boot counter it reports.
     */
    private long cutInsideTheBootCountWrite(Dut d) throws Exception {
        d.supply().set(false);
        d.wire().drain();
        d.supply().set(true);
        WireMessage.Event begin = (WireMessage.Event) d.wire().await(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.NV_WRITE_BEGIN && e.name().equals(EmulatedDevice.BOOT_COUNT_KEY), T);
        assertNotNull(begin);
        d.supply().set(false);
        assertNull(d.wire().await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.NV_WRITE_END, 200),
                "the write was cut before it ended");
        d.supply().set(true);
        WireMessage.Event boot = awaitEvent(d.wire(), EventKind.BOOT, -1);
        assertNotNull(boot);
        return boot.value();
    }

    @Test
    void aCutInsideAnNvWriteKeepsTheOldRecordOnACorrectDeviceAndCorruptsADefectiveOne() throws Exception {
        Timing slowFlash = new Timing(5_000_000, 0); // 8 octets take 40 ms to program
        Dut good = start(slowFlash);
        assertEquals(1, bootCounterRecord(good));
        assertEquals(2, cutInsideTheBootCountWrite(good),
                "the torn write left boot 1's record (A/B slots), so the next complete boot counts 2");
        assertEquals(2, bootCounterRecord(good));

        Dut bad = start(slowFlash, Defect.TORN_NV_WRITE);
        long reported = cutInsideTheBootCountWrite(bad);
        assertNotEquals(2, reported, "a single-slot record torn mid-write is half new, half erased: the count is lost");
    }
}
