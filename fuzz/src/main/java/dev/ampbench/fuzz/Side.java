package dev.ampbench.fuzz;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * One side of a case: a target, the counterpart the bench plays against it, and the mutator with its history. The
 * campaign runs every case on two sides, the device under test and the reference model, with the same plan; the
 * oracles compare what the two did with the mutated (or replayed) frame.
 */
final class Side {
    private static final int MAX_FRAMES = 64;

    /** What one case did on this side; {@code sessionFrames}: the bench frames of the session phases. */
    record Outcome(byte[] original, int sessionFrames, boolean reached, String stateBefore, String stateAfter, String frameType,
                   Mutator.Mutation mutation, Reaction reaction, int injected, List<Finding.Frame> frames, List<byte[]> benchFrames,
                   List<byte[]> deviceFrames, Refusal refusal) {
    }

    /** The counterpart refused a frame the device sent in the valid part of a case, naming the rule. */
    record Refusal(String rule, String frameType, String reason) {
    }

    private final Scenario scenario;
    private final FuzzTarget target;
    private final ProfileCodec codec;
    private final ProtocolMachine counterpart;
    private final Mutator mutator = new Mutator();
    private final boolean keepFrames;
    private MicMode micMode = MicMode.RAW;
    /** The session phases' bench frames in the last driven case (a resumed case mutates the same frame). */
    private int sessionFrameCount;
    private FrameSealer sealer = FrameSealer.NONE;
    private boolean following;
    private boolean referenceSealed;
    private byte[] referenceValid;
    private byte[] referenceFrame;
    private Coverage coverage;
    private Refusal refusal;
    private int sessionMark;
    private byte[] original;
    private Kept kept;
    private boolean askState;

    /**
     * The state a case reached just before its planned frame, kept so that the next case of the same session can
     * start there instead of driving the device again (docs/fuzzing.md, "Kept state"): the valid frame that the case
     * mutated (null for a replay), the frames of the prefix, and the counts the outcome reports.
     */
    private record Kept(byte[] valid, String mutatorType, String type, List<FieldDescriptor> fields,
                        List<Finding.Frame> log, List<byte[]> bench, int injected, int sessionMark) {
    }

    /**
     * @param counterpartSeed seeds the counterpart's randomness: both sides use the same, so their gateways draw the
     *                        same nonces
     * @param keepFrames      record every frame of a case (for reproducers); off for the reference side
     */
    Side(Scenario scenario, FuzzTarget target, ProfileCodec codec, long counterpartSeed, boolean keepFrames) {
        this.scenario = scenario;
        this.target = target;
        this.codec = codec;
        this.counterpart = scenario.counterpart(new MachineContext(new SeededRandomSource(counterpartSeed),
                new ManualClock(0), new InMemoryStore()));
        this.keepFrames = keepFrames;
    }

    FuzzTarget target() {
        return target;
    }

    /** MIC fix-up: which cases reseal their mutated frame, with this side's own sealer (it follows this side). */
    void sealing(MicMode mode, FrameSealer s) {
        this.micMode = mode;
        this.sealer = mode == MicMode.RAW ? FrameSealer.NONE : s; // raw never reseals: nothing to follow
    }

    /**
     * The device side reseals a case's frame only when the reference side resealed its own and the two mutations are
     * the same mutation (set before each case from the reference's outcome). The two sides' valid frames differ where
     * the device's own randomness enters (an amp-sec DownlinkData is encrypted under each side's TK), and so do
     * their histories, so the same plan can change only MIC octets on one side and more on the other (a random octet
     * equal to the one it replaces), or splice a different tail; resealed on one side only, or resealed different,
     * that is a false acceptance finding (measured before this rule: amp-sec, 7 in 1,000,000 fix-up cases).
     */
    void resealLike(Outcome reference) {
        resealLike(reference.original(), reference.mutation());
    }

    /** {@link #resealLike(Outcome)} for a case the reference has worked out but not run yet (a batch). */
    void resealLike(Planned reference) {
        resealLike(reference.original(), reference.mutation());
    }

    private void resealLike(byte[] valid, Mutator.Mutation m) {
        following = true;
        referenceSealed = m != null && m.sealed();
        referenceValid = valid;
        referenceFrame = m == null ? null : m.frame();
    }

