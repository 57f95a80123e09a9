package dev.ampbench.cli;

import dev.ampbench.bench.LabFault;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.Finding;
import dev.ampbench.fuzz.FuzzTarget;
import dev.ampbench.fuzz.Reaction;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches (docs/fuzzing.md, "Batches over the wire") judge like one case at a time, for every profile and every
 * defect a tag campaign reaches. The emulator's device runs in process behind a target that says it takes seven
 * frames at once, so the campaign batches exactly as over the wire (works out the frames, sends them all, judges
 * them in order, drops the ones past a case where the device parts from the reference) without the wire's
 * heartbeat timeout: a hang costs nothing
 * here, so the hang and crash defects are covered too. (The wire's own batches are tested over a pseudo-terminal in
 * the fuzz module's BatchedCampaignTest.)
 */
class BatchedCampaignEquivalenceTest {
    private static final long SEED = 5;
    private static final int CASES = 3_000;

    /**
     * The in-process emulated device, as a target that takes frames in batches of up to seven; with {@code busyOnce},
     * its first batch gets two frames through and is then refused, as a wire DUT answering ERROR BUSY is.
     */
    private static final class Batching implements FuzzTarget {
        private final FuzzTarget t;
        private boolean busyOnce;
        private int limit = 7;

        Batching(FuzzTarget t, boolean busyOnce) {
            this.t = t;
            this.busyOnce = busyOnce;
        }

        @Override
        public int batch() {
            return limit;
        }

        @Override
        public List<Answer> injectEach(List<byte[]> frames, boolean states) throws LabFault {
            if (busyOnce && frames.size() > 2) {
                busyOnce = false;
                t.inject(frames.get(0));
                t.inject(frames.get(1));
                limit = 2;
                throw new BatchRefused("busy after two frames");
            }
            return FuzzTarget.super.injectEach(frames, states);
        }

        @Override
        public Profile profile() {
            return t.profile();
        }

        @Override
        public Role role() {
            return t.role();
        }

        @Override
        public Reaction inject(byte[] frame) throws LabFault {
            return t.inject(frame);
        }

        @Override
        public Optional<Reaction> action(String name, byte[] args) throws LabFault {
            return t.action(name, args);
        }

        @Override
        public Liveness heartbeat() throws LabFault {
            return t.heartbeat();
        }

        @Override
        public void powerCycle() throws LabFault {
            t.powerCycle();
        }

        @Override
        public Optional<String> state() {
            return t.state();
        }

        @Override
        public String describe() {
            return t.describe();
        }

        @Override
        public String firmware() {
            return t.firmware();
        }
    }

    private static Campaign.Summary campaign(Profile p, Set<Defect> defects, boolean batches) throws Exception {
        return campaign(p, defects, batches, new ArrayList<>());
    }

    /** @param trace receives every case's verdict, in order */
    private static Campaign.Summary campaign(Profile p, Set<Defect> defects, boolean batches,
                                             List<Campaign.Judged> trace) throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, SEED);
        FuzzTarget t = new EmulatorTarget(b.firmware().get(0), defects, new SeededRandomSource(SEED));
        return new Campaign(Scenario.forTag(p, b.identities()), batches ? new Batching(t, false) : t,
                Campaign.Settings.cases(SEED, CASES), new Campaign.FindingSink() {
            @Override
            public void found(Finding f) {
            }

            @Override
            public void judged(Campaign.Judged verdict) {
                trace.add(verdict);
            }
        }).run();
    }

    private static List<Campaign.Judged> upTo(List<Campaign.Judged> trace, long last) {
        return trace.stream().filter(j -> j.caseNo() <= last).toList();
    }

    /**
     * A refused batch (ERROR BUSY over the wire) is judged on no frame: the campaign recovers the device, runs the
     * case again and goes on in the smaller batches the target now takes, finding nothing on a correct device.
     */
    @TestFactory
    List<DynamicTest> aRefusedBatchIsRunAgainAfterARecovery() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id(), () -> {
                FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, SEED);
                Batching t = new Batching(new EmulatorTarget(b.firmware().get(0), Set.of(),
                        new SeededRandomSource(SEED)), true);
                Campaign.Summary s = new Campaign(Scenario.forTag(p, b.identities()), t,
                        Campaign.Settings.cases(SEED, CASES), f -> {
                }).run();
                Campaign.Summary one = campaign(p, Set.of(), false);
                assertEquals(List.of("busy after two frames"), s.busy());
                assertEquals(List.of(), judged(s));
                assertEquals(CASES, s.cases());
                assertEquals(one.recoveries() + 1, s.recoveries(), "one recovery for the refused batch");
                assertTrue(s.batches() > 0 && s.batchedCases() <= 2 * s.batches(), "batches of two from then on");
            }));
        }
        return tests;
    }

    private static List<String> judged(Campaign.Summary s) {
        return s.findings().stream().map(f -> f.signature() + " rule " + f.rule() + " at case " + f.caseNo()).toList();
    }

    @TestFactory
    List<DynamicTest> batchesJudgeLikeOneCaseAtATime() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id() + " correct", () -> {
                List<Campaign.Judged> oneByOne = new ArrayList<>();
                List<Campaign.Judged> inBatches = new ArrayList<>();
                Campaign.Summary one = campaign(p, Set.of(), false, oneByOne);
                Campaign.Summary batched = campaign(p, Set.of(), true, inBatches);
                assertEquals(0, one.batches());
                assertEquals(0, batched.speculative(), "the reference ran ahead: no frame past the end of a run");
                assertEquals(CASES, inBatches.size());
                assertEquals(oneByOne, inBatches, "every case judged alike");
                assertTrue(batched.batchedCases() > 2 * batched.batches(), batched.batchedCases() + " cases in "
                        + batched.batches() + " batches");
                assertEquals(List.of(), judged(batched));
                assertEquals(List.of(one.cases(), one.resumed(), one.incomplete(), one.recoveries(), one.unreached(),
                                one.nextCase(), one.coverage().states(), one.coverage().transitions()),
                        List.of(batched.cases(), batched.resumed(), batched.incomplete(), batched.recoveries(),
                                batched.unreached(), batched.nextCase(), batched.coverage().states(),
                                batched.coverage().transitions()));
            }));
            for (Defect d : FuzzProofTest.REACHABLE.get(p)) {
                tests.add(DynamicTest.dynamicTest(p.id() + " " + d.cliName(), () -> {
                    List<Campaign.Judged> oneByOne = new ArrayList<>();
                    List<Campaign.Judged> inBatches = new ArrayList<>();
                    Campaign.Summary one = campaign(p, EnumSet.of(d), false, oneByOne);
                    Campaign.Summary batched = campaign(p, EnumSet.of(d), true, inBatches);
                    assertFalse(one.findings().isEmpty(), d.cliName() + " not found in " + CASES + " cases");
                    assertFalse(batched.findings().isEmpty(), d.cliName() + " not found in " + CASES
                            + " batched cases");
                    if (d != Defect.HANG_ON_OVERSIZED_LENGTH && d != Defect.CRASH_ON_TRUNCATED_FRAME) {
                        // Everything up to the first finding is judged alike: no frame sent ahead brought this
                        // device down, so the first divergence is the first finding.
                        assertEquals(0, batched.speculativeDowns());
                        assertEquals(judged(one).get(0), judged(batched).get(0));
                        long first = one.findings().get(0).caseNo();
                        assertEquals(upTo(oneByOne, first), upTo(inBatches, first));
                        return;
                    }
                    // A frame sent past a case where the device parted from the reference is no case's; when it
                    // brings the device down the campaign recovers it (so later cases meet another state than one
                    // at a time would), and no later case is blamed: every hang is on an oversized frame, every
                    // crash on a truncated one.
                    int max = FirmwareCatalog.representative(p, Role.DEVICE, SEED).firmware().get(0)
                            .maxFrameLength();
                    for (Finding f : batched.findings()) {
                        if (f.oracle() == Finding.Oracle.HANG) {
                            assertTrue(lastBenchFrame(f).length > max, f.headline() + ": " + f.detail());
                        }
                        if (f.oracle() == Finding.Oracle.CRASH) {
                            FrameDecodeException e = assertThrows(FrameDecodeException.class,
                                    () -> Profiles.codec(p).decode(lastBenchFrame(f)), f.headline());
                            assertTrue(e.truncated(), f.headline() + ": " + e.getMessage());
                        }
                    }
                }));
            }
        }
        return tests;
    }

    private static byte[] lastBenchFrame(Finding f) {
        return FuzzProofTest.lastBenchFrame(f);
    }
}
