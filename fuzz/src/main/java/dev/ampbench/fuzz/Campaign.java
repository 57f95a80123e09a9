package dev.ampbench.fuzz;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.seal.FrameSealer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * A fuzzing campaign against one device: a positive control, then cases {@code shard, shard + shards, ...} until the
 * case or time budget is spent. Each case runs on the device and on the reference model with the same
 * {@link CasePlan}; the oracles judge liveness, acceptance (the device accepted what the reference refused) and nonce
 * reuse. Findings are deduplicated by signature and handed to a {@link FindingSink} the first time they are seen.
 */
public final class Campaign {

    /**
     * @param seed   the campaign seed: with the case number, it decides every case
     * @param cases  the campaign's case numbers are 0..cases-1 (over all shards); negative for unbounded
     * @param time   wall-clock budget of this run, or null
     * @param shard  this run's shard, 0..shards-1: it runs the case numbers congruent to it
     * @param first  the first case number to run (a resumed run starts where the journal says)
     */
    public record Settings(long seed, long cases, Duration time, int shard, int shards, long first) {
        public Settings {
            if (shards < 1 || shard < 0 || shard >= shards) {
                throw new IllegalArgumentException("shard must be i/n with 0 <= i < n, got " + shard + "/" + shards);
            }
            if (first < shard || (first - shard) % shards != 0) {
                throw new IllegalArgumentException("case " + first + " is not in shard " + shard + "/" + shards);
            }
        }

        public static Settings cases(long seed, long cases) {
            return new Settings(seed, cases, null, 0, 1, 0);
        }
    }

    /** Where findings and progress go: reproducer files, Allure results, the journal, the console. */
    public interface FindingSink {
        void found(Finding f);

        /** Called about once a second and at the end with the next case to run: the journal's checkpoint. */
        default void progress(long nextCase, long casesRun, Map<String, Long> counts) {
        }

        /** Called once per case as it is judged, in case order (a trace; nothing is written by default). */
        default void judged(Judged verdict) {
        }
    }

    /**
     * What a case came to, as the oracles saw it: the frame it sent (type, mutated field or operator, length), the
     * reference's state before it, and what the device did (its reaction, its state after the frame when known, its
     * liveness), and whether the case started from the kept state.
     */
    public record Judged(long caseNo, boolean resumed, String state, String frameType, String field, int length,
                         boolean deviceAccepted, String deviceStateAfter, FuzzTarget.Liveness liveness) {
    }

    /**
     * What a run did.
     *
     * @param unreached cases whose planned frame not even the reference reached (the session the case would reuse
     *                  was gone); the next case starts a new one
     * @param stopped why the campaign ended before its budget (null when it ran to it): the device could no longer
     *                complete a valid exchange after it had already produced findings
     * @param resumed cases that started from the state the case before them kept, without driving the device there
     * @param batches batches of such cases whose frames went to the device together (docs/fuzzing.md, "Batches over
     *                the wire"); zero for a target that gains nothing from it
     * @param batchedCases the cases judged from a batch
     * @param speculative frames of a batch sent after a case where the device did not do what the reference did: both
     *                    sides had them, nothing was judged on them, and their cases ran again from the start (none
     *                    against a device that does what the reference does)
     * @param speculativeDowns recoveries (also counted in {@code recoveries}) because one of those frames brought the
     *                         device down
     * @param busy     the batches the device refused (ERROR BUSY), each as the target described it: each cost a
     *                 recovery, and the batches after it are smaller
     * @param oneSidedSeals cases whose frame only the reference's side could reseal (MIC fix-up): not judged, both
     *                      sides recovered (also counted in {@code recoveries})
     * @param leadIn   with {@link #reproducing()}: the cases run before the reproduced one, from its anchor, to bring
     *                 both sides where the campaign had them (counted in {@code cases}); their findings are not in
     *                 {@code findings}
     * @param leadInFindings findings of those cases (not reported: the run is about its last case)
     */
    public record Summary(long cases, double seconds, List<Finding> findings, Map<String, Long> counts,
                          Coverage coverage, long incomplete, long recoveries, long nextCase, String stopped,
                          long unreached, long resumed, long batches, long batchedCases,
                          long speculative, long speculativeDowns, List<String> busy,
                          long oneSidedSeals, long leadIn, long leadInFindings) {
        public double casesPerSecond() {
            return seconds <= 0 ? 0 : cases / seconds;
        }
    }

    private static final int NONCE_MEMORY = 1 << 16;

