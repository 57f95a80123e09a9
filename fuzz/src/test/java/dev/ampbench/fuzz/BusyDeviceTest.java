package dev.ampbench.fuzz;

import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.TcpTransport;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.MessageType;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A DUT whose firmware queues fewer commands than a full batch has outstanding answers ERROR BUSY (bench wire
 * protocol, section 6.2), for a full queue or a passing reason. A scripted device on a real TCP socket answers the
 * third AIR_INJECT of two batches in a row with BUSY. The wire target refuses each batch whole (some frames reached the
 * device, some did not); the first time it tries the same size again (BUSY may pass), the second time it lowers its
 * batch size to what the device took; the next batches fit.
 */
class BusyDeviceTest {
    private ServerSocket server;
    private WireSession wire;

    @AfterEach
    void close() throws Exception {
        if (wire != null) {
            wire.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Answers every command; its 3rd and 8th AIR_INJECTs (the third of each of two batches of five) are BUSY. */
    private int deviceQueueingTwoFrames() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AtomicInteger injects = new AtomicInteger();
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                HdlcDeframer d = new HdlcDeframer();
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (byte[] m : d.accept(buf, 0, n)) {
                        WireMessage cmd = WireCodec.decode(m);
                        WireMessage answer;
                        if (cmd instanceof WireMessage.Hello) {
                            answer = new WireMessage.HelloResponse(cmd.tid(), 1, 0, Role.DEVICE,
                                    1 << Profile.LORAWAN.ordinal(), 0, 7, 1024, "busy-1.0", "busy");
                        } else if (cmd instanceof WireMessage.AirInject) {
                            int k = injects.incrementAndGet();
                            answer = k == 3 || k == 8
                                    ? new WireMessage.ErrorResponse(cmd.tid(), ErrorCode.BUSY.code(),
                                    MessageType.AIR_INJECT.code(), "queue full")
                                    : new WireMessage.Ack(cmd.tid(), MessageType.AIR_INJECT);
                        } else {
                            answer = new WireMessage.HeartbeatAck(cmd.tid(), 7, 0);
                        }
                        out.write(HdlcFramer.encode(answer.encode()));
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

    @Test
    void aBusyAnswerRefusesTheBatchAndLowersTheBatchSize() throws Exception {
        wire = WireSession.open(new TcpTransport("127.0.0.1", deviceQueueingTwoFrames(), 1000), Duration.ofSeconds(1));
        WireTarget t = new WireTarget(wire, Profile.LORAWAN, Role.DEVICE, null, Duration.ZERO);
        assertEquals(WireTarget.MAX_BATCH, t.batch());
        List<byte[]> five = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4}, new byte[] {5});
        FuzzTarget.BatchRefused once = assertThrows(FuzzTarget.BatchRefused.class, () -> t.injectEach(five, false));
        assertTrue(once.getMessage().contains("ERROR BUSY to command 5 of a batch of 10"), once.getMessage());
        assertEquals(WireTarget.MAX_BATCH, t.batch(), "a BUSY may pass: the same size again");
        FuzzTarget.BatchRefused twice = assertThrows(FuzzTarget.BatchRefused.class, () -> t.injectEach(five, false));
        assertTrue(twice.getMessage().contains("at most 2 frames"), twice.getMessage());
        assertEquals(2, t.batch(), "the device queued two frames (four commands) before the busy one");
        List<FuzzTarget.Answer> two = t.injectEach(List.of(new byte[] {1}, new byte[] {2}), false);
        assertEquals(List.of(FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.ALIVE),
                two.stream().map(FuzzTarget.Answer::liveness).toList());
    }
}
