package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.suites.Suites;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ampbench run against the built-in emulator, as a lab engineer would start it: verdicts and exit codes. */
class RunCommandTest {

    @TempDir
    Path reports;

    @Test
    void everySuitePassesAgainstTheCorrectEmulatorOverPseudoTerminals() throws Exception {
        Result r = run("run", "--seed", "1", "--reports", reports.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: conforms"), r.out());
        for (Suites.Suite s : Suites.all()) {
            assertTrue(r.out().matches("(?s).*\\n" + s.name() + "\\s+[1-9]\\d*\\s+0\\s+0\\s+0\\n.*"),
                    s.name() + " did not pass every test, or skipped some:\n" + r.out());
        }
        assertTrue(Files.isRegularFile(reports.resolve("html/index.html")), r.out());
        assertTrue(Files.readString(reports.resolve("allure-results/environment.properties")).contains("seed=1"));
    }

    @Test
    void aDefectiveEmulatorBreaksTheRuleAndExitsOne() throws Exception {
        Result r = run("run", "--suite", "aiot-s9-tag", "--emulator-defect", "mic-not-checked", "--seed", "2",
                "--reports", reports.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("AIOT-S9-R5 broken"), r.out());
        try (var results = Files.list(reports.resolve("allure-results"))) {
            assertTrue(results.filter(p -> p.getFileName().toString().endsWith("-result.json"))
                    .anyMatch(p -> read(p).contains("\"status\":\"failed\"") && read(p).contains("AIOT-S9-R5")
                            && read(p).contains("\"name\":\"device log\"")),
                    "no failed Allure result naming AIOT-S9-R5 with the device's log attached");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        for (String[] args : new String[][] {{"run", "--suite", "nope"}, {"run", "--profile", "zigbee"},
                {"run", "--emulator-defect", "gremlins"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }

    @Test
    void reportRegeneratesTheHtmlFromEarlierResultsAndNamesAMissingFolder() throws Exception {
        assertEquals(0, run("run", "--suite", "aiot-s9-gateway", "--seed", "4", "--reports", reports.toString()).code());
        try (var tree = Files.walk(reports.resolve("html"))) {
            tree.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        Result r = run("report", "--reports", reports.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(reports.resolve("html/index.html")));

        Result missing = run("report", "--reports", reports.resolve("nowhere").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("nowhere"), missing.err());
    }

    @Test
    void aDefectNoEmulatedDeviceOfTheChosenSuitesImplementsIsAUsageError(@TempDir Path dir) {
        // an aiot-s9 device keeps nothing in non-volatile memory, so torn writes change nothing
        Result r = run("run", "--profile", "aiot-s9", "--emulator-defect", "torn-nv-write", "--reports",
                dir.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("implements torn-nv-write; they implement: ") && r.err().contains("replay-accepted"),
                r.err());
    }
}
