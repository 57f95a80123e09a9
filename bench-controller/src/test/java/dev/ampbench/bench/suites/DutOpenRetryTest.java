package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.DutProviders;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.RunEnvironment;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;

/**
 * Opening a DUT is retried on a lab fault (nothing has been asked of the device yet): a bench that refuses once and
 * then answers passes its suite, and the report says the lab stumbled; a bench that never answers makes every test
 * broken, never failed, after the last attempt.
 */
class DutOpenRetryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** Refuses the first {@code failures} opens as a dead terminal server would, then opens the emulator. */
    static final class FlakyProvider implements DutProvider {
        private final DutProvider real = new EmulatorDutProvider();
        int failures;
        int calls;

        FlakyProvider(int failures) {
            this.failures = failures;
        }

        @Override
        public Optional<Dut> open(Profile profile, Role role) throws LabFault {
            calls++;
            if (failures > 0) {
                failures--;
                throw new LabFault("cannot connect to tcp://bench-7.lab:7000: Connection refused");
            }
            return real.open(profile, role);
        }
    }

    private List<SuiteRun.Outcome> run(FlakyProvider p) throws Exception {
        DutProviders.install(List.of(p));
        try (AllureResults a = AllureResults.open(dir, new RunEnvironment("test", "flaky", "fw", "aiot-s9",
                Map.of()))) {
            return SuiteRun.outcomes(AiotS9TagSuite.class);
        } finally {
            DutProviders.reset();
        }
    }

    private List<JsonNode> results() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                out.add(JSON.readTree(f.toFile()));
            }
        }
        return out;
    }

    @Test
    void aDutThatOpensOnTheSecondAttemptPassesAndEveryResultCarriesTheRetry() throws Exception {
        FlakyProvider p = new FlakyProvider(1);
        List<SuiteRun.Outcome> outcomes = run(p);
        assertEquals(2, p.calls);
        assertFalse(outcomes.isEmpty());
        for (SuiteRun.Outcome o : outcomes) {
            assertEquals(TestExecutionResult.Status.SUCCESSFUL, o.status(), o.test() + ": " + o.message());
        }
        List<JsonNode> results = results();
        assertEquals(outcomes.size(), results.size());
        for (JsonNode r : results) {
            assertEquals("passed", r.path("status").asText());
            List<String> params = new ArrayList<>();
            r.path("parameters").forEach(x -> params.add(x.path("name").asText() + "=" + x.path("value").asText()));
            assertTrue(params.contains("lab retries=1"), params.toString());
            List<String> attachments = new ArrayList<>();
            r.path("attachments").forEach(x -> attachments.add(x.path("name").asText()));
            assertTrue(attachments.contains("lab faults retried while opening the DUT"), attachments.toString());
        }
    }

    @Test
    void aBenchThatNeverAnswersBreaksEveryTestAfterTheLastAttemptAndFailsNone() throws Exception {
        FlakyProvider p = new FlakyProvider(Integer.MAX_VALUE);
        List<SuiteRun.Outcome> outcomes = run(p);
        assertEquals(3, p.calls); // once per run, not once per test
        assertFalse(outcomes.isEmpty());
        for (SuiteRun.Outcome o : outcomes) {
            assertEquals(TestExecutionResult.Status.FAILED, o.status());
            assertEquals("cannot connect to tcp://bench-7.lab:7000: Connection refused (3 attempts)", o.message());
        }
        for (JsonNode r : results()) {
            assertEquals("broken", r.path("status").asText(), r.toString());
        }
    }
}
