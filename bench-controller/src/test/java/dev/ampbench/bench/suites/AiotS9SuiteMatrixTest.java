package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.protocol.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * The aiot-s9 suites against the emulator: each passes on the correct device, and for every defect of that role at
 * least one test fails and its message names the rule that defect breaks.
 */
class AiotS9SuiteMatrixTest {

    /** The defects an aiot-s9 tag can exhibit (nonce-not-fresh is the AIoT function's). */
    static final List<Defect> TAG_DEFECTS = List.of(Defect.NONCE_REUSED_AFTER_POWER_LOSS,
            Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY, Defect.REPLAY_ACCEPTED,
            Defect.ANSWERS_FOREIGN_ADDRESS, Defect.POLICY_DOWNGRADE_ACCEPTED, Defect.CRASH_ON_TRUNCATED_FRAME,
            Defect.HANG_ON_OVERSIZED_LENGTH);

    /** The defects an aiot-s9 AIoT function can exhibit. */
    static final List<Defect> GATEWAY_DEFECTS = List.of(Defect.NONCE_NOT_FRESH, Defect.MIC_NOT_CHECKED,
            Defect.MIC_FIRST_BYTE_ONLY, Defect.POLICY_DOWNGRADE_ACCEPTED, Defect.CRASH_ON_TRUNCATED_FRAME,
            Defect.HANG_ON_OVERSIZED_LENGTH);


    private static List<SuiteRun.Outcome> runSuite(Class<?> suite, EnumSet<Defect> defects) {
        EmulatorDutProvider.defects = defects;
        return SuiteRun.outcomes(suite);
    }

    private static void conforms(Class<?> suite, int tests) {
        List<SuiteRun.Outcome> outcomes = runSuite(suite, EnumSet.noneOf(Defect.class));
        assertEquals(tests, outcomes.size(), outcomes.toString());
        List<SuiteRun.Outcome> bad = outcomes.stream().filter(o -> o.status() != TestExecutionResult.Status.SUCCESSFUL).toList();
        assertTrue(bad.isEmpty(), "a correct device failed: " + bad);
    }

    @Test
    void theCorrectTagConforms() {
        conforms(AiotS9TagSuite.class, 11);
    }

    @Test
    void theCorrectGatewayConforms() {
        conforms(AiotS9GatewaySuite.class, 8);
    }

    @Test
    void everyTagDefectFailsATestThatNamesItsRule() {
        everyDefectCaught(AiotS9TagSuite.class, TAG_DEFECTS);
    }

    @Test
    void everyGatewayDefectFailsATestThatNamesItsRule() {
        everyDefectCaught(AiotS9GatewaySuite.class, GATEWAY_DEFECTS);
    }

    private static void everyDefectCaught(Class<?> suite, List<Defect> defects) {
        assertTrue(defects.stream().allMatch(d -> DefectRules.rule(d, Profile.AIOT_S9).isPresent()));
        List<String> missed = new ArrayList<>();
        for (Defect d : defects) {
            String rule = DefectRules.rule(d, Profile.AIOT_S9).orElseThrow().id();
            List<SuiteRun.Outcome> outcomes = runSuite(suite, EnumSet.of(d));
            List<SuiteRun.Outcome> failed = outcomes.stream()
                    .filter(o -> o.status() == TestExecutionResult.Status.FAILED).toList();
            if (failed.stream().noneMatch(o -> o.message().startsWith(rule + " broken"))) {
                missed.add(d.cliName() + " (expected a failure naming " + rule + ", got "
                        + failed.stream().map(o -> o.test() + ": " + o.message()).collect(Collectors.joining("; "))
                        + ")");
            }
        }
        assertTrue(missed.isEmpty(), "defects the suite did not catch: " + missed);
    }
}
