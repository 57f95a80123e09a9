package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.protocol.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * The amp-sec tag and gateway suites against the emulator: each passes entirely on the correct device, and for every
 * defect of the catalog that applies to its role at least one test fails with a message that starts with the rule
 * the defect breaks.
 */
class AmpSecSuiteMatrixTest {

    /** The defects an amp-sec tag can exhibit (nonce-not-fresh is the AP's). */
    static final List<Defect> TAG_DEFECTS = List.of(Defect.NONCE_REUSED_AFTER_POWER_LOSS,
            Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY, Defect.REPLAY_ACCEPTED,
            Defect.KEYS_KEPT_ACROSS_POWER_LOSS, Defect.ANSWERS_FOREIGN_ADDRESS, Defect.COUNTER_RESET_ON_POWER_LOSS,
            Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH, Defect.TORN_NV_WRITE);

    /** The defects an amp-sec gateway can exhibit (docs/emulator/amp-sec.md: the AP writes no NV). */
    static final List<Defect> GATEWAY_DEFECTS = List.of(Defect.NONCE_NOT_FRESH, Defect.MIC_NOT_CHECKED,
            Defect.MIC_FIRST_BYTE_ONLY, Defect.REPLAY_ACCEPTED, Defect.CRASH_ON_TRUNCATED_FRAME,
            Defect.HANG_ON_OVERSIZED_LENGTH);


    private static List<SuiteRun.Outcome> runSuite(Class<?> suite, EnumSet<Defect> defects) {
        AmpSecEmulatorDutProvider.defects = defects;
        return SuiteRun.outcomes(suite);
    }

    /**
     * The rule a failure must name for {@code d}. DefectRules names AMP-SEC-R12 for torn-nv-write, but the PMK
     * record's own CRC contains a torn PMK commit (the tag comes back at generation g, which the AP accepts by R13:
     * nothing at the air breaks R12); what a torn in-place write does break at the wire is the boot counter,
     * WIRE-R12 (docs/emulator/amp-sec.md, "torn-nv-write").
     */
    private static String observableRule(Defect d) {
        return d == Defect.TORN_NV_WRITE ? "WIRE-R12" : DefectRules.rule(d, Profile.AMP_SEC).orElseThrow().id();
    }

    private static void conforms(Class<?> suite, int tests) {
        List<SuiteRun.Outcome> outcomes = runSuite(suite, EnumSet.noneOf(Defect.class));
        assertEquals(tests, outcomes.size(), outcomes.toString());
        List<SuiteRun.Outcome> bad = outcomes.stream().filter(o -> o.status() != TestExecutionResult.Status.SUCCESSFUL).toList();
        assertTrue(bad.isEmpty(), "a correct device did not pass: " + bad);
    }

    private static void everyDefectCaught(Class<?> suite, List<Defect> defects) {
        assertTrue(defects.stream().allMatch(d -> DefectRules.rule(d, Profile.AMP_SEC).isPresent()));
        List<String> missed = new ArrayList<>();
        Map<String, String> table = new LinkedHashMap<>();
        for (Defect d : defects) {
            String rule = observableRule(d);
            List<SuiteRun.Outcome> failed = runSuite(suite, EnumSet.of(d)).stream()
                    .filter(o -> o.status() == TestExecutionResult.Status.FAILED).toList();
            List<SuiteRun.Outcome> naming = failed.stream().filter(o -> o.message().startsWith(rule + " broken")).toList();
            table.put(d.cliName(), naming.stream().map(SuiteRun.Outcome::test).collect(Collectors.joining(" | "))
                    + failed.stream().filter(o -> !naming.contains(o))
                    .map(o -> " [also failed: " + o.test() + ": " + o.message() + "]").collect(Collectors.joining()));
            if (naming.isEmpty()) {
                missed.add(d.cliName() + " (expected a failure naming " + rule + ", got "
                        + failed.stream().map(o -> o.test() + ": " + o.message()).collect(Collectors.joining("; "))
                        + ")");
            }
        }
        table.forEach((d, tests) -> System.out.println(suite.getSimpleName() + " " + d + " -> " + tests));
        assertTrue(missed.isEmpty(), "defects the suite did not catch: " + missed);
    }

    @Test
    void theCorrectTagConforms() {
        conforms(AmpSecTagSuite.class, 20);
    }

    @Test
    void theCorrectGatewayConforms() {
        conforms(AmpSecGatewaySuite.class, 19);
    }

    @Test
    void everyTagDefectFailsATestThatNamesItsRule() {
        everyDefectCaught(AmpSecTagSuite.class, TAG_DEFECTS);
    }

    @Test
    void everyGatewayDefectFailsATestThatNamesItsRule() {
        everyDefectCaught(AmpSecGatewaySuite.class, GATEWAY_DEFECTS);
    }
}