    /**
     * Whether the device's resealed frame is the same mutation as the reference's: same lengths, and outside the MIC
     * fields, the same octets changed, to the same values wherever the two valid frames agree.
     */
    private boolean sameAsReference(byte[] valid, byte[] sealedFrame) {
        if (!following) {
            return true;
        }
        if (!referenceSealed || referenceValid == null || referenceFrame == null
                || referenceValid.length != valid.length || referenceFrame.length != sealedFrame.length) {
            return false;
        }
        Frame d = decode(sealedFrame);
        if (d == null) {
            return false;
        }
        boolean[] mic = new boolean[sealedFrame.length];
        for (FieldDescriptor f : d.fields()) {
            if (f.kind() == FieldKind.MIC) {
                java.util.Arrays.fill(mic, f.offset(), Math.min(f.end(), mic.length), true);
            }
        }
        for (int i = 0; i < sealedFrame.length; i++) {
            if (mic[i]) {
                continue;
            }
            if (i >= valid.length) {
                if (sealedFrame[i] != referenceFrame[i]) {
                    return false;
                }
                continue;
            }
            boolean changed = sealedFrame[i] != valid[i];
            if (changed != (referenceFrame[i] != referenceValid[i])
                    || valid[i] == referenceValid[i] && sealedFrame[i] != referenceFrame[i]) {
                return false;
            }
        }
        return true;
    }

    /** Valid frames (a golden capture's) the mutator's history starts with: old nonces, MICs, splice partners. */
    void seed(String type, byte[] frame, List<FieldDescriptor> fields) {
        mutator.seed(type, frame, fields);
    }

    /**
     * The mutation as the case sends it: in a fix-up case, with its MIC recomputed under the keys the sealer has
     * followed (not when the operator mutated the MIC itself, nor when nothing reseals it: then raw). A mutation that
     * changed only MIC octets would be resealed into the valid frame itself: it stays raw too (the two sides' valid
     * frames carry different MICs, so such a mutation is not even the same on both).
     *
     * @param sessionFrame the frame belongs to the scenario's session phases (a JoinAccept): see
     *                     {@link MicMode#fixesUp(CasePlan, boolean)}
     */
    private Mutator.Mutation sealed(CasePlan plan, byte[] valid, Mutator.Mutation m, boolean sessionFrame) {
        if (!micMode.fixesUp(plan, sessionFrame) || m.operator().kind() == FieldKind.MIC
                || following && !referenceSealed) {
            return m;
        }
        return sealer.reseal(valid, m.frame())
                .filter(f -> !java.util.Arrays.equals(f, m.frame()) && !java.util.Arrays.equals(f, valid))
                .filter(f -> sameAsReference(valid, f))
                .map(f -> new Mutator.Mutation(m.operator(), m.field(), f, true))
                .orElse(m);
    }

    /** States and transitions this side's target reports are counted here (when it can report its state). */
    void coverage(Coverage c) {
        this.coverage = c;
    }

    private Reaction inject(byte[] frame, String type) throws LabFault {
        if (coverage == null) {
            return target.inject(frame);
        }
        String before = target.state().orElse(null);
        Reaction r = target.inject(frame);
        if (before != null) {
            coverage.transition(before, type, target.state().orElse(before));
        }
        return r;
    }

    /**
     * Runs the case's phases; mutates (or, for a replay, repeats) the planned frame.
     *
     * @param scenarioFrames the bench frames of the whole valid scenario
     * @param sessionFrames  how many of them the session phases send (skipped unless the plan asks for a new session)
     */
    Outcome run(CasePlan plan, int scenarioFrames, int sessionFrames) throws LabFault {
        return run(plan, scenarioFrames, sessionFrames, null);
    }

    /**
     * Whether the planned frame of the next cases is sent with the target's state asked just before and after it
     * ({@link FuzzTarget#injectReportingState}), for a target that tells its state only on request.
     */
    void askState(boolean ask) {
        this.askState = ask;
    }

    /** Whether the last case left a state that {@link #resume} can start from. */
    boolean canResume() {
        return kept != null;
    }

    /** Forgets the mutator's history of this side's frames (its seeds stay): see {@link Mutator#forget()}. */
    void forgetHistory() {
        mutator.forget();
    }

    /** Forgets the kept state: the next case drives the device again. */
    void forget() {
        kept = null;
    }

    /**
     * The frame a case that starts from the kept state sends, worked out without sending it: what {@link #resume}
     * sends. It reads the kept state, the mutator's history and the sealer, and changes none of them, so the frames
     * of several cases can be worked out before any is sent (a batch, docs/fuzzing.md "Batches over the wire").
     */
    record Planned(String type, Mutator.Mutation mutation, byte[] frame, byte[] original) {
    }

