package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;

/**
 * The replay attack of every suite ({@code recordedSessionReplayRefused}) against the emulator's replay-related
 * defects: each must fail, naming one of the rules the test checks, the frame number and which replay (same or fresh
 * session). The correct devices pass it in the suite-matrix tests' full runs.
 */
class ReplayAttackMatrixTest {
    private static final String METHOD = "recordedSessionReplayRefused";

    private static void caught(Class<?> suite, Consumer<Set<Defect>> provider, Defect defect, String... rules) {
        List<SuiteRun.Outcome> outcomes;
        provider.accept(EnumSet.of(defect));
        try {
            outcomes = SuiteRun.outcomes(suite, METHOD);
        } finally {
            provider.accept(EnumSet.noneOf(Defect.class));
        }
        assertEquals(1, outcomes.size(), outcomes.toString());
        SuiteRun.Outcome o = outcomes.get(0);
        assertEquals(TestExecutionResult.Status.FAILED, o.status(), suite.getSimpleName() + " with " + defect.cliName()
                + ": " + o);
        assertTrue(List.of(rules).stream().anyMatch(r -> o.message().startsWith(r + " broken: accepted frame #")),
                suite.getSimpleName() + " with " + defect.cliName() + " must name " + List.of(rules) + ": " + o);
        assertTrue(o.message().contains("of the recorded session replayed into the same session")
                || o.message().contains("of the recorded session replayed into a fresh session"), o.message());
        System.out.println(suite.getSimpleName() + " " + defect.cliName() + " -> " + o.message());
    }

    private static void ampSec(Set<Defect> d) {
        AmpSecEmulatorDutProvider.defects = d;
    }

    private static void ampProv(Set<Defect> d) {
        AmpProvEmulatorDutProvider.DEFECTS.set(d);
    }

    private static void aiotS9(Set<Defect> d) {
        EmulatorDutProvider.defects = d;
    }

    private static void loRaWan(Set<Defect> d) {
        LoRaWanEmulatorDutProvider.defects = d;
    }

    @Test
    void ampSec() {
        caught(AmpSecTagSuite.class, ReplayAttackMatrixTest::ampSec, Defect.REPLAY_ACCEPTED, "AMP-SEC-R10");
        caught(AmpSecGatewaySuite.class, ReplayAttackMatrixTest::ampSec, Defect.REPLAY_ACCEPTED, "AMP-SEC-R6",
                "AMP-SEC-R10");
    }

    @Test
    void ampProv() {
        caught(AmpProvTagSuite.class, ReplayAttackMatrixTest::ampProv, Defect.REPLAY_ACCEPTED, "AMP-PROV-R12");
        caught(AmpProvTagSuite.class, ReplayAttackMatrixTest::ampProv, Defect.COUNTER_RESET_ON_POWER_LOSS,
                "AMP-PROV-R12");
        caught(AmpProvGatewaySuite.class, ReplayAttackMatrixTest::ampProv, Defect.REPLAY_ACCEPTED, "AMP-PROV-R7",
                "AMP-PROV-R12");
    }

    @Test
    void aiotS9() {
        caught(AiotS9TagSuite.class, ReplayAttackMatrixTest::aiotS9, Defect.REPLAY_ACCEPTED, "AIOT-S9-R7");
    }

    @Test
    void loRaWan() {
        caught(LoRaWanTagSuite.class, ReplayAttackMatrixTest::loRaWan, Defect.REPLAY_ACCEPTED, "LORAWAN-R7",
                "LORAWAN-R10");
        caught(LoRaWanGatewaySuite.class, ReplayAttackMatrixTest::loRaWan, Defect.REPLAY_ACCEPTED, "LORAWAN-R3",
                "LORAWAN-R7");
    }
}
