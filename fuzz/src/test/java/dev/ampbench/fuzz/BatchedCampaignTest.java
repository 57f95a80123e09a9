package dev.ampbench.fuzz;

import dev.ampbench.bench.power.GuardedPowerSwitch;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batches over the wire (docs/fuzzing.md): a campaign that sends the frames of the cases starting from the kept state
 * together, one round trip for up to seven, judges every case as the same campaign sending one case at a time. Both
 * run with the same seed against their own emulated device over a real pseudo-terminal (the built-in emulator and its
 * SCPI supply), the one-at-a-time campaign with {@link Campaign#maxBatch} 1.
 */
class BatchedCampaignTest {
    private static final long SEED = 41;
    private static final int CASES = 1500;

    /** What a campaign judged, and how: everything in a summary but its time and its batch counters. */
    private record Totals(long cases, List<String> findings, Set<String> states, Set<String> transitions,
                          long incomplete, long recoveries, long unreached, long resumed, long nextCase, String stopped) {
        static Totals of(Campaign.Summary s) {
            return new Totals(s.cases(), s.findings().stream()
                    .map(f -> f.signature() + " rule " + f.rule() + " at case " + f.caseNo()).toList(),
                    s.coverage().states(), s.coverage().transitions(), s.incomplete(), s.recoveries(), s.unreached(),
                    s.resumed(), s.nextCase(), s.stopped());
        }
    }

    /** Every case's verdict, in order. */
    private static final class Trace implements Campaign.FindingSink {
        final List<Campaign.Judged> cases = new ArrayList<>();

        @Override
        public void found(Finding f) {
        }

        @Override
        public void judged(Campaign.Judged verdict) {
            cases.add(verdict);
        }

        /** The verdicts up to and including case {@code last}. */
        List<Campaign.Judged> upTo(long last) {
            return cases.stream().filter(j -> j.caseNo() <= last).toList();
        }
    }

    private static Campaign.Summary overThePty(Profile p, Set<Defect> defects, int maxBatch) throws Exception {
        return overThePty(p, defects, maxBatch, new Trace());
    }

    private static Campaign.Summary overThePty(Profile p, Set<Defect> defects, int maxBatch, Trace trace)
            throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, SEED);
        try (EmulatedStation station = new EmulatedStation(b.firmware().get(0), defects, new SeededRandomSource(SEED),
                new MonotonicClock(), new PtyLink(), 0, null, "PSU-FUZZ", new Timing(0, 0));
             WireSession wire = WireSession.open(new SerialTransport(
                     SerialTransport.PortSelector.path(station.address()), 115200, SerialTransport.Lines.BOTH_LOW),
                     Duration.ofSeconds(1));
             GuardedPowerSwitch power = LoopbackSupplies.scpi(station.psuPort(), Duration.ZERO)) {
            WireTarget t = new WireTarget(wire, p, Role.DEVICE, power, Duration.ZERO);
            return new Campaign(Scenario.forTag(p, b.identities()), t, Campaign.Settings.cases(SEED, CASES), trace)
                    .maxBatch(maxBatch).run();
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aCorrectDeviceIsJudgedAlikeBatchedOrNot(Profile p) throws Exception {
        Trace oneByOne = new Trace();
        Trace inBatches = new Trace();
        Campaign.Summary one = overThePty(p, Set.of(), 1, oneByOne);
        Campaign.Summary batched = overThePty(p, Set.of(), WireTarget.MAX_BATCH, inBatches);
        assertEquals(0, one.batches(), "maxBatch 1 sends one case at a time");
        assertEquals(0, batched.speculative(), "the reference ran ahead: no frame past the end of a run");
        assertEquals(CASES, inBatches.cases.size());
        assertEquals(oneByOne.cases, inBatches.cases, "every case judged alike");
        assertTrue(batched.batches() > 0 && batched.batchedCases() > batched.batches(),
                "the kept-state cases went in batches: " + batched.batches() + " batches, "
                        + batched.batchedCases() + " cases");
        assertEquals(List.of(), batched.findings().stream().map(Finding::headline).toList());
        assertEquals(Totals.of(one), Totals.of(batched));
    }

    static Stream<Arguments> defects() {
        return Stream.of(
                // an accepted bad frame in the middle of a batch
                Arguments.of(Profile.AMP_SEC, Defect.MIC_FIRST_BYTE_ONLY),
                Arguments.of(Profile.LORAWAN, Defect.MIC_NOT_CHECKED),
                // a state change told only by the STATUS that is the barrier of a batched frame
                Arguments.of(Profile.AMP_PROV, Defect.LEAVES_PROVISIONING_EARLY),
                // a reboot in the middle of a batch (hangs: BatchedCampaignEquivalenceTest in cli, in process,
                // where silence costs no heartbeat timeout)
                Arguments.of(Profile.AIOT_S9, Defect.CRASH_ON_TRUNCATED_FRAME));
    }

    /**
     * A defective device gives its first finding at the same case, with the same rule, batched or not: everything up
     * to it is judged alike. (After a case where the device parts from the reference, both sides have had up to six
     * frames more, which nothing judges, so later findings may come at other cases.)
     */
    @ParameterizedTest
    @MethodSource("defects")
    void aDefectiveDeviceGivesTheSameFirstFindingBatchedOrNot(Profile p, Defect d) throws Exception {
        Trace oneByOne = new Trace();
        Trace inBatches = new Trace();
        Campaign.Summary one = overThePty(p, Set.of(d), 1, oneByOne);
        Campaign.Summary batched = overThePty(p, Set.of(d), WireTarget.MAX_BATCH, inBatches);
        assertFalse(one.findings().isEmpty(), d.cliName() + " found in " + CASES + " cases");
        assertTrue(batched.batches() > 0, "batches were sent");
        assertEquals(Totals.of(one).findings().get(0), Totals.of(batched).findings().get(0));
        long first = one.findings().get(0).caseNo();
        assertEquals(oneByOne.upTo(first), inBatches.upTo(first), "every case up to the first finding judged alike");
    }
}