    Planned planned(CasePlan plan) {
        Kept k = kept;
        if (k == null) {
            throw new IllegalStateException("no kept state to resume from");
        }
        if (k.valid() == null) {
            byte[] again = k.bench().get(plan.pick() % k.bench().size());
            Frame decoded = decode(again);
            return new Planned(decoded == null ? "?" : decoded.type(), null, again, null);
        }
        Mutator.Mutation m = sealed(plan, k.valid(), mutator.mutate(k.valid(), k.mutatorType(), k.fields(),
                new SplittableRandom(plan.mutationSeed())), k.injected() < sessionFrameCount);
        return new Planned(k.type(), m, m.frame(), k.valid());
    }

    /**
     * Runs a case from the state the last case of this side reached before its planned frame (which the last case's
     * planned frame did not change: the campaign checks that before it resumes): only the mutated (or replayed) frame
     * is sent. The outcome's device frames are this case's only; its log holds the prefix too, for reproducers.
     */
    Outcome resume(CasePlan plan) throws LabFault {
        return resume(planned(plan));
    }

    /** {@link #resume(CasePlan)} with the frame worked out already. */
    Outcome resume(Planned p) throws LabFault {
        return sent(p, null);
    }

    /**
     * The outcome of a resumed case whose frame was sent as part of a batch: {@code answer} is what the target did
     * with it, {@code before} and {@code after} its state around the frame (null: not asked).
     */
    Outcome answered(Planned p, Reaction answer, String before, String after) throws LabFault {
        return sent(p, new FuzzTarget.StatedReaction(answer, before, after));
    }

    private Outcome sent(Planned p, FuzzTarget.StatedReaction answer) throws LabFault {
        Kept k = kept;
        refusal = null;
        sessionMark = k.sessionMark();
        original = p.original();
        List<Finding.Frame> log = keepFrames ? new ArrayList<>(k.log()) : new ArrayList<>();
        return judged(p.type(), p.mutation(), p.frame(), k.injected(), log, new ArrayList<>(k.bench()),
                new ArrayList<>(), answer);
    }

    /**
     * @param override when not null, makes the planned frame from the valid one instead of the mutator (the
     *                 minimizer's trials); the mutation's operator and field are still the plan's
     */
    Outcome run(CasePlan plan, int scenarioFrames, int sessionFrames, UnaryOperator<byte[]> override)
            throws LabFault {
        // A scenario that replays across a power cycle cuts the power just before the replayed frame instead.
        boolean powerBeforeReplay = plan.replay() && plan.powerCycleFirst() && scenario.replayAcrossPowerCycle();
        if (plan.powerCycleFirst() && !powerBeforeReplay) {
            target.powerCycle();
        }
        kept = null;
        refusal = null;
        original = null;
        sessionFrameCount = sessionFrames;
        List<Finding.Frame> log = new ArrayList<>();
        List<byte[]> bench = new ArrayList<>();
        List<byte[]> device = new ArrayList<>();
        boolean reuse = !plan.newSession() && scenario.sessionPhases() > 0 && sessionFrames < scenarioFrames;
        int injected = reuse ? sessionFrames : 0;
        int depth = plan.isControl() || plan.replay() ? Integer.MAX_VALUE
                : reuse ? sessionFrames + plan.depth() % (scenarioFrames - sessionFrames)
                : plan.depth() % Math.max(1, scenarioFrames);
        byte[] last = null;
        ArrayDeque<byte[]> queue = new ArrayDeque<>();
        sessionMark = injected;
        List<Scenario.Phase> phases = scenario.phases();
        for (int ph = reuse ? scenario.sessionPhases() : 0; ph < phases.size(); ph++) {
            Scenario.Phase phase = phases.get(ph);
            if (ph == scenario.sessionPhases()) {
                sessionMark = injected;
            }
            if (phase instanceof Scenario.DeviceActs a) {
                java.util.Optional<Reaction> r = target.action(a.name(), a.args());
                if (r.isEmpty()) {
                    return incomplete(injected, log, bench, device);
                }
                last = answer(r.get(), queue, log, device, last);
            } else if (phase instanceof Scenario.DeviceActsOn a) {
                java.util.Optional<Reaction> r;
                try {
                    r = target.action(a.name(), a.args().apply(counterpart));
                } catch (IllegalStateException | IllegalArgumentException e) {
                    return incomplete(injected, log, bench, device);
                }
                if (r.isEmpty()) {
                    return incomplete(injected, log, bench, device);
                }
                last = answer(r.get(), queue, log, device, last);
            } else if (phase instanceof Scenario.CounterpartStarts s) {
                List<Effect> start;
                try {
                    start = s.start().apply(counterpart, last);
                } catch (IllegalStateException | IllegalArgumentException e) {
                    return incomplete(injected, log, bench, device);
                }
                transmits(start, queue);
            }
            int steps = 0;
            while (!queue.isEmpty() && steps++ < MAX_FRAMES) {
                byte[] f = queue.poll();
                Frame decoded = decode(f);
                String type = decoded == null ? "?" : decoded.type();
                List<FieldDescriptor> fields = decoded == null ? List.of() : decoded.fields();
                if (injected == depth) {
                    Mutator.Mutation m = mutator.mutate(f, decoded == null ? null : type, fields,
                            new SplittableRandom(plan.mutationSeed()));
                    if (override != null) {
                        m = new Mutator.Mutation(m.operator(), m.field(), override.apply(f));
                    }
                    m = sealed(plan, f, m, injected < sessionFrames && !scenario.resealsSessionFrames());
                    original = f;
                    kept = new Kept(f, decoded == null ? null : type, type, fields, List.copyOf(log),
                            List.copyOf(bench), injected, sessionMark);
                    return judged(type, m, m.frame(), injected, log, bench, device, null);
                }
                mutator.remember(type, f, fields);
                sealer.observe(f);
                bench.add(f);
                injected++;
                if (keepFrames) {
                    log.add(new Finding.Frame(false, f));
                }
                Reaction r = inject(f, type);
                last = answer(r, queue, log, device, last);
            }
        }
        if (plan.replay() && !bench.isEmpty()) {
            if (powerBeforeReplay) {
                target.powerCycle();
            }
            byte[] again = bench.get(plan.pick() % bench.size());
            Frame decoded = decode(again);
            kept = new Kept(null, null, null, List.of(), List.copyOf(log), List.copyOf(bench), injected, sessionMark);
            return judged(decoded == null ? "?" : decoded.type(), null, again, injected, log, bench, device, null);
        }
        return incomplete(injected, log, bench, device);
    }

