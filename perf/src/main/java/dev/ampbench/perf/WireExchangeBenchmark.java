package dev.ampbench.perf;

import com.fazecast.jSerialComm.SerialPort;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Request/response exchanges per second between a bench and an emulated device over its host interface: a
 * HEARTBEAT and its HEARTBEAT_ACK, one at a time, as the bench's liveness checks do; over the pseudo-terminal opened
 * with jSerialComm, and over TCP.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WireExchangeBenchmark {

    @Param({"pty", "tcp"})
    public String transport;

    private EmulatedStation station;
    private InputStream in;
    private OutputStream out;
    private AutoCloseable connection;
    private final HdlcDeframer deframer = new HdlcDeframer();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private final byte[] buf = new byte[4096];
    private byte[][] heartbeats;
    private int next;

    @Setup
    public void setUp() throws Exception {
        AiotS9Personalization id = AiotS9Firmware.identities(9, 1).get(0);
        Link link = transport.equals("pty") ? new PtyLink() : new TcpLink(0);
        station = new EmulatedStation(AiotS9Firmware.tag(id), Set.of(), new SeededRandomSource(9),
                new MonotonicClock(), link, 0, null, "BENCH");
        if (transport.equals("pty")) {
            SerialPort port = SerialPort.getCommPort(station.address());
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 1000, 0);
            if (!port.openPort()) {
                throw new IOException("cannot open " + station.address());
            }
            in = port.getInputStream();
            out = port.getOutputStream();
            connection = port::closePort;
        } else {
            Socket s = new Socket(InetAddress.getLoopbackAddress(),
                    Integer.parseInt(station.address().substring(station.address().lastIndexOf(':') + 1)));
            s.setTcpNoDelay(true);
            in = s.getInputStream();
            out = s.getOutputStream();
            connection = s;
        }
        heartbeats = new byte[16][];
        for (int tid = 1; tid <= 15; tid++) {
            heartbeats[tid] = HdlcFramer.encode(new WireMessage.Heartbeat(tid).encode());
        }
        exchange(); // the first answer also flushes the boot notifications
    }

    @Benchmark
    public int heartbeatRoundTrip() throws IOException {
        return exchange();
    }

    private int exchange() throws IOException {
        int tid = next % 15 + 1;
        next++;
        out.write(heartbeats[tid]);
        out.flush();
        while (true) {
            while (pending.isEmpty()) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("link closed");
                }
                List<byte[]> got = deframer.accept(buf, 0, n);
                pending.addAll(got);
            }
            byte[] m = pending.poll();
            // Header octet: TID in bits 3..0; Type 0x47 = HEARTBEAT_ACK.
            if ((m[0] & 0x0f) == tid && (m[1] & 0xff) == 0x47) {
                return m.length;
            }
        }
    }

    @TearDown
    public void tearDown() throws Exception {
        connection.close();
        station.close();
    }
}
