package dev.ampbench.bench.powercut;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.MessageType;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Conducts one exchange against the DUT like the {@link dev.ampbench.bench.conductor.Conductor}, but sees every wire
 * message as it arrives (AIR_TX_BEGIN, NV_WRITE_BEGIN/END, ACKs, AIR_EMIT) with its arrival time, so that it can cut
 * the DUT's power on exactly the protocol event a {@link CutPoint} names. Commands that may be interrupted by the
 * cut (AIR_INJECT, ACTION) are sent from a worker thread; this thread only reads events and switches power.
 */
public final class ExchangeRunner implements AutoCloseable {
    private static final int MAX_FRAMES = 64;
    /** How long EVENT BOOT may take after power returns (WIRE-R13). */
    private static final Duration BOOT = Duration.ofSeconds(5);
    /**
     * How long the worker waits for the answer to a command before freeing its TID: WIRE-R13's 200 ms plus margin.
     * The run itself waits {@code must} for the answer; a command cut off by power is never answered, and must not
     * hold its TID for long, or fifteen quick cuts in a row would use them all up.
     */
    private static final Duration COMMAND_WAIT = Duration.ofMillis(300);

    private final Dut dut;
    private final PowerSwitch power;
    private final Duration quiet;
    private final Duration must;
    private final BlockingQueue<WireSession.Received> inbox = new LinkedBlockingQueue<>();
    private final ExecutorService sender = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "powercut-sender");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean listening;
    private final java.util.concurrent.atomic.AtomicReference<LabFault> sendFailure =
            new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param quiet how long the air must stay quiet before a phase that did not reach its goal is over
     * @param must  how long the DUT may take to answer a command
     */
    public ExchangeRunner(Dut dut, PowerSwitch power, Duration quiet, Duration must) {
        this.dut = dut;
        this.power = power;
        this.quiet = quiet;
        this.must = must;
        this.listening = true;
        dut.wire().addListener(r -> {
            if (listening) {
                inbox.add(r);
            }
        });
    }

    public Dut dut() {
        return dut;
    }

    public Duration quiet() {
        return quiet;
    }

    /** One thing that happened in a run, in order: a frame on the air or an NV write the DUT announced. */
    public record Moment(boolean frame, boolean fromDut, int index, int octets, String what) {
    }

    /** How far the current phase got. */
    public static final class Progress {
        boolean counterpartEstablished;
        boolean dutEstablished;
        boolean counterpartDelivered;
        boolean dutDelivered;

        public boolean bothEstablished() {
            return counterpartEstablished && dutEstablished;
        }

        public boolean counterpartDelivered() {
            return counterpartDelivered;
        }

        public boolean counterpartEstablished() {
            return counterpartEstablished;
        }

        /**
         * The DUT reported delivering application data in this phase (LOG {@code delivered N octets of application
         * data}, the line the emulator prints and lab firmware is asked to print): it accepted a protected frame.
         */
        public boolean dutDelivered() {
            return dutDelivered;
        }

        /** The DUT reported EVENT ESTABLISHED in this phase (e.g. a STA acknowledging a PmkUpdate). */
        public boolean dutEstablished() {
            return dutEstablished;
        }
    }

    /**
     * The cut as it happened: the triggering event, when it arrived, the offset the step asked for after it (k
     * octets of air time for a mid-frame cut, else 0), when the switch command went out and when the switch
     * confirmed.
     */
    public record Cut(String event, long eventNanos, long offsetNanos, long commandNanos, long switchedNanos) {
        /** How late the switch command went out: after the event plus the intended offset. */
        public long delayNanos() {
            return commandNanos - eventNanos - offsetNanos;
        }
    }

    /** Everything one run produced. */
    public static final class Outcome {
        final List<AirFrame> frames = new ArrayList<>();
        final List<Moment> moments = new ArrayList<>();
        final List<Effect> counterpart = new ArrayList<>();
        final List<String> dutReports = new ArrayList<>();
        final ExchangePlan.Counterpart machine;
        int phasesDone;
        int phases;
        Cut cut;
        long airNanosPerOctet;
        /** For mid-frame cuts: whether the frame was still on the air when power went (null: not known yet). */
        Boolean landedInside;

        Outcome(ExchangePlan.Counterpart machine) {
            this.machine = machine;
            this.phases = machine.phases().size();
        }

        public ExchangePlan.Counterpart machine() {
            return machine;
        }

        public List<AirFrame> frames() {
            return List.copyOf(frames);
        }

        public List<AirFrame> fromDut() {
            return frames.stream().filter(AirFrame::fromDut).toList();
        }

        public List<Moment> moments() {
            return List.copyOf(moments);
        }

        public List<Effect> counterpartEffects() {
            return List.copyOf(counterpart);
        }

        public java.util.Optional<Effect.Rejected> counterpartRejection() {
            return counterpart.stream().filter(e -> e instanceof Effect.Rejected).map(e -> (Effect.Rejected) e)
                    .findFirst();
        }

        public boolean completed() {
            return phasesDone == phases && counterpartRejection().isEmpty();
        }

        public java.util.Optional<Cut> cut() {
            return java.util.Optional.ofNullable(cut);
        }

        public Boolean landedInside() {
            return landedInside;
        }

        public long airNanosPerOctet() {
            return airNanosPerOctet;
        }

        public String summary() {
            return phasesDone + " of " + phases + " phase(s) done; air: " + frames + "; bench side: " + counterpart
                    + "; DUT reported: " + dutReports;
        }
    }

    /** Runs the exchange to its end, cutting power at {@code cut} (null: no cut). */
    public Outcome run(ExchangePlan.Counterpart cp, CutPoint cut, long airNanosPerOctet) throws LabFault {
        Outcome o = new Outcome(cp);
        o.airNanosPerOctet = airNanosPerOctet;
        dut.wire().clearNotifications();
        inbox.clear();
        int dutFrames = 0;
        int nvWrites = 0;
        String nvKey = "";
        int nvOctets = 0;
        for (ExchangePlan.Phase phase : cp.phases()) {
            Progress progress = new Progress();
            Deque<byte[]> toDut = new ArrayDeque<>();
            String triggerName = "start of phase " + phase.name();
            long triggerNanos = System.nanoTime();
            AtomicInteger awaitingTid = new AtomicInteger(-1);
            boolean awaiting = false;
            int pendingFrame = 0;
            if (phase.start() != null) {
                sort(phase.start().get(), toDut, o, progress);
            } else {
                awaiting = true;
                String action = phase.action();
                byte[] args = phase.actionArgs().get();
                send(awaitingTid, tid -> new WireMessage.Action(tid, dut.profile(), action, args));
            }
            while (o.frames.size() < MAX_FRAMES) {
                if (!awaiting && toDut.isEmpty() && phase.done().test(progress)) {
                    break;
                }
                if (!awaiting && !toDut.isEmpty()) {
                    byte[] frame = toDut.poll();
                    int n = o.frames.size() + 1;
                    String what = type(frame);
                    if (matches(cut, CutPoint.Kind.BEFORE_FRAME, n, false)) {
                        return cutNow(o, triggerName, triggerNanos);
                    }
                    o.frames.add(new AirFrame(false, frame, System.nanoTime()));
                    o.moments.add(new Moment(true, false, n, frame.length, what));
                    awaiting = true;
                    pendingFrame = n;
                    long written = send(awaitingTid, tid -> new WireMessage.AirInject(tid, dut.profile(), 0, 0x7F,
                            0xFFFF, frame));
                    if (matches(cut, CutPoint.Kind.MID_FRAME, n, false)) {
                        long offset = cut.octet() * airNanosPerOctet;
                        waitUntil(written + offset);
                        return cutNow(o, "AIR_INJECT of frame " + n + " written", written, offset);
                    }
                    continue;
                }
                WireSession.Received r = poll(awaiting ? must : quiet);
                if (r == null) {
                    if (awaiting) {
                        // WIRE-R13: an unanswered command is the lab's verdict first (port gone, device hung, no
                        // power), never silently a protocol failure.
                        LabFault why = sendFailure.get();
                        throw new LabFault(dut.name() + " did not answer the " + (pendingFrame > 0 ? "AIR_INJECT of "
                                + "frame " + pendingFrame : "ACTION " + phase.action()) + " of phase " + phase.name()
                                + " within " + must.toMillis() + " ms"
                                + (why != null && !(why instanceof NoResponse) ? ": " + why.getMessage() : ""));
                    }
                    return o; // quiet before the goal: the phase is not done
                }
                WireMessage m = r.message();
                if ((m instanceof WireMessage.Ack || m instanceof WireMessage.ErrorResponse)
                        && m.tid() == awaitingTid.get()) {
                    awaiting = false;
                    awaitingTid.set(-1);
                    triggerName = (pendingFrame > 0 ? "ACK of AIR_INJECT of frame " + pendingFrame : "ACK of ACTION "
                            + phase.action());
                    triggerNanos = r.nanos();
                    if (m instanceof WireMessage.ErrorResponse e) {
                        o.dutReports.add("ERROR " + e.knownCode().map(Enum::name).orElse("0x"
                                + Integer.toHexString(e.code())) + " (" + e.text() + ")");
                        if (phase.action() != null && pendingFrame == 0) {
                            return o; // the DUT refused to start the phase
                        }
                    }
                    if (pendingFrame > 0 && matches(cut, CutPoint.Kind.AFTER_FRAME, pendingFrame, false)) {
                        return cutNow(o, triggerName, triggerNanos);
                    }
                    pendingFrame = 0;
                } else if (m instanceof WireMessage.Event e && e.kind() == EventKind.AIR_TX_BEGIN) {
                    int n = o.frames.size() + 1;
                    long us = parseLong(e.name());
                    if (e.value() > 0 && us > 0) {
                        o.airNanosPerOctet = us * 1000 / e.value();
                    }
                    if (matches(cut, CutPoint.Kind.BEFORE_FRAME, n, true)) {
                        return cutNow(o, "EVENT AIR_TX_BEGIN of frame " + n, r.nanos());
                    }
                    if (matches(cut, CutPoint.Kind.MID_FRAME, n, true)) {
                        long offset = cut.octet() * o.airNanosPerOctet;
                        waitUntil(r.nanos() + offset);
                        return cutNow(o, "EVENT AIR_TX_BEGIN of frame " + n, r.nanos(), offset);
                    }
                } else if (m instanceof WireMessage.Event e && e.kind() == EventKind.NV_WRITE_BEGIN) {
                    nvWrites++;
                    nvKey = e.name();
                    nvOctets = (int) e.value();
                    o.moments.add(new Moment(false, true, nvWrites, nvOctets, nvKey));
                    if (matches(cut, CutPoint.Kind.NV_WRITE_BEGIN, nvWrites, true)) {
                        return cutNow(o, "EVENT NV_WRITE_BEGIN " + nvKey, r.nanos());
                    }
                } else if (m instanceof WireMessage.Event e && e.kind() == EventKind.NV_WRITE_END) {
                    if (matches(cut, CutPoint.Kind.NV_WRITE_END, nvWrites, true)) {
                        return cutNow(o, "EVENT NV_WRITE_END " + nvKey, r.nanos());
                    }
                } else if (m instanceof WireMessage.AirEmit emit) {
                    byte[] frame = emit.frame();
                    int n = o.frames.size() + 1;
                    dutFrames++;
                    o.frames.add(new AirFrame(true, frame, r.nanos()));
                    o.moments.add(new Moment(true, true, n, frame.length, type(frame)));
                    triggerName = "AIR_EMIT of frame " + n;
                    triggerNanos = r.nanos();
                    if (matches(cut, CutPoint.Kind.AFTER_FRAME, n, true)) {
                        cutNow(o, triggerName, triggerNanos);
                        hear(o, frame); // it was on the air: the bench's side heard it
                        return o;
                    }
                    sort(cp.machine().receive(frame), toDut, o, progress);
                } else if (m instanceof WireMessage.Log l && delivery(l)) {
                    progress.dutDelivered = true;
                    o.dutReports.add("LOG " + l.text());
                } else if (m instanceof WireMessage.Event e && e.kind() == EventKind.ESTABLISHED) {
                    progress.dutEstablished = true;
                    o.dutReports.add("EVENT ESTABLISHED " + e.name());
                } else if (m instanceof WireMessage.Event e && (e.kind() == EventKind.REJECTED
                        || e.kind() == EventKind.BOOT)) {
                    o.dutReports.add("EVENT " + e.kind() + " " + e.name() + (e.detail().isEmpty() ? ""
                            : " (" + e.detail() + ")"));
                    if (e.kind() == EventKind.BOOT) {
                        return o; // an unasked reboot ends the run
                    }
                }
            }
            if (!phase.done().test(progress)) {
                return o;
            }
            o.phasesDone++;
        }
        return o;
    }

    /**
     * Brings power back after a cut (after {@code offTime}) and waits for EVENT BOOT. Decides, for a mid-frame cut,
     * whether the frame was still on the air: a DUT frame is, if no AIR_EMIT of it came; a bench frame is, if its
     * AIR_INJECT was never acknowledged.
     *
     * @return the boot counter of the EVENT BOOT
     */
    public long restore(Outcome o, CutPoint cut, Duration offTime) throws LabFault {
        long until = System.nanoTime() + offTime.toNanos();
        boolean lateFrame = false;
        boolean lateAck = false;
        while (true) {
            WireSession.Received r = poll(Duration.ofNanos(Math.max(0, until - System.nanoTime())));
            if (r == null) {
                break;
            }
            lateFrame |= late(o, r);
            lateAck |= r.message() instanceof WireMessage.Ack a && a.requestType() == MessageType.AIR_INJECT.code();
        }
        power.on();
        long deadline = System.nanoTime() + BOOT.toNanos();
        while (true) {
            WireSession.Received r = poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (r == null) {
                throw new LabFault(dut.name() + " did not boot within " + BOOT.toSeconds()
                        + " s after its power returned");
            }
            if (r.message() instanceof WireMessage.Event e && e.kind() == EventKind.BOOT) {
                boolean afterBoot = settle(o);
                if (cut != null && cut.kind() == CutPoint.Kind.MID_FRAME) {
                    o.landedInside = cut.fromDut() ? !lateFrame : !lateAck && !afterBoot;
                }
                return e.value();
            }
            lateFrame |= late(o, r);
            lateAck |= r.message() instanceof WireMessage.Ack a && a.requestType() == MessageType.AIR_INJECT.code();
        }
    }

    /**
     * A frame the DUT finished sending after the cut was commanded (the cut landed after it): it was on the air, so
     * it is recorded and the bench's side hears it, as it would have in the lab.
     */
    private boolean late(Outcome o, WireSession.Received r) {
        if (!(r.message() instanceof WireMessage.AirEmit emit)) {
            return false;
        }
        o.frames.add(new AirFrame(true, emit.frame(), r.nanos()));
        if (o.machine.machine() != null) {
            hear(o, emit.frame());
        }
        return true;
    }

    /** The bench's side receives a frame after the run stopped; what it would send back is dropped. */
    private static void hear(Outcome o, byte[] frame) {
        for (Effect e : o.machine.machine().receive(frame)) {
            if (!(e instanceof Effect.Transmit)) {
                o.counterpart.add(e);
            }
        }
    }

    /**
     * After EVENT BOOT: a HEARTBEAT and its answer, so that a command the bench wrote before the cut and the device
     * only read after power returned (bytes still in the host interface's buffers) has been executed before the
     * checks start; the device processes commands in order. A frame it sent for such a command was on the air
     * after power returned: it is recorded (its nonce counts) but not given to the bench's side, whose run ended.
     *
     * @return whether an AIR_INJECT was acknowledged after the boot (it reached the device only then)
     */
    private boolean settle(Outcome o) throws LabFault {
        dut.wire().request(WireMessage.Heartbeat::new, must);
        boolean injectAfterBoot = false;
        WireSession.Received r;
        while ((r = inbox.poll()) != null) {
            if (r.message() instanceof WireMessage.AirEmit emit) {
                o.frames.add(new AirFrame(true, emit.frame(), r.nanos()));
                o.dutReports.add("after power returned, a command written before the cut was executed and sent "
                        + emit.frame().length + " octets");
            }
            injectAfterBoot |= r.message() instanceof WireMessage.Ack a
                    && a.requestType() == MessageType.AIR_INJECT.code();
        }
        return injectAfterBoot;
    }

    /** Power off (recorded as a cut of nothing), off-time, on, EVENT BOOT: a plain power cycle between runs. */
    public long powerCycle(Duration offTime) throws LabFault {
        power.off();
        return restore(new Outcome(new ExchangePlan.Counterpart(null, List.of())), null, offTime);
    }

    /**
     * Waits for the DUT's first AIR_EMIT within {@code wait} (used by checks after boot: "does not answer"), but a
     * frame the DUT reports refusing (EVENT REJECTED, which a device sends at once when
     * it drops a frame it received) ends the wait early with nothing: the refusal is the answer, and waiting out the
     * quiet time after it would only cost time.
     */
    public java.util.Optional<byte[]> emittedUnlessRejected(Duration wait) throws LabFault {
        return emittedUnless(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.REJECTED, wait);
    }

    /**
     * Waits for the frame an ACTION the bench just asked for puts on the air: the first AIR_EMIT, or nothing once the
     * DUT reports EVENT ACTION_DONE of that action (the action's outcome, bench wire protocol 5.14: a frame the action
     * sends goes out before it) or {@code wait} passes. The ACTION_DONE ends the wait instead of the quiet time.
     */
    public java.util.Optional<byte[]> emittedBy(String action, Duration wait) throws LabFault {
        return emittedUnless(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.ACTION_DONE
                && e.name().equals(action), wait);
    }

    /** The DUT's first AIR_EMIT within {@code wait}, or nothing once a message {@code ends} the wait early. */
    private java.util.Optional<byte[]> emittedUnless(java.util.function.Predicate<WireMessage> ends, Duration wait)
            throws LabFault {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return java.util.Optional.empty();
            }
            WireSession.Received r = poll(Duration.ofNanos(left));
            if (r == null) {
                return java.util.Optional.empty();
            }
            if (r.message() instanceof WireMessage.AirEmit e) {
                return java.util.Optional.of(e.frame());
            }
            if (ends.test(r.message())) {
                return java.util.Optional.empty();
            }
        }
    }

    /** What the DUT did about a frame the bench injected outside a run. */
    public record Reaction(WireMessage message) {
        /** It took the frame: delivered its data, reported ESTABLISHED, or answered on the air. */
        public boolean accepted() {
            return message instanceof WireMessage.AirEmit || message instanceof WireMessage.Log l && delivery(l)
                    || message instanceof WireMessage.Event e && e.kind() == EventKind.ESTABLISHED;
        }

        @Override
        public String toString() {
            if (message == null) {
                return "nothing";
            }
            if (message instanceof WireMessage.AirEmit a) {
                return "AIR_EMIT of " + a.frame().length + " octets";
            }
            if (message instanceof WireMessage.Event e) {
                return "EVENT " + e.kind() + " " + e.name() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
            }
            if (message instanceof WireMessage.Log l) {
                return "LOG '" + l.text() + "'";
            }
            return message.toString();
        }
    }

    /**
     * Injects {@code frame} outside a run and returns the DUT's first decisive reaction within {@code wait}: a frame
     * on the air, EVENT ESTABLISHED or REJECTED, or its delivery LOG; nothing when it stays silent. A refusal
     * (EVENT REJECTED, which a device reports at once) ends the wait early.
     */
    public Reaction inject(byte[] frame, Duration wait) throws LabFault {
        WireMessage ack = command(tid -> new WireMessage.AirInject(tid, dut.profile(), 0, 0x7F, 0xFFFF, frame));
        if (!(ack instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused AIR_INJECT of a " + frame.length + "-octet frame: " + ack);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return new Reaction(null);
            }
            WireSession.Received r = poll(Duration.ofNanos(left));
            if (r == null) {
                return new Reaction(null);
            }
            WireMessage m = r.message();
            if (m instanceof WireMessage.AirEmit || m instanceof WireMessage.Log l && delivery(l)
                    || m instanceof WireMessage.Event e && (e.kind() == EventKind.ESTABLISHED
                    || e.kind() == EventKind.REJECTED)) {
                return new Reaction(m);
            }
        }
    }

    private static boolean delivery(WireMessage.Log l) {
        return l.text().startsWith("delivered ");
    }

    /** Sends a command and waits for its answer (ACK or ERROR); for checks outside a run. */
    public WireMessage command(java.util.function.IntFunction<WireMessage> command) throws LabFault {
        inbox.clear();
        dut.wire().clearNotifications();
        return dut.wire().request(command, must);
    }

    private long send(AtomicInteger tidOut, java.util.function.IntFunction<WireMessage> command) {
        sendFailure.set(null);
        long[] written = {0};
        java.util.concurrent.CountDownLatch sent = new java.util.concurrent.CountDownLatch(1);
        sender.execute(() -> {
            try {
                dut.wire().request(tid -> {
                    tidOut.set(tid);
                    WireMessage m = command.apply(tid);
                    written[0] = System.nanoTime();
                    sent.countDown();
                    return m;
                }, COMMAND_WAIT);
            } catch (LabFault e) {
                // A command cut off by the power cut is expected to go unanswered; anything else is kept for the
                // run to report if the answer never comes.
                sendFailure.set(e);
            } finally {
                sent.countDown();
            }
        });
        try {
            sent.await(must.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return written[0] == 0 ? System.nanoTime() : written[0];
    }

    private Outcome cutNow(Outcome o, String event, long eventNanos) throws LabFault {
        return cutNow(o, event, eventNanos, 0);
    }

    private Outcome cutNow(Outcome o, String event, long eventNanos, long offsetNanos) throws LabFault {
        long command = System.nanoTime();
        power.off();
        o.cut = new Cut(event, eventNanos, offsetNanos, command, System.nanoTime());
        return o;
    }

    private static boolean matches(CutPoint cut, CutPoint.Kind kind, int index, boolean fromDut) {
        return cut != null && cut.kind() == kind && cut.index() == index
                && (kind == CutPoint.Kind.NV_WRITE_BEGIN || kind == CutPoint.Kind.NV_WRITE_END
                || cut.fromDut() == fromDut);
    }

    private void sort(List<Effect> effects, Deque<byte[]> toDut, Outcome o, Progress p) {
        for (Effect e : effects) {
            if (e instanceof Effect.Transmit t) {
                toDut.add(t.frame());
            } else {
                o.counterpart.add(e);
                if (e instanceof Effect.Established) {
                    p.counterpartEstablished = true;
                } else if (e instanceof Effect.Deliver) {
                    p.counterpartDelivered = true;
                }
            }
        }
    }

    private String type(byte[] frame) {
        try {
            return Profiles.codec(dut.profile()).decode(frame).type();
        } catch (FrameDecodeException | RuntimeException e) {
            return "undecodable";
        }
    }

    private WireSession.Received poll(Duration wait) throws LabFault {
        try {
            return inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabFault("interrupted while waiting for " + dut.name());
        }
    }

    private static void waitUntil(long nanos) {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(Math.min(left, 50_000));
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        listening = false;
        sender.shutdownNow();
    }
}
