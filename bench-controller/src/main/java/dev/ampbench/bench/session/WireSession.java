package dev.ampbench.bench.session;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.transport.Connection;
import dev.ampbench.bench.transport.Transport;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.MessageType;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * The bench's side of the bench wire protocol (docs/bench-wire-protocol.md) over one connection: frames and sends
 * commands with TIDs cycling through 1..15 (WIRE-R7), matches each response to its command, and hands every
 * notification (AIR_EMIT, EVENT, LOG) to listeners and to {@link #await}. It opens with HELLO and refuses a device
 * of another major version (WIRE-R10). It tracks the device's boot counter, so a reboot nobody asked for is visible,
 * and keeps every undecodable message the device sent as evidence.
 */
public final class WireSession implements Closeable {
    /** WIRE-R13: the host declares a timeout after 500 ms. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int VERSION_MAJOR = 1;

    /** A message as received, with its arrival time on the bench's monotonic clock. */
    public record Received(WireMessage message, long nanos) {
    }

    /**
     * What the caller's own thread did over the session, seen from that thread (so a test's report can put it in
     * the test's current step): each command with its answer, each notification an {@link #await} handed over.
     * Messages received but never awaited do not pass here (the {@link #addListener listeners} see those).
     */
    public interface Tap {
        /** A command sent and its answer; {@code answer} is null when none came in time. */
        void request(WireMessage command, WireMessage answer);

        /** A notification {@link #await} returned to the caller. */
        void taken(WireMessage notification);

        /** {@link #await} waited {@code waited} and nothing it wanted came: the device stayed silent. */
        default void quiet(Duration waited) {
        }
    }

    private final Connection connection;
    private final Duration timeout;
    private final Thread reader;
    private final HdlcDeframer deframer = new HdlcDeframer();
    private final CompletableFuture<?>[] pending = new CompletableFuture<?>[16];
    private final BlockingQueue<Received> notifications = new LinkedBlockingQueue<>();
    private final List<Received> parked = new ArrayList<>();
    private final List<Consumer<Received>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Received>> sentListeners = new CopyOnWriteArrayList<>();
    private final List<String> malformed = new CopyOnWriteArrayList<>();
    private volatile WireMessage.HelloResponse hello;
    private volatile long bootCounter = -1;
    private volatile Tap tap;
    private volatile boolean closed;
    private volatile IOException readFailure;
    private int nextTid = 1;

    private WireSession(Connection connection, Duration timeout) {
        this.connection = connection;
        this.timeout = timeout;
        this.reader = new Thread(this::readLoop, "wire-session " + connection.describe());
        reader.setDaemon(true);
    }

    /** Opens the transport, starts reading and says HELLO. */
    public static WireSession open(Transport transport, Duration timeout) throws LabFault {
        Connection c = transport.open();
        WireSession s = new WireSession(c, timeout);
        s.reader.start();
        try {
            s.sayHello();
        } catch (LabFault e) {
            s.close();
            throw e;
        }
        return s;
    }

    private void sayHello() throws LabFault {
        WireMessage r = request(WireMessage.Hello::new);
        if (!(r instanceof WireMessage.HelloResponse h)) {
            throw new LabFault(connection.describe() + " answered HELLO with " + r.messageType());
        }
        if (h.versionMajor() != VERSION_MAJOR) {
            throw new LabFault(connection.describe() + " speaks bench wire protocol " + h.versionMajor() + "."
                    + h.versionMinor() + "; this bench speaks " + VERSION_MAJOR + ".x");
        }
        hello = h;
        bootCounter = h.bootCounter();
    }

    /** What the device said about itself at HELLO (role, profiles, firmware, capabilities, boot counter). */
    public WireMessage.HelloResponse hello() {
        return hello;
    }

    /** The last boot counter the device reported (HELLO, EVENT BOOT, HEARTBEAT_ACK, STATUS). */
    public long bootCounter() {
        return bootCounter;
    }

    public String describe() {
        return connection.describe();
    }

    /** Every message the device sent, as it arrives (for recording); listeners must not block. */
    public void addListener(Consumer<Received> listener) {
        listeners.add(listener);
    }

    /**
     * Every message the bench sends to the device, just before it is written (for recording: captures take each
     * AIR_INJECT from here, so frames a suite injects without the conductor are captured too); listeners must not
     * block.
     */
    public void addSentListener(Consumer<Received> listener) {
        sentListeners.add(listener);
    }

    /** The tap of the test now running (replaced per test), or null for none. */
    public void setTap(Tap tap) {
        this.tap = tap;
    }

    /** Messages the device sent that did not decode: evidence of a device bug, never silently dropped. */
    public List<String> malformed() {
        return List.copyOf(malformed);
    }

    /** Framing counters: bad FCS, oversize, garbage octets received from the device. */
    public HdlcDeframer framing() {
        return deframer;
    }

    /**
     * Sends a command built for a fresh TID and waits for its response (an ERROR response is returned, not thrown:
     * the caller decides what a refusal means).
     *
     * @throws NoResponse when nothing answers within the session's timeout
     * @throws LabFault   when the connection failed
     */
    public WireMessage request(IntFunction<WireMessage> command) throws LabFault {
        return request(command, timeout);
    }

    public WireMessage request(IntFunction<WireMessage> command, Duration wait) throws LabFault {
        CompletableFuture<WireMessage> answer = new CompletableFuture<>();
        WireMessage m;
        synchronized (pending) {
            int tid = freeTid();
            pending[tid] = answer;
            m = command.apply(tid);
            if (m.tid() != tid) {
                pending[tid] = null;
                throw new IllegalArgumentException("the command must carry the TID it was given");
            }
        }
        send(m);
        try {
            WireMessage r = answer.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            tap(m, r);
            return r;
        } catch (TimeoutException e) {
            tap(m, null);
            throw new NoResponse(connection.describe() + " did not answer " + m.messageType() + " within "
                    + wait.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new LabFault(connection.describe() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFault("interrupted while waiting for " + connection.describe());
        } finally {
            synchronized (pending) {
                if (pending[m.tid()] == answer) {
                    pending[m.tid()] = null;
                }
            }
        }
    }

    /**
     * Sends several commands back to back, then waits for their answers (pipelining: one round trip for all, as
     * section 6.2 of the wire protocol allows up to 15 outstanding commands, processed in arrival order). The answer
     * to {@code commands[i]} is at index i, or null when it did not come within the session's timeout. The device
     * handles the commands one after the other, so each gets the whole timeout: counted from when the last command was
     * sent for the first answer, and from the answer before it for each later one (a slow device is not silent; once
     * one answer is missing, the later ones get no more time).
     *
     * @throws LabFault when the connection failed
     */
    public WireMessage[] pipeline(List<IntFunction<WireMessage>> commands) throws LabFault {
        int n = commands.size();
        WireMessage[] sent = new WireMessage[n];
        @SuppressWarnings("unchecked")
        CompletableFuture<WireMessage>[] answers = new CompletableFuture[n];
        WireMessage[] out = new WireMessage[n];
        try {
            synchronized (pending) {
                for (int i = 0; i < n; i++) {
                    int tid = freeTid();
                    answers[i] = new CompletableFuture<>();
                    pending[tid] = answers[i];
                    sent[i] = commands.get(i).apply(tid);
                    if (sent[i].tid() != tid) {
                        pending[tid] = null;
                        sent[i] = null;
                        throw new IllegalArgumentException("the command must carry the TID it was given");
                    }
                }
            }
            for (WireMessage m : sent) {
                send(m);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int i = 0; i < n; i++) {
                try {
                    out[i] = answers[i].get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    deadline = Math.max(deadline, System.nanoTime() + timeout.toNanos());
                } catch (TimeoutException e) {
                    out[i] = null;
                }
                tap(sent[i], out[i]);
            }
            return out;
        } catch (ExecutionException e) {
            throw new LabFault(connection.describe() + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFault("interrupted while waiting for " + connection.describe());
        } finally {
            synchronized (pending) {
                for (int i = 0; i < n; i++) {
                    if (sent[i] != null && pending[sent[i].tid()] == answers[i]) {
                        pending[sent[i].tid()] = null;
                    }
                }
            }
        }
    }

    /** Like {@link #request} but the response must be of {@code type}; anything else (an ERROR) is a LabFault. */
    public <T extends WireMessage> T call(IntFunction<WireMessage> command, Class<T> type) throws LabFault {
        WireMessage r = request(command);
        if (!type.isInstance(r)) {
            throw new LabFault(connection.describe() + " answered " + describe(r) + " where "
                    + type.getSimpleName() + " was expected");
        }
        return type.cast(r);
    }

    private static String describe(WireMessage r) {
        return r instanceof WireMessage.ErrorResponse e
                ? "ERROR " + e.knownCode().map(Enum::name).orElse("0x" + Integer.toHexString(e.code())) + " ("
                + e.text() + ")"
                : r.messageType().toString();
    }

    private int freeTid() throws LabFault {
        for (int i = 0; i < 15; i++) {
            int tid = nextTid;
            nextTid = nextTid % 15 + 1;
            if (pending[tid] == null) {
                return tid;
            }
        }
        throw new LabFault("15 commands outstanding on " + connection.describe() + ": the device stopped answering");
    }

    private void send(WireMessage m) throws LabFault {
        if (closed) {
            throw new LabFault("session with " + connection.describe() + " is closed");
        }
        byte[] framed = HdlcFramer.encode(m.encode());
        if (!sentListeners.isEmpty()) {
            Received sent = new Received(m, System.nanoTime());
            for (Consumer<Received> l : sentListeners) {
                l.accept(sent);
            }
        }
        try {
            synchronized (connection) {
                connection.out().write(framed);
                connection.out().flush();
            }
        } catch (IOException e) {
            throw new LabFault("cannot write to " + connection.describe() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The first notification (in arrival order, including ones already received and not yet taken) that matches;
     * empty when none arrives in time.
     */
    public java.util.Optional<WireMessage> await(Predicate<WireMessage> what, Duration wait) throws LabFault {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (parked) {
            for (int i = 0; i < parked.size(); i++) {
                if (what.test(parked.get(i).message())) {
                    return taken(parked.remove(i).message());
                }
            }
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    failIfBroken();
                    return quiet(wait);
                }
                Received r;
                try {
                    r = notifications.poll(left, TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabFault("interrupted while waiting for " + connection.describe());
                }
                if (r == null) {
                    failIfBroken();
                    return quiet(wait);
                }
                if (what.test(r.message())) {
                    return taken(r.message());
                }
                parked.add(r);
            }
        }
    }

    private java.util.Optional<WireMessage> quiet(Duration waited) {
        Tap t = tap;
        if (t != null) {
            t.quiet(waited);
        }
        return java.util.Optional.empty();
    }

    private java.util.Optional<WireMessage> taken(WireMessage m) {
        Tap t = tap;
        if (t != null) {
            t.taken(m);
        }
        return java.util.Optional.of(m);
    }

    private void tap(WireMessage command, WireMessage answer) {
        Tap t = tap;
        if (t != null) {
            t.request(command, answer);
        }
    }

    /** Discards every notification received so far. */
    public void clearNotifications() {
        synchronized (parked) {
            parked.clear();
            notifications.clear();
        }
    }

    private void failIfBroken() throws LabFault {
        if (readFailure != null) {
            throw new LabFault("connection to " + connection.describe() + " failed: " + readFailure.getMessage(),
                    readFailure);
        }
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        InputStream in = connection.in();
        try {
            while (!closed) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                List<byte[]> messages;
                synchronized (deframer) {
                    messages = deframer.accept(buf, 0, n);
                }
                long now = System.nanoTime();
                for (byte[] raw : messages) {
                    dispatch(raw, now);
                }
            }
        } catch (IOException e) {
            if (!closed) {
                readFailure = e;
            }
        } finally {
            IOException cause = readFailure != null ? readFailure : new IOException("connection closed");
            synchronized (pending) {
                for (CompletableFuture<?> f : pending) {
                    if (f != null) {
                        f.completeExceptionally(cause);
                    }
                }
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void dispatch(byte[] raw, long now) {
        WireMessage m;
        try {
            m = WireCodec.decode(raw);
        } catch (FrameDecodeException e) {
            malformed.add(e.getMessage() + " in " + Hex.encode(raw));
            return;
        }
        Received r = new Received(m, now);
        track(m);
        for (Consumer<Received> l : listeners) {
            l.accept(r);
        }
        MessageType.Kind kind = MessageType.kindOf(raw[1] & 0xff).orElse(null);
        if (m.tid() != 0 && kind == MessageType.Kind.RESPONSE) {
            CompletableFuture<WireMessage> f;
            synchronized (pending) {
                f = (CompletableFuture<WireMessage>) pending[m.tid()];
            }
            if (f != null) {
                f.complete(m);
            } else {
                malformed.add("a response with TID " + m.tid() + " that no command is waiting for: " + m);
            }
            return;
        }
        notifications.add(r);
    }

    private void track(WireMessage m) {
        if (m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT) {
            bootCounter = e.value();
        } else if (m instanceof WireMessage.HeartbeatAck h) {
            bootCounter = h.bootCounter();
        } else if (m instanceof WireMessage.Status s) {
            bootCounter = s.bootCounter();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            connection.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
