package dev.ampbench.bench.conductor;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Plays the counterpart of a device under test with the protocol module's own state machine: every frame the
 * counterpart transmits is injected into the DUT (AIR_INJECT), every frame the DUT emits (AIR_EMIT) is given to the
 * counterpart, until the air is quiet. Every frame is recorded, in order, with its time.
 *
 * <p>Hooks for negative tests: a {@code tamper} function may replace each frame the bench is about to inject (a
 * corrupted MIC, a replayed frame, a foreign address), so the same machinery drives positive and negative cases.
 */
public final class Conductor {
    /** How long the air must stay quiet before an exchange is over. */
    public static final Duration DEFAULT_QUIET = Duration.ofMillis(300);
    private static final int MAX_FRAMES = 64;

    private final WireSession dut;
    private final Profile profile;
    private final Duration quiet;
    private final List<Consumer<AirFrame>> recorders = new ArrayList<>();
    private volatile Consumer<AirFrame> testRecorder;
    private volatile ExchangeObserver testObserver;

    /**
     * Told where each conducted exchange begins and ends, on the conducting thread (e.g. to make it one step of
     * the test's report, with its frames inside).
     */
    public interface ExchangeObserver {
        /** An exchange begins; {@code action} is the ACTION the DUT was asked for, or null when the bench starts it. */
        void begin(String action);

        /** The exchange ended: its transcript, or the lab fault that ended it (then transcript is null). */
        void end(Transcript transcript, LabFault fault);
    }

    public Conductor(WireSession dut, Profile profile, Duration quiet) {
        this.dut = dut;
        this.profile = profile;
        this.quiet = quiet;
    }

    /** Called for every frame as it passes, e.g. to write it to a capture at once. */
    public void addRecorder(Consumer<AirFrame> recorder) {
        recorders.add(recorder);
    }

    /**
     * The recorder of the test now running (e.g. attaching each frame to its report), replaced per test; null for
     * none.
     */
    public void setTestRecorder(Consumer<AirFrame> recorder) {
        this.testRecorder = recorder;
    }

    /** The observer of the test now running, replaced per test; null for none. */
    public void setTestObserver(ExchangeObserver observer) {
        this.testObserver = observer;
    }

    /** Runs an exchange that the bench's counterpart starts (a beacon, a paging, a trigger). */
    public Transcript run(ProtocolMachine counterpart, List<Effect> start) throws LabFault {
        return run(counterpart, start, UnaryOperator.identity());
    }

    /**
     * @param tamper applied to each frame the bench injects; return it unchanged for a conforming counterpart
     */
    public Transcript run(ProtocolMachine counterpart, List<Effect> start, UnaryOperator<byte[]> tamper)
            throws LabFault {
        return observed(null, () -> conduct(counterpart, start, tamper));
    }

    private Transcript conduct(ProtocolMachine counterpart, List<Effect> start, UnaryOperator<byte[]> tamper)
            throws LabFault {
        List<AirFrame> frames = new ArrayList<>();
        List<Effect> outcome = new ArrayList<>();
        List<WireMessage> reports = new ArrayList<>();
        Deque<byte[]> toDut = new ArrayDeque<>();
        sort(start, toDut, outcome);
        while (frames.size() < MAX_FRAMES) {
            if (!toDut.isEmpty()) {
                byte[] frame = tamper.apply(toDut.poll());
                record(frames, new AirFrame(false, frame, System.nanoTime()));
                WireMessage r = dut.request(tid -> new WireMessage.AirInject(tid, profile, 0, 0x7F, 0xFFFF, frame));
                if (!(r instanceof WireMessage.Ack)) {
                    reports.add(r); // an ERROR answer is itself evidence
                }
                continue;
            }
            Optional<WireMessage> next = dut.await(m -> m instanceof WireMessage.AirEmit
                    || m instanceof WireMessage.Event, quiet);
            if (next.isEmpty()) {
                break;
            }
            WireMessage m = next.get();
            if (m instanceof WireMessage.AirEmit emit) {
                byte[] frame = emit.frame();
                record(frames, new AirFrame(true, frame, System.nanoTime()));
                sort(counterpart.receive(frame), toDut, outcome);
            } else if (m instanceof WireMessage.Event e && (e.kind() == EventKind.ESTABLISHED
                    || e.kind() == EventKind.REJECTED || e.kind() == EventKind.BOOT)) {
                reports.add(e);
            }
        }
        return new Transcript(frames, outcome, reports);
    }

    /** Asks the DUT to start an exchange itself (e.g. a LoRaWAN join), then conducts it. */
    public Transcript runAction(ProtocolMachine counterpart, String action, byte[] args) throws LabFault {
        return observed(action, () -> {
            WireMessage r = dut.request(tid -> new WireMessage.Action(tid, profile, action, args));
            if (!(r instanceof WireMessage.Ack)) {
                throw new LabFault(dut.describe() + " refused ACTION " + action + ": " + r);
            }
            return conduct(counterpart, List.of(), UnaryOperator.identity());
        });
    }

    private interface Exchange {
        Transcript go() throws LabFault;
    }

    private Transcript observed(String action, Exchange exchange) throws LabFault {
        ExchangeObserver o = testObserver;
        if (o == null) {
            return exchange.go();
        }
        o.begin(action);
        Transcript t;
        try {
            t = exchange.go();
        } catch (LabFault f) {
            o.end(null, f);
            throw f;
        } catch (RuntimeException | Error e) {
            o.end(null, new LabFault("bench error: " + e, e));
            throw e;
        }
        o.end(t, null);
        return t;
    }

    private void record(List<AirFrame> frames, AirFrame f) {
        frames.add(f);
        for (Consumer<AirFrame> r : recorders) {
            r.accept(f);
        }
        Consumer<AirFrame> t = testRecorder;
        if (t != null) {
            t.accept(f);
        }
    }

    private static void sort(List<Effect> effects, Deque<byte[]> toDut, List<Effect> outcome) {
        for (Effect e : effects) {
            if (e instanceof Effect.Transmit t) {
                toDut.add(t.frame());
            } else {
                outcome.add(e);
            }
        }
    }
}
