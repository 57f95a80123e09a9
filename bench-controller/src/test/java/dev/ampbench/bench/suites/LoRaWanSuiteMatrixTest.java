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
 * The lorawan suites against the emulator: each passes on the correct device, and for every defect its role can
 * have, at least one test fails and its message starts with the rule that defect breaks.
 */
class LoRaWanSuiteMatrixTest {

    /** The defects a lorawan tag can exhibit (docs/emulator/lorawan.md), with the rule a failing test must name. */
    static final Map<Defect, String> TAG_DEFECTS = new LinkedHashMap<>();

    static {
        for (Defect d : List.of(Defect.NONCE_REUSED_AFTER_POWER_LOSS, Defect.COUNTER_RESET_ON_POWER_LOSS,
                Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY, Defect.REPLAY_ACCEPTED,
                Defect.KEYS_KEPT_ACROSS_POWER_LOSS, Defect.ANSWERS_FOREIGN_ADDRESS, Defect.CRASH_ON_TRUNCATED_FRAME,
                Defect.HANG_ON_OVERSIZED_LENGTH, Defect.TORN_NV_WRITE)) {
            TAG_DEFECTS.put(d, DefectRules.rule(d, Profile.LORAWAN).orElseThrow().id());
        }
    }

    /**
     * The defects a lorawan gateway can exhibit, with the rule a failing test must name. A torn NV write is
     * documented as LORAWAN-R2 (the device's DevNonce record); on a gateway the record it tears is the Join
     * Server's last DevNonce, whose loss the bench sees as LORAWAN-R3 (the Join Server refuses fresh DevNonces).
     */
    static final Map<Defect, String> GATEWAY_DEFECTS = new LinkedHashMap<>();

    static {
        for (Defect d : List.of(Defect.NONCE_NOT_FRESH, Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY,
                Defect.REPLAY_ACCEPTED, Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH)) {
            GATEWAY_DEFECTS.put(d, DefectRules.rule(d, Profile.LORAWAN).orElseThrow().id());
        }
        GATEWAY_DEFECTS.put(Defect.TORN_NV_WRITE, "LORAWAN-R3");
    }


    static List<SuiteRun.Outcome> runSuite(Class<?> suite, EnumSet<Defect> defects) {
        LoRaWanEmulatorDutProvider.defects = defects;
        return SuiteRun.outcomes(suite);
    }

    private static List<SuiteRun.Outcome> notSuccessful(List<SuiteRun.Outcome> outcomes) {
        return outcomes.stream().filter(o -> o.status() != TestExecutionResult.Status.SUCCESSFUL).toList();
    }

    static List<String> missed(Class<?> suite, Map<Defect, String> defects) {
        List<String> missed = new ArrayList<>();
        for (Map.Entry<Defect, String> d : defects.entrySet()) {
            List<SuiteRun.Outcome> failed = runSuite(suite, EnumSet.of(d.getKey())).stream()
                    .filter(o -> o.status() == TestExecutionResult.Status.FAILED).toList();
            if (failed.stream().noneMatch(o -> o.message().startsWith(d.getValue() + " broken"))) {
                missed.add(d.getKey().cliName() + " (expected a failure naming " + d.getValue() + ", got "
                        + failed.stream().map(o -> o.test() + ": " + o.message()).collect(Collectors.joining("; "))
                        + ")");
            }
        }
        return missed;
    }

    @Test
    void aCorrect11TagConforms() {
        LoRaWanEmulatorDutProvider.tagIndex = 1;
        List<SuiteRun.Outcome> outcomes = runSuite(LoRaWanTagSuite.class, EnumSet.noneOf(Defect.class));
        assertEquals(20, outcomes.size(), outcomes.toString());
        assertTrue(notSuccessful(outcomes).isEmpty(), "a correct 1.1 tag failed: " + notSuccessful(outcomes));
    }

    @Test
    void aCorrect104TagConformsAndSkipsOnlyThe11Rules() {
        LoRaWanEmulatorDutProvider.tagIndex = 0;
        try {
            List<SuiteRun.Outcome> outcomes = runSuite(LoRaWanTagSuite.class, EnumSet.noneOf(Defect.class));
            List<SuiteRun.Outcome> bad = notSuccessful(outcomes);
            assertTrue(bad.stream().allMatch(o -> o.status() == TestExecutionResult.Status.ABORTED
                    && o.message().contains("applies to 1.1")), "a correct 1.0.4 tag failed: " + bad);
            assertEquals(3, bad.size(), bad.toString());
        } finally {
            LoRaWanEmulatorDutProvider.tagIndex = 1;
        }
    }

    @Test
    void aCorrectGatewayConforms() {
        List<SuiteRun.Outcome> outcomes = runSuite(LoRaWanGatewaySuite.class, EnumSet.noneOf(Defect.class));
        assertEquals(15, outcomes.size(), outcomes.toString());
        assertTrue(notSuccessful(outcomes).isEmpty(), "a correct gateway failed: " + notSuccessful(outcomes));
    }

    @Test
    void everyGatewayDefectFailsATestThatNamesItsRule() {
        assertEquals("LORAWAN-R2", DefectRules.rule(Defect.TORN_NV_WRITE, Profile.LORAWAN).orElseThrow().id());
        List<String> missed = missed(LoRaWanGatewaySuite.class, GATEWAY_DEFECTS);
        assertTrue(missed.isEmpty(), "gateway defects the suite did not catch: " + missed);
    }

    @Test
    void everyTagDefectFailsATestThatNamesItsRule() {
        LoRaWanEmulatorDutProvider.tagIndex = 1;
        List<String> missed = missed(LoRaWanTagSuite.class, TAG_DEFECTS);
        assertTrue(missed.isEmpty(), "tag defects the suite did not catch: " + missed);
    }
}