    private final Scenario scenario;
    private final Settings settings;
    private final FindingSink sink;
    private final ProfileCodec codec;
    private final Side device;
    private final Side reference;
    private final MachineTarget referenceTarget;
    private final Coverage coverage = new Coverage();
    private final Map<String, Finding> findings = new LinkedHashMap<>();
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final LinkedHashMap<String, Long> nonces = new LinkedHashMap<>(NONCE_MEMORY * 2, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > NONCE_MEMORY;
        }
    };
    private long epoch;
    /** The session whose state both sides keep (the last case left it unchanged), or -1: drive the next case. */
    private long keptSession = -1;
    private long findingEvents;
    private long resumed;
    private int frames;
    private int sessionFrames;
    private boolean newSession;

    public Campaign(Scenario scenario, FuzzTarget dut, Settings settings, FindingSink sink) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sink = Objects.requireNonNull(sink, "sink");
        if (dut.profile() != scenario.profile() || dut.role() != scenario.role()) {
            throw new IllegalArgumentException("the target is " + dut.profile().id() + " " + dut.role().cliName()
                    + ", the scenario " + scenario.profile().id() + " " + scenario.role().cliName());
        }
        this.codec = Profiles.codec(scenario.profile());
        long counterpartSeed = settings.seed() * 31 + settings.shard();
        this.referenceTarget = new MachineTarget(scenario.reference(), scenario.actions(),
                new SeededRandomSource(~counterpartSeed));
        this.device = new Side(scenario, dut, codec, counterpartSeed, true);
        this.reference = new Side(scenario, referenceTarget, codec, counterpartSeed, false);
        (dut.state().isPresent() ? device : reference).coverage(coverage);
    }

    /**
     * MIC fix-up (docs/fuzzing.md, "MIC modes"): which cases recompute their mutated frame's MIC, and where each side
     * gets its own sealer (the device's and the reference's each follow their own exchange). Raw until set.
     */
    public Campaign micMode(MicMode mode, Supplier<FrameSealer> sealers) {
        device.sealing(mode, sealers.get());
        reference.sealing(mode, sealers.get());
        return this;
    }

    /**
     * Seeds both sides' mutation history with valid frames of the profile (a golden capture's, in air order): old
     * nonces, other sessions' MICs and splice partners the campaign's own exchanges would not give it. Frames that do
     * not decode as the profile's are skipped.
     *
     * @return how many frames were taken
     */
    public int seeds(List<byte[]> frames) {
        int n = 0;
        for (byte[] f : frames) {
            Frame d = device.decode(f);
            if (d != null) {
                device.seed(d.type(), f, d.fields());
                reference.seed(d.type(), f, d.fields());
                n++;
            }
        }
        return n;
    }

    private int maxBatch = Integer.MAX_VALUE;

    /**
     * At most {@code n} cases per batch (docs/fuzzing.md, "Batches over the wire"); 1 sends one case at a time, as to
     * a target that gains nothing from batches. The target's own limit ({@link FuzzTarget#batch()}) applies too.
     */
    public Campaign maxBatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a batch holds at least one case, got " + n);
        }
        this.maxBatch = n;
        return this;
    }

    private boolean reproducing;
    /** The findings of a {@link #reproducing()} run's lead-in, by signature: not reported. */
    private final Map<String, Finding> leadInFindings = new LinkedHashMap<>();
    /** The case a {@link #reproducing()} run is about (its findings and later ones are reported), else 0. */
    private long reproduced;
    private long leadIn;

    /**
     * Runs case {@link Settings#first()} as the campaign ran it ({@code ampbench fuzz --case N}): first the cases
     * of its shard from the last anchor at or before it (the summary's {@code leadIn}; their findings are not
     * reported), so the case meets both sides in the state, and draws on the history, that it met in the campaign
     * (docs/fuzzing.md, "Reproducibility"). Settings' {@code cases} should be {@code first + 1}.
     */
    public Campaign reproducing() {
        this.reproducing = true;
        return this;
    }

    /** Findings already known (from a resumed campaign's reproducers): seen again, they are not reported again. */
    public void known(List<Finding> earlier) {
        for (Finding f : earlier) {
            findings.putIfAbsent(f.signature(), f);
        }
    }

    /** The positive control failed because the counterpart refused the device, by a rule: a finding, no lab fault. */
    private static final class DeviceRefused extends Exception {
        DeviceRefused(String rule) {
            super(rule, null, false, false);
        }
    }

    private long run;
    private long incomplete;
    private long recoveries;
    private long unreached;
    private long unreachedInARow;
    private long c;
    private long batched;
    private long batchedCases;
    private long speculative;
    private long speculativeDowns;
    private long oneSidedSeals;
    /** Why batches were refused (a DUT answering ERROR BUSY), in order. */
    private final List<String> busy = new ArrayList<>();
    /** Set while a batched case is judged when a frame sent after it brought the device down. */
    private boolean downAhead;
    /** The device's state after the last case's frame, when it was asked (the state the next batch starts in). */
    private String lastDeviceState;

    /** After this many cases in a row that not even the reference completes, the campaign stops. */
    static final int UNREACHED_LIMIT = 1000;

    public Summary run() throws LabFault {
        long start = System.nanoTime();
        c = settings.first();
        run = 0;
        incomplete = 0;
        recoveries = 0;
        unreached = 0;
        unreachedInARow = 0;
        resumed = 0;
        leadIn = 0;
        reproduced = Long.MIN_VALUE;
        batched = 0;
        batchedCases = 0;
        speculative = 0;
        speculativeDowns = 0;
        oneSidedSeals = 0;
        busy.clear();
        lastDeviceState = null;
        try {
            return campaign(start);
        } catch (DeviceRefused e) {
            // The device cannot complete a valid exchange: every later case would stop at the same point.
            return stop(start, "the bench's counterpart refuses the device's valid exchange (" + e.getMessage() + ")");
        } catch (LabFault e) {
            if (findings.isEmpty() || !recovering) {
                throw e;
            }
            // Findings judged while the positive control held stand; the device broke down after them (an accepted
            // bad frame can poison its non-volatile state), which a power cycle does not repair.
            return stop(start, e.getMessage());
        }
    }

    private boolean recovering;

    /** The summary of the run so far; {@code why}: the reason it stopped before its budget, or null. */
    private Summary stop(long start, String why) {
        sink.progress(c, run, Map.copyOf(counts));
        return new Summary(run, (System.nanoTime() - start) / 1e9, List.copyOf(findings.values()), Map.copyOf(counts),
                coverage, incomplete, recoveries, c, why, unreached, resumed, batched, batchedCases, speculative,
                speculativeDowns, List.copyOf(busy), oneSidedSeals, leadIn, leadInFindings.size());
    }

    /** The DUT tells its state only when asked (a wire DUT answering STATUS_GET with it). */
    private boolean statesOnRequest;

    private Summary campaign(long start) throws LabFault, DeviceRefused {
        long deadline = settings.time() == null ? Long.MAX_VALUE : start + settings.time().toNanos();
        control("before the campaign");
        statesOnRequest = device.target().state().isEmpty() && device.target().reportsStateOnRequest();
        if (reproducing) {
            reproduced = settings.first();
            c = leadInStart(reproduced);
        }
        long nextCheckpoint = start + 1_000_000_000L;
        while ((settings.cases() < 0 || c < settings.cases()) && System.nanoTime() < deadline) {
            CasePlan plan = plan(c);
            // A case resumes from the state the last one kept (docs/fuzzing.md, "Kept state"); one that does not,
            // and follows a case that left no session to reuse (a mutated JoinAccept), starts a new session. A
            // mutated JoinAccept the reference refused keeps its state (still joining) like any other frame, so a
            // session mutating the JoinAccept joins once, not once per case (a DevNonce each).
            boolean resume = resumes(plan) && reference.canResume() && device.canResume();
            String stopped;
            boolean statesKnown = !statesOnRequest && device.target().state().isEmpty() || lastDeviceState != null;
            int batch = Math.min(maxBatch, device.target().batch());
            if (resume && batch > 1 && statesKnown) {
                stopped = batch(plan, batch);
            } else {
                stopped = one(plan, resume);
            }
            if (stopped != null) {
                return stop(start, stopped);
            }
            long now = System.nanoTime();
            if (now >= nextCheckpoint) {
                nextCheckpoint = now + 1_000_000_000L;
                sink.progress(c, run, Map.copyOf(counts));
            }
        }
        return stop(start, null);
    }

    /** Whether a case would start from the state the last one kept, as far as its plan tells. */
    private boolean resumes(CasePlan plan) {
        return keptSession == plan.session() && !plan.powerCycleFirst()
                && !(scenario.sessionPhases() > 0 && plan.newSession());
    }

    /** Runs case {@code c} on both sides, one frame at a time, and judges it; the reason to stop, or null. */
    private String one(CasePlan plan, boolean resume) throws LabFault, DeviceRefused {
        if (!resume && anchor(plan)) {
            // Both sides start from power-up, a new session and the seeds' history alone: nothing the run did
            // before this case decides what it does (docs/fuzzing.md, "Reproducibility").
            plan = plan.withPowerCycle().withNewSession();
            device.forgetHistory();
            reference.forgetHistory();
        }
        if (newSession && !resume) {
            plan = plan.withNewSession();
        }
        if (!resume && replayAfterPower(plan)) {
            plan = plan.withPowerCycle();
        }
        // The frames a case sends before a power cycle that comes just before its replay are the old epoch's.
        boolean powerLast = plan.powerCycleFirst() && plan.replay() && scenario.replayAcrossPowerCycle();
        if (plan.powerCycleFirst() && !powerLast) {
            epoch++;
        }
        Side.Outcome ref = resume ? reference.resume(plan) : reference.run(plan, frames, sessionFrames);
        // A DUT that tells its state only on request is asked where the state oracle needs it: the reference
        // refused (or ignored) the planned frame and stayed where it was.
        device.askState(statesOnRequest && stayedPut(ref));
        device.resealLike(ref);
        Side.Outcome dut = resume ? device.resume(plan) : device.run(plan, frames, sessionFrames);
        device.askState(false);
        return judge(plan, resume, powerLast, ref, dut, device.target().heartbeat());
    }

    /**
     * Runs case {@code c} and the cases after it that would also start from the kept state, sending their frames to
     * the device together ({@link FuzzTarget#injectEach}: one round trip over the wire for up to {@code size}), and
     * judges them one by one in order, exactly as {@link #one} would (docs/fuzzing.md, "Batches over the wire").
     * A resumed case's frame depends only on the kept state, the mutation history and the reference's mutation, none
     * of which a resumed case changes, so the frames are worked out first; the reference (in process) runs each case
     * as it is worked out, and the first case it does not leave where it found it is the batch's last. So a device
     * that does what the reference does gets exactly the frames it would get one case at a time. A device that does
     * not (a finding, a state change) ends the run early: both sides have had the batch's later frames, which nothing
     * judges, and the next case drives them again; if one of those frames brought the device down, it is recovered.
     */
    private String batch(CasePlan first, int size) throws LabFault, DeviceRefused {
        List<CasePlan> plans = new ArrayList<>(size);
        plans.add(first);
        for (long next = c + settings.shards(); plans.size() < size
                && (settings.cases() < 0 || next < settings.cases()); next += settings.shards()) {
            CasePlan p = CasePlan.of(settings.seed(), next, frames, scenario.powerCycleOneIn(),
                    scenario.replayAcrossPowerCycle());
            if (!resumes(p)) {
                break;
            }
            plans.add(p);
        }
        if (plans.size() == 1) {
            return one(first, true);
        }
        // The reference runs ahead (it is in process): a case it does not leave where it found it is the last of the
        // batch, since a device that does what the reference does would make the next case drive it again.
        List<Side.Outcome> refs = new ArrayList<>(plans.size());
        List<Side.Planned> duts = new ArrayList<>(plans.size());
        List<byte[]> sent = new ArrayList<>(plans.size());
        for (CasePlan p : plans) {
            Side.Planned r = reference.planned(p);
            Side.Outcome ref = reference.resume(r);
            device.resealLike(r);
            Side.Planned d = device.planned(p);
            refs.add(ref);
            duts.add(d);
            sent.add(d.frame());
            if (!keeps(ref)) {
                break;
            }
        }
        plans = plans.subList(0, sent.size());
        // the device's state after each frame: asked over the wire where one() would ask it, read in process
        boolean inProcess = device.target().state().isPresent();
        List<FuzzTarget.Answer> answers;
        try {
            answers = device.target().injectEach(sent, statesOnRequest || inProcess);
        } catch (FuzzTarget.BatchRefused e) {
            // Some of the frames reached the device, in an order no case planned: judge none, bring the device (and
            // the reference, which ran them all) back and run case c again, driven, in the batches the target takes.
            busy.add(e.getMessage());
            recoveries++;
            recoverNow("after a refused batch at case " + c);
            return null;
        }
        batched++;
        int down = 0;
        while (down < answers.size() && answers.get(down).liveness() == FuzzTarget.Liveness.ALIVE) {
            down++;
        }
        String before = lastDeviceState;
        for (int i = 0; i < plans.size(); i++) {
            CasePlan p = plans.get(i);
            Side.Outcome ref = refs.get(i);
            FuzzTarget.Answer a = answers.get(i);
            // as one() asks the state only where the state oracle needs it
            boolean ask = inProcess || statesOnRequest && stayedPut(ref);
            Side.Outcome dut = device.answered(duts.get(i), a.reaction(), ask ? before : null,
                    ask ? a.stateAfter() : null);
            before = a.stateAfter();
            batchedCases++;
            // A frame after this case's brought the device down: should this case end the run, the device is not
            // where the case left it (a minimization must recover it first, and the next case must meet it up).
            downAhead = down > i && down < answers.size();
            long recoveredBefore = recoveries;
            String stopped = judge(p, true, false, ref, dut, a.liveness());
            boolean recovered = recoveries != recoveredBefore;
            downAhead = false;
            if (stopped != null) {
                return stopped;
            }
            if (i + 1 < plans.size() && !(keptSession == plans.get(i + 1).session() && reference.canResume()
                    && device.canResume())) {
                // The device did not do what the reference did (the reference kept its state): both sides have had
                // the batch's later frames, which no case judges; those cases run again from the start.
                speculative += plans.size() - i - 1;
                if (down > i && down < answers.size() && !recovered) {
                    // The device went down on one of them: bring it back, and the reference with it, before the
                    // next case, which must not be blamed for it.
                    recoveries++;
                    speculativeDowns++;
                    recoverNow("after a frame sent ahead in a batch brought the device down, at case " + (c
                            - settings.shards()));
                }
                return null;
            }
        }
        return null;
    }

    /**
     * Judges case {@code c} from both sides' outcomes and the device's liveness after it; reports findings, decides
     * whether the next case may start from the kept state, recovers the device when needed, and moves {@code c} on.
     *
     * @return the reason to stop the campaign, or null
     */
    private String judge(CasePlan plan, boolean resume, boolean powerLast, Side.Outcome ref, Side.Outcome dut,
                         FuzzTarget.Liveness live) throws LabFault, DeviceRefused {
        if (resume) {
            resumed++;
        }
        sink.judged(new Judged(c, resume, ref.stateBefore(), type(dut), field(dut),
                dut.mutation() != null ? dut.mutation().frame().length : -1,
                dut.reaction() != null && dut.reaction().accepted(), dut.stateAfter(), live));
        long findingsBefore = findingEvents;
        run++;
        if (leadingIn()) {
            leadIn++;
        }
        // A case that mutated a session frame (a JoinAccept) or did not get through leaves no session to reuse.
        newSession = !ref.reached() || ref.injected() < sessionFrames;
        if (!ref.reached()) {
            unreached++;
            if (++unreachedInARow >= UNREACHED_LIMIT) {
                c += settings.shards();
                return UNREACHED_LIMIT + " cases in a row did not reach their planned frame even on the "
                        + "reference model: the scenario cannot go on (e.g. a LoRaWAN device that has used all "
                        + "65,536 DevNonces can join no more, an amp-sec STA that has used all 65,535 PMK "
                        + "generations can take no PmkUpdate)";
            }
        } else {
            unreachedInARow = 0;
        }
        boolean recover = false;
        String state = ref.stateBefore() != null ? ref.stateBefore() : "?";
        if (live != FuzzTarget.Liveness.ALIVE) {
            Finding.Oracle o = live == FuzzTarget.Liveness.HUNG ? Finding.Oracle.HANG : Finding.Oracle.CRASH;
            String rule = malformedRule(scenario.profile());
            String detail = (live == FuzzTarget.Liveness.HUNG ? "silent past the heartbeat timeout"
                    : "rebooted") + " after the case's frames";
            recover = true;
            if (!seen(signature(o, state, dut)) && dut.mutation() != null
                    && dut.original() != null) {
                // the device is down: bring it back first, then every trial that brings it down again does too; the
                // last trial may leave it up elsewhere, so it is recovered once more after them, as a finding seen
                // before is: the next case meets the same state either way (a --case N lead-in may minimize a
                // finding its campaign had seen before the anchor, docs/fuzzing.md "Reproducibility")
                recoveries++;
                recoverNow("after recovering the device at case " + c);
                Minimized m = minimizeLiveness(plan, dut, live);
                if (m != null) {
                    dut = m.outcome();
                    detail += "; " + m.note();
                }
            }
            report(o, rule, state, dut, c, detail);
        } else if (sealedOnOneSide(ref, dut)) {
            // The reference resealed its frame and the device's could not be resealed the same way (docs/fuzzing.md,
            // "MIC modes"), so the two sides were sent different frames: no oracle can compare them, and the side
            // that took a valid MIC may have moved a counter the other did not (a LoRaWAN network's last FCnt), which
            // no re-drive puts back. Both are brought back in step.
            oneSidedSeals++;
            recover = true;
        } else if (dut.reached() && ref.reached()) {
            if (dut.reaction().accepted() && !ref.reaction().accepted() && !dut.reaction().refusedByTransport()) {
                String rule = ref.reaction().rejectedRule();
                if (rule == null && ref.reaction().ignored()) {
                    rule = ruleFor(Deviation.ANSWERS_FOREIGN_ADDRESS).orElse(null);
                }
                String detail = "the device " + what(dut.reaction()) + "; the reference "
                        + (ref.reaction().rejectedRule() != null ? "refused it (" + ref.reaction().rejectedRule()
                        + ")" : ref.reaction().ignored() ? "ignored it (not for it)" : "stayed silent");
                String sig = signature(Finding.Oracle.ACCEPTED_BAD_FRAME, state, dut);
                if (!seen(sig)) {
                    if (downAhead) {
                        // a frame sent after this one in its batch brought the device down: the trials need it up
                        recoveries++;
                        speculativeDowns++;
                        recoverNow("after a frame sent ahead in a batch brought the device down, at case " + c);
                        downAhead = false;
                    }
                    Minimized m = minimize(plan, dut);
                    if (m != null) {
                        dut = m.outcome();
                        detail += "; " + m.note();
                    }
                }
                report(Finding.Oracle.ACCEPTED_BAD_FRAME, rule, state, dut, c, detail);
                // The device took what the reference refused, so the two sides are no longer in step, and a new
                // finding's minimization trials leave the device where the last trial left it: recovered either way,
                // the next case meets the same state whether this finding was new or not.
                recover = true;
            } else if (dut.stateAfter() != null && ref.stateAfter() != null && ref.stateBefore() != null
                    && ref.stateBefore().equals(dut.stateBefore()) && ref.stateBefore().equals(ref.stateAfter())
                    && !dut.stateAfter().equals(ref.stateAfter()) && !ref.reaction().accepted()) {
                // Differential on state: from the same state, the device moved on a frame the reference refused
                // (or ignored) and stayed put for.
                String rule = ruleFor(Deviation.LEAVES_PROVISIONING_EARLY)
                        .orElse(ref.reaction().rejectedRule());
                report(Finding.Oracle.STATE_DIVERGED, rule, state, dut, c, "the device went from " + state
                        + " to " + dut.stateAfter() + " on a frame the reference "
                        + (ref.reaction().rejectedRule() != null ? "refused (" + ref.reaction().rejectedRule()
                        + ")" : "ignored") + ", staying in " + ref.stateAfter());
            }
        } else if (ref.reached() && !dut.reached() || ref.injected() != dut.injected()) {
            incomplete++;
            recover = true; // the device did not follow the valid prefix: start again from a known state
        }
        refusal(dut, ref, state, c);
        nonces(dut, state, c);
        if (powerLast) {
            epoch++;
        }
        keptSession = !recover && findingEvents == findingsBefore && unchanged(ref, dut) ? plan.session() : -1;
        if (recover) {
            recoveries++;
            recoverNow("after recovering the device at case " + c);
        }
        lastDeviceState = dut.stateAfter();
        c += settings.shards();
        return null;
    }

    /**
     * Whether the case left both sides where it found them, so the next case of the same session may start from
     * that state without driving the device there again: both reached the planned frame, neither accepted it, the
     * reference (and the device, when it reports its state) stayed in the state it was in, the counterparts refused
     * nothing and both followed the same prefix. A conforming device refuses such a frame without changing state
     * (the reference just showed it); a device that does change state is a finding by the state or acceptance
     * oracle, which makes the next case start again. Hidden state a wire DUT changes silently can drift for the rest
     * of the session at most (bounded by {@link CasePlan#SESSION_CASES}).
     */
    /**
     * Whether a replay case that does not start from the kept state cuts the power before its replayed frame although
     * it is not its session's first case: its session began with a power cycle before a replay, and the cases that
     * resumed from that session's kept state replayed after it. Driving such a case again (after a finding, or alone
     * with {@code --case N}) repeats the cut, so it meets the device in the same state.
     */
    private boolean replayAfterPower(CasePlan plan) {
        return plan.replay() && !plan.powerCycleFirst() && scenario.replayAcrossPowerCycle()
                && plan(plan.session() * CasePlan.SESSION_CASES).powerCycleFirst();
    }

    /**
     * Whether case {@code plan} is an <b>anchor</b>: the first case this shard runs of a session that starts with a
     * power cycle (a replay session of a scenario that replays across a power cycle excepted: its cut comes after
     * the valid prefix). The campaign starts an anchor from power-up, with a new session and the mutator's history
     * reduced to the seeds, so what happens from an anchor on depends on the seed, the case numbers and the device
     * alone, not on what the run did before; {@code --case N} ({@link #reproducing()}) runs the cases from the anchor
     * before N (docs/fuzzing.md, "Reproducibility"). In shard 0 of any sharding (and unsharded) an anchor is a
     * session's first case, which its plan power-cycles already; in another shard it is the first of that session's
     * cases the shard runs, which the campaign power-cycles as well, so each shard has anchors at the same rate.
     */
    private boolean anchor(CasePlan plan) {
        long head = plan.session() * CasePlan.SESSION_CASES;
        if (plan.caseNo() != head + Math.floorMod(settings.shard() - head, settings.shards())) {
            return false;
        }
        CasePlan first = plan.caseNo() == head ? plan : plan(head);
        return first.powerCycleFirst() && !(first.replay() && scenario.replayAcrossPowerCycle());
    }

    private CasePlan plan(long caseNo) {
        return CasePlan.of(settings.seed(), caseNo, frames, scenario.powerCycleOneIn(),
                scenario.replayAcrossPowerCycle());
    }

    /** The case a run reproducing case {@code n} starts from: the last anchor at or before it, or the shard's first. */
    private long leadInStart(long n) {
        for (long k = n; k >= settings.shard(); k -= settings.shards()) {
            if (anchor(plan(k))) {
                return k;
            }
        }
        return settings.shard();
    }

    /** The case's frame was resealed on the reference's side only. */
    private static boolean sealedOnOneSide(Side.Outcome ref, Side.Outcome dut) {
        return ref.reached() && dut.reached() && ref.mutation() != null && dut.mutation() != null
                && ref.mutation().sealed() && !dut.mutation().sealed();
    }

    /**
     * The reference's half of {@link #unchanged}: it refused (or ignored) the planned frame, stayed in its state and
     * its counterpart refused nothing.
     */
    private static boolean keeps(Side.Outcome ref) {
        return stayedPut(ref) && ref.refusal() == null;
    }

    /** The reference refused (or ignored) the planned frame and stayed in the state it was in. */
    private static boolean stayedPut(Side.Outcome ref) {
        return ref.reached() && ref.reaction() != null && !ref.reaction().accepted() && ref.stateBefore() != null
                && ref.stateBefore().equals(ref.stateAfter());
    }

    private static boolean unchanged(Side.Outcome ref, Side.Outcome dut) {
        return keeps(ref) && dut.reached() && dut.reaction() != null && !dut.reaction().accepted()
                && Objects.equals(dut.stateBefore(), dut.stateAfter())
                && dut.refusal() == null && ref.injected() == dut.injected();
    }

    /** The positive control: the full valid scenario must go through on the device as on the reference. */
    private void control(String when) throws LabFault, DeviceRefused {
        keptSession = -1;
        Side.Outcome ref = reference.run(CasePlan.control(), Integer.MAX_VALUE, 0);
        Side.Outcome dut = device.run(CasePlan.control(), Integer.MAX_VALUE, 0);
        if (ref.injected() == 0) {
            throw new IllegalStateException("the reference scenario of " + scenario.profile().id()
                    + " injected nothing: a bench bug");
        }
        FuzzTarget.Liveness live = device.target().heartbeat();
        if (refusal(dut, ref, "control", -1)) {
            throw new DeviceRefused(dut.refusal().rule());
        }
        if (dut.injected() != ref.injected() || live != FuzzTarget.Liveness.ALIVE) {
            throw new LabFault("positive control failed " + when + ": a valid " + scenario.profile().id()
                    + " exchange did not go through on " + device.target().describe() + " (" + dut.injected()
                    + " of " + ref.injected() + " frames, device " + live.name().toLowerCase() + ")");
        }
        frames = ref.injected();
        sessionFrames = ref.sessionFrames();
    }

    /** The counterpart refused a frame of the device that the reference's counterpart took: a finding by rule. */
    private boolean refusal(Side.Outcome dut, Side.Outcome ref, String state, long c) {
        if (dut.refusal() == null || ref.refusal() != null) {
            return false;
        }
        add(new Finding(Finding.Oracle.REFUSED_BY_COUNTERPART, scenario.deviceRuleRevealedBy(dut.refusal().rule()),
                state, dut.refusal().frameType(),
                "-", c, "-", dut.frames(), "the bench's " + scenario.profile().id() + " counterpart refused the "
                + "device's " + dut.refusal().frameType() + " (" + dut.refusal().rule() + "): "
                + dut.refusal().reason()));
        return true;
    }

    private void nonces(Side.Outcome dut, String state, long c) {
        for (byte[] f : dut.deviceFrames()) {
            Frame decoded = device.decode(f);
            if (decoded == null) {
                continue;
            }
            for (FieldDescriptor d : decoded.fields()) {
                if (d.kind() != FieldKind.NONCE || d.length() < 2) {
                    continue;
                }
                byte[] v = Arrays.copyOfRange(f, d.offset(), d.end());
                if (echoes(v, dut.benchFrames()) || (dut.mutation() != null && contains(dut.mutation().frame(), v))) {
                    continue; // the device repeated the bench's own value: an echo, not its nonce
                }
                nonce(decoded.type(), d.name(), v, dut, state, c);
            }
        }
        for (byte[] f : dut.deviceFrames()) {
            scenario.hiddenNonce(f).ifPresent(h -> nonce(h.frameType(), h.field(), h.value(), dut, state, c));
        }
    }

    /** One nonce the device sent: the same value of the same field seen before is a finding. */
    private void nonce(String type, String field, byte[] v, Side.Outcome dut, String state, long c) {
        String key = type + "." + field + "=" + Hex.encode(v);
        Long seen = nonces.put(key, epoch);
        if (seen != null) {
            // A tag's nonce repeated across a power cycle breaks the power-loss rule; a gateway's own nonce (the
            // infrastructure's) must be fresh every time, power cycle or not (Scenario.ruleFor maps both to its rule).
            Deviation why = seen != epoch ? Deviation.NONCE_REUSED_AFTER_POWER_LOSS : Deviation.NONCE_NOT_FRESH;
            Deviation other = why == Deviation.NONCE_NOT_FRESH ? Deviation.NONCE_REUSED_AFTER_POWER_LOSS
                    : Deviation.NONCE_NOT_FRESH;
            String rule = ruleFor(why).or(() -> ruleFor(other)).orElse(null);
            add(new Finding(Finding.Oracle.NONCE_REUSED, rule, state, type, field, c, "-", dut.frames(),
                    "the device sent its " + field + " " + Hex.encode(v) + " again"
                    + (seen != epoch ? " after a power cycle" : "")));
        }
    }

    private static boolean echoes(byte[] v, List<byte[]> frames) {
        for (byte[] f : frames) {
            if (contains(f, v)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        return Bytes.indexOf(hay, needle) >= 0;
    }

    /** A minimized case: its outcome on the device and what was removed. */
    private record Minimized(Side.Outcome outcome, String note) {
    }

    /** The most octets of a mutation the minimizer tries to take back one by one. */
    static final int MINIMIZE_MAX_OCTETS = 64;

    /**
     * Takes back the mutation's changed octets one at a time (delta debugging at octet granularity), keeping each
     * removal after which the case still makes the device accept what the reference refuses; the prefix is already
     * the shortest that reaches the state. Each trial is the same case run again on both sides. Only same-length
     * mutations of a bench frame are minimized; replays are a whole frame by nature.
     */
    private Minimized minimize(CasePlan plan, Side.Outcome dut) throws LabFault, DeviceRefused {
        if (dut.mutation() == null || dut.original() == null
                || dut.original().length != dut.mutation().frame().length) {
            return null;
        }
        byte[] mutated = dut.mutation().frame();
        byte[] orig = dut.original();
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < orig.length; i++) {
            if (orig[i] != mutated[i]) {
                changed.add(i);
            }
        }
        if (changed.size() < 2 || changed.size() > MINIMIZE_MAX_OCTETS) {
            return null;
        }
        List<Integer> keep = new ArrayList<>(changed);
        Side.Outcome best = null;
        for (Integer p : changed) {
            List<Integer> trial = new ArrayList<>(keep);
            trial.remove(p);
            Side.Outcome t = trial(plan, mutated, trial);
            if (t == null) {
                return null; // the device stopped answering: leave the finding as found
            }
            if (t.reached() && t.reaction() != null && t.reaction().accepted()) {
                keep = trial;
                best = t;
            }
        }
        if (best == null) {
            return null;
        }
        return new Minimized(best, "minimized from " + changed.size() + " changed octets to " + keep.size()
                + " (at " + keep + ")");
    }

    /**
     * The most trials spent minimizing one new hang or crash finding. Each trial that still brings the device down
     * costs a recovery (a power cycle and the positive control: over the wire the supply's off time, 20 ms for the
     * built-in emulator's, plus a valid exchange); 24 covers the binary search over any frame length (at most 10
     * trials up to 1,010 octets) and 14 changed octets taken back, once per signature.
     */
    public static final int MINIMIZE_LIVENESS_TRIALS = 24;

    /**
     * Shrinks the offending frame of a hang or crash ({@link FrameShrinker}): for a length change, the length nearest
     * the valid frame's that still brings the device down, then the fewest changed octets. The device has been
     * recovered before; each trial that brings it down again is recovered too. Null when nothing could be taken back.
     */
    private Minimized minimizeLiveness(CasePlan plan, Side.Outcome dut, FuzzTarget.Liveness live)
            throws LabFault, DeviceRefused {
        byte[] valid = dut.original();
        byte[] mutated = dut.mutation().frame();
        Side.Outcome[] last = {null};
        FrameShrinker.Result r;
        try {
            r = new FrameShrinker(MINIMIZE_LIVENESS_TRIALS).shrink(valid, mutated, frame -> {
                Side.Outcome t = livenessTrial(plan, frame, live);
                if (t != null) {
                    last[0] = t;
                }
                return t != null;
            });
        } catch (LabFault | DeviceRefused | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (last[0] == null) {
            return null; // no trial confirmed a smaller frame: the case stands as found
        }
        // the shrinker's result is the last frame a trial confirmed: last[0] is that trial's run
        String what = live == FuzzTarget.Liveness.HUNG ? "hangs" : "crashes";
        return new Minimized(last[0], "minimized in " + plural(r.trials(), "trial") + " from "
                + describe(valid, mutated)
                + " to " + describe(valid, r.frame()) + ", which still " + what + " the device");
    }

    private static String describe(byte[] valid, byte[] frame) {
        int changed = FrameShrinker.changed(valid, frame).size();
        String length = frame.length == valid.length ? "" : frame.length < valid.length
                ? plural(valid.length - frame.length, "octet") + " cut (" + frame.length + " of " + valid.length + ")"
                : plural(frame.length - valid.length, "octet") + " appended (" + frame.length + " in all)";
        String octets = plural(changed, "changed octet");
        return length.isEmpty() ? octets : changed == 0 ? length : length + " and " + octets;
    }

    private static String plural(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /**
     * Runs the case again with {@code frame} as its offending frame; its outcome when the device went down the same
     * way again (it is then recovered), else null.
     */
    private Side.Outcome livenessTrial(CasePlan plan, byte[] frame, FuzzTarget.Liveness expected)
            throws LabFault, DeviceRefused {
        Side.Outcome dut = rerun(plan, valid -> frame.clone()).dut();
        FuzzTarget.Liveness live = device.target().heartbeat();
        if (live == FuzzTarget.Liveness.ALIVE) {
            return null;
        }
        recoveries++;
        recoverNow("after recovering the device while minimizing case " + plan.caseNo());
        return live == expected && dut.reached() && dut.mutation() != null ? dut : null;
    }

    /** One minimization trial's run of a case on both sides, from the start (no kept state). */
    private record Rerun(Side.Outcome ref, Side.Outcome dut) {
    }

    private Rerun rerun(CasePlan plan, UnaryOperator<byte[]> apply) throws LabFault, DeviceRefused {
        if (plan.powerCycleFirst()) {
            epoch++;
        }
        keptSession = -1;
        Side.Outcome ref = reference.run(plan, frames, sessionFrames, apply);
        device.resealLike(ref);
        return new Rerun(ref, device.run(plan, frames, sessionFrames, apply));
    }

    /** Power-cycles the device and the reference and runs the positive control (a recovery). */
    private void recoverNow(String when) throws LabFault, DeviceRefused {
        device.target().powerCycle();
        referenceTarget.powerCycle();
        epoch++;
        recovering = true;
        control(when);
        recovering = false;
    }

    /** Runs the case again with only {@code positions} of the mutation applied; null if the device went down. */
    private Side.Outcome trial(CasePlan plan, byte[] mutated, List<Integer> positions)
            throws LabFault, DeviceRefused {
        UnaryOperator<byte[]> apply = valid -> {
            byte[] out = valid.clone();
            for (int p : positions) {
                if (p < out.length) {
                    out[p] = mutated[p];
                }
            }
            return out;
        };
        Rerun again = rerun(plan, apply);
        Side.Outcome ref = again.ref();
        Side.Outcome dut = again.dut();
        if (device.target().heartbeat() != FuzzTarget.Liveness.ALIVE) {
            recoveries++;
            recoverNow("after recovering the device while minimizing case " + plan.caseNo());
            return null;
        }
        boolean still = ref.reached() && !ref.reaction().accepted() && dut.reached() && dut.reaction().accepted();
        return still ? dut : new Side.Outcome(dut.original(), dut.sessionFrames(), false, null, null, null, null,
                null, dut.injected(), dut.frames(), dut.benchFrames(), dut.deviceFrames(), dut.refusal());
    }

    private static String signature(Finding.Oracle o, String state, Side.Outcome dut) {
        return new Finding(o, null, state, type(dut), field(dut), 0, "-", List.of(), "-").signature();
    }

    private static String type(Side.Outcome dut) {
        return dut.frameType() != null ? dut.frameType() : "-";
    }

    private static String field(Side.Outcome dut) {
        return dut.mutation() == null ? (dut.reached() ? "replay" : "-")
                : dut.mutation().field() != null ? dut.mutation().field() : dut.mutation().operator().name();
    }

    private void report(Finding.Oracle o, String rule, String state, Side.Outcome dut, long c, String detail) {
        String type = type(dut);
        String field = field(dut);
        String mutation = dut.mutation() == null ? (dut.reached() ? "replayed unchanged" : "-")
                : dut.mutation().describe();
        add(new Finding(o, rule, state, type, field, c, mutation, dut.frames(), detail));
    }

    private void add(Finding f) {
        findingEvents++;
        counts.merge(f.signature(), 1L, Long::sum);
        if (leadingIn()) {
            leadInFindings.putIfAbsent(f.signature(), f);
        } else if (findings.putIfAbsent(f.signature(), f) == null) {
            sink.found(f);
        }
    }

    /**
     * Whether a finding of this signature was seen already (then it is not minimized or reported again). A lead-in's
     * findings are kept apart, so the reproduced case reports (and minimizes) what it finds as the campaign did when
     * it found it there first.
     */
    private boolean seen(String signature) {
        return (leadingIn() ? leadInFindings : findings).containsKey(signature);
    }

    /**
     * Whether the run is in the lead-in of a reproduced case: only after the first control ({@code reproduced} stays
     * at its minimum otherwise), so the control's own findings (case number -1) are reported as the campaign's are.
     */
    private boolean leadingIn() {
        return c < reproduced;
    }

    private static String what(Reaction r) {
        List<String> s = new ArrayList<>();
        if (!r.emitted().isEmpty()) {
            s.add("answered with " + r.emitted().size() + " frame" + (r.emitted().size() == 1 ? "" : "s"));
        }
        if (r.established()) {
            s.add("reported the exchange established");
        }
        if (r.delivered()) {
            s.add("delivered the data");
        }
        return String.join(" and ", s);
    }

    private Optional<String> ruleFor(Deviation d) {
        return scenario.ruleFor(d);
    }

    /**
     * The rule a device breaks when a frame brings it down: the profile's rule that a frame not decoding under the
     * field tables is refused (and nothing else happens).
     */
    public static String malformedRule(Profile p) {
        return switch (p) {
            case AMP_PROV -> "AMP-PROV-R15";
            case AMP_SEC -> "AMP-SEC-R1";
            case AIOT_S9 -> "AIOT-S9-R1";
            case LORAWAN -> "LORAWAN-R1";
        };
    }
}
