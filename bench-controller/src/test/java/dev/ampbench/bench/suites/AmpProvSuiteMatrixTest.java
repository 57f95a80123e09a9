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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;

/**
 * The amp-prov tag and gateway suites against the emulator: each passes entirely on the correct device, and for
 * every defect of the catalog that the role can exhibit (docs/emulator/amp-prov.md), at least one test fails and
 * its message starts with the rule that defect breaks.
 */
class AmpProvSuiteMatrixTest {

    /** Tag defects and the rule {@link DefectRules} names for each. */
    static final List<Defect> TAG_DEFECTS = List.of(Defect.LEAVES_PROVISIONING_EARLY,
            Defect.NONCE_REUSED_AFTER_POWER_LOSS, Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY,
            Defect.COUNTER_RESET_ON_POWER_LOSS, Defect.REPLAY_ACCEPTED, Defect.ANSWERS_FOREIGN_ADDRESS,
            Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH, Defect.TORN_NV_WRITE);

    /** Gateway defects. */
    static final List<Defect> GATEWAY_DEFECTS = List.of(Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY,
            Defect.POLICY_DOWNGRADE_ACCEPTED, Defect.NONCE_NOT_FRESH, Defect.REPLAY_ACCEPTED,
            Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH);

    /**
     * Where what the gateway breaks at the wire is not the rule {@link DefectRules} names. MIC_NOT_CHECKED and
     * MIC_FIRST_BYTE_ONLY map to AMP-PROV-R3, which is the tag's rule (it accepts a provisioning downlink only with a
     * valid MIC); a gateway that does not check MICs accepts a forged PROV_CONFIRM, which breaks AMP-PROV-R7 (and a
     * forged RES_SENSOR_DATA, AMP-PROV-R11). The emulator's own test says the same (the correct gateway names R7).
     */
    private static final Map<Defect, String> GATEWAY_AT_THE_WIRE = Map.of(Defect.MIC_NOT_CHECKED, "AMP-PROV-R7",
            Defect.MIC_FIRST_BYTE_ONLY, "AMP-PROV-R7");


    private static List<SuiteRun.Outcome> runSuite(Class<?> suite, EnumSet<Defect> defects) {
        AmpProvEmulatorDutProvider.DEFECTS.set(defects);
        return SuiteRun.outcomes(suite);
    }

    private static void conforms(Class<?> suite, int tests) {
        List<SuiteRun.Outcome> outcomes = runSuite(suite, EnumSet.noneOf(Defect.class));
        assertEquals(tests, outcomes.size(), outcomes.toString());
        List<SuiteRun.Outcome> bad = outcomes.stream().filter(o -> o.status() != TestExecutionResult.Status.SUCCESSFUL)
                .toList();
        assertTrue(bad.isEmpty(), "a correct device failed: " + bad);
    }

    private static void catches(Class<?> suite, List<Defect> defects, Map<Defect, String> atTheWire) {
        Map<Defect, String> expected = new LinkedHashMap<>();
        for (Defect d : defects) {
            String named = DefectRules.rule(d, Profile.AMP_PROV).orElseThrow(
                    () -> new AssertionError(d + " has no amp-prov rule")).id();
            expected.put(d, atTheWire.getOrDefault(d, named));
        }
        // One emulator per defect, three suites at a time: the suites mostly wait for quiet air, not for the CPU.
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Map<Defect, Future<List<SuiteRun.Outcome>>> runs = new LinkedHashMap<>();
        expected.keySet().forEach(d -> runs.put(d, pool.submit(() -> runSuite(suite, EnumSet.of(d)))));
        List<String> missed = new ArrayList<>();
        try {
            for (Map.Entry<Defect, String> e : expected.entrySet()) {
                String rule = e.getValue();
                List<SuiteRun.Outcome> failed = runs.get(e.getKey()).get().stream()
                        .filter(o -> o.status() == TestExecutionResult.Status.FAILED).toList();
                if (failed.stream().noneMatch(o -> o.message().startsWith(rule + " broken"))) {
                    missed.add(e.getKey().cliName() + " (expected a failure naming " + rule + ", got "
                            + failed.stream().map(o -> o.test() + ": " + o.message())
                            .collect(Collectors.joining("; ")) + ")");
                }
            }
        } catch (InterruptedException | ExecutionException x) {
            throw new AssertionError("a suite run did not finish", x);
        } finally {
            pool.shutdownNow();
        }
        assertTrue(missed.isEmpty(), "defects the " + suite.getSimpleName() + " did not catch: " + missed);
    }

    @Test
    void theCorrectTagConforms() {
        conforms(AmpProvTagSuite.class, 18);
    }

    @Test
    void everyTagDefectFailsATestThatNamesItsRule() {
        catches(AmpProvTagSuite.class, TAG_DEFECTS, Map.of());
    }

    @Test
    void theCorrectGatewayConforms() {
        conforms(AmpProvGatewaySuite.class, 13);
    }

    @Test
    void everyGatewayDefectFailsATestThatNamesItsRule() {
        catches(AmpProvGatewaySuite.class, GATEWAY_DEFECTS, GATEWAY_AT_THE_WIRE);
    }
}