    /** @param answer what the target did with the frame when it was sent already (a batch), else null: send it */
    private Outcome judged(String type, Mutator.Mutation m, byte[] frame, int injected, List<Finding.Frame> log,
                           List<byte[]> bench, List<byte[]> device, FuzzTarget.StatedReaction answer)
            throws LabFault {
        String before = answer != null ? answer.before() : target.state().orElse(null);
        if (keepFrames) {
            log.add(new Finding.Frame(false, frame));
        }
        Reaction r;
        String after;
        if (answer != null) {
            r = answer.reaction();
            after = answer.after();
            if (coverage != null && before != null) {
                coverage.transition(before, type, after != null ? after : before);
            }
        } else if (askState && before == null) {
            FuzzTarget.StatedReaction s = target.injectReportingState(frame);
            r = s.reaction();
            before = s.before();
            after = s.after();
        } else {
            r = inject(frame, type);
            after = target.state().orElse(null);
        }
        for (byte[] e : r.emitted()) {
            device.add(e);
            if (keepFrames) {
                log.add(new Finding.Frame(true, e));
            }
        }
        return new Outcome(original, sessionMark, true, before, after, type, m, r, injected, log, bench,
                device, refusal);
    }

    private Outcome incomplete(int injected, List<Finding.Frame> log, List<byte[]> bench, List<byte[]> device) {
        return new Outcome(original, sessionMark, false, null, target.state().orElse(null), null, null, null, injected, log,
                bench, device, refusal);
    }

    /** Gives what the device sent to the counterpart; returns the device's last frame. */
    private byte[] answer(Reaction r, ArrayDeque<byte[]> queue, List<Finding.Frame> log, List<byte[]> device,
                          byte[] last) {
        for (byte[] e : r.emitted()) {
            device.add(e);
            if (keepFrames) {
                log.add(new Finding.Frame(true, e));
            }
            sealer.observe(e);
            List<Effect> effects = counterpart.receive(e);
            transmits(effects, queue);
            for (Effect x : effects) {
                if (x instanceof Effect.Rejected rj && refusal == null) {
                    Frame d = decode(e);
                    refusal = new Refusal(rj.rule().id(), d == null ? "?" : d.type(), rj.reason());
                }
            }
            last = e;
        }
        return last;
    }

    private static void transmits(List<Effect> effects, ArrayDeque<byte[]> queue) {
        for (Effect e : effects) {
            if (e instanceof Effect.Transmit t) {
                queue.add(t.frame());
            }
        }
    }

    Frame decode(byte[] f) {
        try {
            return codec.decode(f);
        } catch (FrameDecodeException e) {
            return null;
        }
    }
}
