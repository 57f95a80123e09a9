package dev.ampbench.emulator.testing;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The bench side of the wire, for tests: frames and sends commands, and collects everything the device sends in
 * arrival order. Works over any byte streams (a TCP socket, a jSerialComm port).
 */
public final class WireClient implements Closeable {
    private final OutputStream out;
    private final Closeable resource;
    private final BlockingQueue<WireMessage> inbox = new LinkedBlockingQueue<>();
    private final List<WireMessage> seen = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private int nextTid = 1;

    public WireClient(InputStream in, OutputStream out, Closeable resource) {
        this.out = out;
        this.resource = resource;
        this.reader = new Thread(() -> readLoop(in), "wire-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(InputStream in) {
        HdlcDeframer deframer = new HdlcDeframer();
        byte[] buf = new byte[1024];
        try {
            while (!closed) {
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                for (byte[] m : deframer.accept(buf, 0, n)) {
                    try {
                        inbox.add(WireCodec.decode(m));
                    } catch (FrameDecodeException e) {
                        throw new AssertionError("device sent an undecodable message: " + e.getMessage(), e);
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    public synchronized int tid() {
        int t = nextTid;
        nextTid = nextTid % 15 + 1;
        return t;
    }

    public void sendRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    public void send(WireMessage m) throws IOException {
        sendRaw(HdlcFramer.encode(m.encode()));
    }

    /** Sends a command and waits for the response with its TID; notifications stay queued for {@link #await}. */
    public WireMessage request(WireMessage command, long timeoutMillis) throws IOException, InterruptedException {
        send(command);
        WireMessage r = await(m -> m.tid() == command.tid() && m.tid() != 0, timeoutMillis);
        if (r == null) {
            throw new AssertionError("no response to " + command + " within " + timeoutMillis + " ms");
        }
        return r;
    }

    /** The first message (in arrival order, including ones already received) that matches; null on timeout. */
    public synchronized WireMessage await(Predicate<WireMessage> what, long timeoutMillis) throws InterruptedException {
        for (int i = 0; i < seen.size(); i++) {
            if (what.test(seen.get(i))) {
                return seen.remove(i);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            WireMessage m = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (m == null) {
                return null;
            }
            if (what.test(m)) {
                return m;
            }
            seen.add(m);
        }
    }

    /** Everything received so far, in order, without waiting. */
    public synchronized List<WireMessage> drain() {
        List<WireMessage> all = new ArrayList<>(seen);
        seen.clear();
        inbox.drainTo(all);
        return all;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        resource.close();
    }
}
