package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ampbench powercut against the built-in emulator over real pseudo-terminals and SCPI supplies: verdicts, exit
 * codes, the JSON-lines results file and the Allure results.
 */
class PowercutCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path reports;

    private List<JsonNode> lines() throws IOException {
        return Files.readAllLines(reports.resolve("powercut-results.jsonl")).stream().map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + l, e);
            }
        }).toList();
    }

    @Test
    void aCorrectDevicePassesEveryStepAndItsNonceCycles() throws Exception {
        Result r = run("powercut", "--profile", "lorawan", "--role", "tag", "--cycles", "30", "--seed", "4",
                "--reports", reports.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: every rule held"), r.out());
        assertTrue(r.out().matches("(?s).*\\nlorawan tag\\s+\\d+\\s+\\d+\\s+0\\s+0\\s+0\\s.*"), r.out());
        List<JsonNode> lines = lines();
        List<JsonNode> steps = lines.stream().filter(n -> n.get("kind").asText().equals("step")).toList();
        assertTrue(steps.stream().allMatch(n -> n.get("verdict").asText().equals("PASSED")), steps.toString());
        assertTrue(steps.stream().anyMatch(n -> n.get("step").asText().startsWith("NV write 1 (lorawan.devnonce")),
                "no NV-write step");
        assertTrue(steps.stream().anyMatch(n -> n.get("step").asText().contains("mid, after octet")), "no mid-frame");
        assertTrue(steps.stream().anyMatch(n -> n.get("step").asText().equals("30 plain power cycles, each followed "
                + "by the exchange")), "no nonce cycles");
        assertTrue(steps.stream().filter(n -> n.has("trigger") && !n.get("trigger").asText().isEmpty())
                .allMatch(n -> n.has("delay_us")), "a cut without its event-to-switch delay");
        JsonNode summary = lines.get(lines.size() - 1);
        assertEquals("summary", summary.get("kind").asText());
        assertTrue(summary.get("nonces").asInt() >= 30, summary.toString());
        assertEquals(summary.get("nonces").asInt(), summary.get("distinct_nonces").asInt());
        assertTrue(summary.get("delay_min_us").asDouble() <= summary.get("delay_median_us").asDouble());
        assertTrue(summary.get("delay_median_us").asDouble() <= summary.get("delay_max_us").asDouble());
        try (var results = Files.list(reports.resolve("allure-results"))) {
            assertEquals(steps.size(), results.filter(p -> p.getFileName().toString().endsWith("-result.json"))
                    .count(), "one Allure result per step");
        }
    }

    @Test
    void aReusedNonceFailsWithItsRuleAndStepAndExitsOne() throws Exception {
        Result r = run("powercut", "--profile", "aiot-s9", "--role", "tag", "--cycles", "5", "--seed", "4",
                "--emulator-defect", "nonce-reused-after-power-loss", "--reports", reports.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("FAILED AIOT-S9-R4 broken at aiot-s9 tag, cycle 1, frame 1 (bench->DUT Paging, "
                + "26 octets): before (instead of AIR_INJECT): DeviceNonce "), r.out());
        assertTrue(r.out().contains("repeated: first in cycle 0 (discovery run), again in cycle 1"), r.out());
        JsonNode failed = lines().stream().filter(n -> n.get("verdict") != null
                && n.get("verdict").asText().equals("FAILED")).findFirst().orElseThrow();
        assertEquals("AIOT-S9-R4", failed.get("rule").asText());
        assertEquals(1, failed.get("cycle").asInt());
        try (var results = Files.list(reports.resolve("allure-results"))) {
            assertTrue(results.filter(p -> p.getFileName().toString().endsWith("-result.json")).map(p -> read(p))
                    .anyMatch(j -> j.contains("\"status\":\"failed\"") && j.contains("\"name\":\"rule\",\"value\":"
                            + "\"AIOT-S9-R4\"") && j.contains("cycle 1, frame 1 (bench->DUT Paging")),
                    "no failed Allure result with the rule label and the exact step");
        }
    }

    @Test
    void pairsRunSideBySideAndAreReportedInTheirOrder() throws Exception {
        // Both aiot-s9 pairs at once, the tag with a defect: each pair is its own emulated device, so the tag's
        // failure stays the tag's, the gateway still passes, and the table lists the pairs in plan order whichever
        // finished first.
        Result r = run("powercut", "--profile", "aiot-s9", "--cycles", "3", "--seed", "4", "--parallel", "2",
                "--emulator-defect", "nonce-reused-after-power-loss", "--reports", reports.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        int tag = r.out().indexOf("\naiot-s9 tag ");
        int gateway = r.out().indexOf("\naiot-s9 gateway ");
        assertTrue(tag > 0 && gateway > tag, r.out());
        assertTrue(r.out().matches("(?s).*\\naiot-s9 gateway\\s+(\\d+)\\s+\\1\\s+0\\s+0\\s+0\\s.*"), r.out());
        List<JsonNode> lines = lines();
        List<JsonNode> failed = lines.stream().filter(n -> n.has("verdict")
                && n.get("verdict").asText().equals("FAILED")).toList();
        assertFalse(failed.isEmpty(), r.out());
        assertTrue(failed.stream().allMatch(n -> n.get("rule").asText().equals("AIOT-S9-R4")
                && n.get("role").asText().equals("tag")), failed.toString());
        assertEquals(2, lines.stream().filter(n -> n.get("kind").asText().equals("summary")).count());
        long steps = lines.stream().filter(n -> n.get("kind").asText().equals("step")).count();
        try (var results = Files.list(reports.resolve("allure-results"))) {
            assertEquals(steps, results.filter(p -> p.getFileName().toString().endsWith("-result.json")).count(),
                    "one Allure result per step of either pair");
        }
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"powercut", "--profile", "zigbee"},
                new String[] {"powercut", "--inventory", "lab.yaml"},
                new String[] {"powercut", "--role", "router"},
                new String[] {"powercut", "--cycles", "-1"},
                new String[] {"powercut", "--parallel", "0"},
                new String[] {"powercut", "--emulator-defect", "no-such-defect"},
                new String[] {"powercut", "--dut", "x"})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args) + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertFalse(r.err().contains("Exception"), r.err());
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aDefectNoEmulatedDeviceOfThePlansImplementsIsAUsageError(@TempDir Path dir) {
        Result r = run("powercut", "--profile", "aiot-s9", "--role", "tag", "--emulator-defect",
                "leaves-provisioning-early", "--reports", dir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("(aiot-s9 tag) implements leaves-provisioning-early;"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }
}
