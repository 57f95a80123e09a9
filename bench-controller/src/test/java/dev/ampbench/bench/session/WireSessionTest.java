package dev.ampbench.bench.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.bench.transport.TcpTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.MessageType;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WireSessionTest {
    private static final Duration T = Duration.ofSeconds(2);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private EmulatedStation emulatedTag(Link link) throws Exception {
        EmulatedStation s = new EmulatedStation(AiotS9Firmware.tag(AiotS9Firmware.identities(1, 1).get(0)), Set.of(),
                new SeededRandomSource(1), new MonotonicClock(), link, 0, null, "PSU");
        open.add(s);
        return s;
    }

    private static int port(String tcpAddress) {
        return Integer.parseInt(tcpAddress.substring(tcpAddress.lastIndexOf(':') + 1));
    }

    private WireSession session(dev.ampbench.bench.transport.Transport t) throws LabFault {
        WireSession s = WireSession.open(t, T);
        open.add(s);
        return s;
    }

    @Test
    void helloOverTcpTellsWhoTheDeviceIs() throws Exception {
        EmulatedStation dut = emulatedTag(new TcpLink(0));
        WireSession s = session(new TcpTransport("127.0.0.1", port(dut.address()), 1000));
        assertEquals(Role.DEVICE, s.hello().role());
        assertEquals(Set.of(Profile.AIOT_S9), s.hello().supportedProfiles());
        assertEquals(1, s.bootCounter());
        WireMessage.HeartbeatAck hb = s.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        assertEquals(1, hb.bootCounter());
    }

    @Test
    void helloOverTheEmulatorsPseudoTerminalThroughSerialTransport() throws Exception {
        EmulatedStation dut = emulatedTag(new PtyLink());
        WireSession s = session(new SerialTransport(SerialTransport.PortSelector.path(dut.address()), 115200,
                SerialTransport.Lines.BOTH_LOW));
        assertEquals(Role.DEVICE, s.hello().role());
        assertInstanceOf(WireMessage.Status.class, s.request(WireMessage.StatusGet::new));
    }

    @Test
    void aPowerCycleIsSeenAsANewBootCounterAndSilenceIsNoResponse() throws Exception {
        EmulatedStation dut = emulatedTag(new TcpLink(0));
        WireSession s = session(new TcpTransport("127.0.0.1", port(dut.address()), 1000));
        scpi(dut.psuPort(), "OUTP OFF");
        NoResponse silent = assertThrows(NoResponse.class,
                () -> s.request(WireMessage.Heartbeat::new, Duration.ofMillis(200)));
        assertTrue(silent.getMessage().contains("did not answer HEARTBEAT"), silent.getMessage());
        scpi(dut.psuPort(), "OUTP ON");
        assertTrue(s.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT, T).isPresent());
        assertEquals(2, s.bootCounter());
    }

    @Test
    void aMissingPortIsALabFaultThatSaysWhatWasLookedFor() {
        LabFault byPath = assertThrows(LabFault.class, () -> new SerialTransport(
                SerialTransport.PortSelector.path("/dev/does-not-exist"), 115200, SerialTransport.Lines.UNTOUCHED)
                .open());
        assertTrue(byPath.getMessage().contains("/dev/does-not-exist"), byPath.getMessage());
        LabFault bySerial = assertThrows(LabFault.class, () -> new SerialTransport(
                SerialTransport.PortSelector.usbSerialNumber("FT-NOT-HERE"), 115200, SerialTransport.Lines.UNTOUCHED)
                .open());
        assertTrue(bySerial.getMessage().contains("no serial port matches usb-serial (by serial number)"),
                bySerial.getMessage());
        assertFalse(bySerial.getMessage().contains("FT-NOT-HERE"), bySerial.getMessage());
        LabFault tcp = assertThrows(LabFault.class, () -> new TcpTransport("127.0.0.1", freePort(), 500).open());
        assertTrue(tcp.getMessage().startsWith("cannot connect to tcp://127.0.0.1:"), tcp.getMessage());
    }

    /** A device written for the test: answers each command with what {@code reply} says, and records the TIDs. */
    private int fakeDevice(Function<WireMessage, List<byte[]>> reply, List<Integer> tids) throws Exception {
        ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                HdlcDeframer d = new HdlcDeframer();
                byte[] buf = new byte[1024];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (byte[] m : d.accept(buf, 0, n)) {
                        WireMessage cmd = WireCodec.decode(m);
                        tids.add(cmd.tid());
                        for (byte[] answer : reply.apply(cmd)) {
                            out.write(HdlcFramer.encode(answer));
                        }
                    }
                }
            } catch (Exception e) {
                // the test closed the connection
            }
        });
        t.setDaemon(true);
        t.start();
        return server.getLocalPort();
    }

    private static WireMessage.HelloResponse hello(int tid, int major) {
        return new WireMessage.HelloResponse(tid, major, 0, Role.DEVICE, 1 << Profile.LORAWAN.ordinal(), 0, 7, 1024,
                "fake-1.0", "fake");
    }

    @Test
    void tidsCycleThroughOneToFifteen() throws Exception {
        List<Integer> tids = new CopyOnWriteArrayList<>();
        int port = fakeDevice(cmd -> List.of(cmd instanceof WireMessage.Hello ? hello(cmd.tid(), 1).encode()
                : new WireMessage.HeartbeatAck(cmd.tid(), 7, 0).encode()), tids);
        WireSession s = session(new TcpTransport("127.0.0.1", port, 1000));
        for (int i = 0; i < 20; i++) {
            s.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            expected.add(i % 15 + 1);
        }
        assertEquals(expected, tids, "WIRE-R7");
    }

    @Test
    void pipelinedCommandsAllGoOutBeforeAnyAnswerIsAwaited() throws Exception {
        // This device answers nothing until it holds two commands: a command-then-wait session would time out.
        List<WireMessage> held = new CopyOnWriteArrayList<>();
        int port = fakeDevice(cmd -> {
            if (cmd instanceof WireMessage.Hello) {
                return List.of(hello(cmd.tid(), 1).encode());
            }
            held.add(cmd);
            if (held.size() < 2) {
                return List.of();
            }
            return List.of(new WireMessage.Ack(held.get(0).tid(), MessageType.AIR_INJECT).encode(),
                    new WireMessage.HeartbeatAck(held.get(1).tid(), 7, 0).encode());
        }, new CopyOnWriteArrayList<>());
        WireSession s = session(new TcpTransport("127.0.0.1", port, 1000));
        WireMessage[] a = s.pipeline(List.of(tid -> new WireMessage.AirInject(tid, Profile.LORAWAN, 0, 0x7F, 0xFFFF,
                new byte[] {1, 2, 3}), WireMessage.Heartbeat::new));
        assertEquals(2, a.length);
        assertInstanceOf(WireMessage.Ack.class, a[0]);
        assertEquals(held.get(0).tid(), a[0].tid());
        assertInstanceOf(WireMessage.HeartbeatAck.class, a[1]);
        assertInstanceOf(WireMessage.AirInject.class, held.get(0), "sent in the order given");
        assertInstanceOf(WireMessage.Heartbeat.class, held.get(1));
    }

    @Test
    void aPipelinedCommandLeftUnansweredIsNullNotAnException() throws Exception {
        int port = fakeDevice(cmd -> cmd instanceof WireMessage.Hello ? List.of(hello(cmd.tid(), 1).encode())
                : cmd instanceof WireMessage.Heartbeat ? List.of(new WireMessage.HeartbeatAck(cmd.tid(), 7, 0).encode())
                : List.of(), new CopyOnWriteArrayList<>());
        WireSession s = WireSession.open(new TcpTransport("127.0.0.1", port, 1000), Duration.ofMillis(300));
        open.add(s);
        WireMessage[] a = s.pipeline(List.of(WireMessage.StatusGet::new, WireMessage.Heartbeat::new));
        assertEquals(null, a[0], "STATUS_GET was not answered within the session timeout");
        assertInstanceOf(WireMessage.HeartbeatAck.class, a[1]);
        // The TIDs of both are free again: a later command is answered normally.
        s.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
    }

    @Test
    void aSlowDeviceGetsTheWholeTimeoutForEachPipelinedCommand() throws Exception {
        // Each answer takes 200 ms; the session waits 300 ms: four pipelined commands take 800 ms in all, and none
        // of them is silent.
        int port = fakeDevice(cmd -> {
            if (cmd instanceof WireMessage.Hello) {
                return List.of(hello(cmd.tid(), 1).encode());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return List.of(new WireMessage.HeartbeatAck(cmd.tid(), 7, 0).encode());
        }, new CopyOnWriteArrayList<>());
        WireSession s = WireSession.open(new TcpTransport("127.0.0.1", port, 1000), Duration.ofMillis(300));
        open.add(s);
        WireMessage[] a = s.pipeline(List.of(WireMessage.Heartbeat::new, WireMessage.Heartbeat::new,
                WireMessage.Heartbeat::new, WireMessage.Heartbeat::new));
        for (WireMessage m : a) {
            assertInstanceOf(WireMessage.HeartbeatAck.class, m);
        }
    }

    @Test
    void anotherMajorVersionIsRefusedAtHello() throws Exception {
        int port = fakeDevice(cmd -> List.of(hello(cmd.tid(), 2).encode()), new CopyOnWriteArrayList<>());
        LabFault f = assertThrows(LabFault.class, () -> WireSession.open(new TcpTransport("127.0.0.1", port, 1000), T));
        assertTrue(f.getMessage().contains("speaks bench wire protocol 2.0"), f.getMessage());
    }

    @Test
    void whatTheDeviceSendsMalformedIsKeptAsEvidence() throws Exception {
        byte[] badStatus = {(byte) 0x81, 0x44, 0x01};
        int port = fakeDevice(cmd -> cmd instanceof WireMessage.Hello ? List.of(hello(cmd.tid(), 1).encode())
                : List.of(badStatus, new WireMessage.HeartbeatAck(cmd.tid(), 7, 0).encode()),
                new CopyOnWriteArrayList<>());
        WireSession s = session(new TcpTransport("127.0.0.1", port, 1000));
        s.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        assertEquals(1, s.malformed().size());
        assertTrue(s.malformed().get(0).contains("814401"), s.malformed().get(0));
    }

    @Test
    void anErrorWhereAResultWasExpectedNamesTheError() throws Exception {
        EmulatedStation dut = emulatedTag(new TcpLink(0));
        WireSession s = session(new TcpTransport("127.0.0.1", port(dut.address()), 1000));
        LabFault f = assertThrows(LabFault.class, () -> s.call(tid -> new WireMessage.NvRead(tid, "no.such.record"),
                WireMessage.NvData.class));
        assertTrue(f.getMessage().contains("ERROR NOT_FOUND"), f.getMessage());
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void scpi(int port, String line) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.getOutputStream().write((line + ";*OPC?\n").getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().read();
        }
    }
}
