package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ampbench fuzz --resume} takes the options that decide a case's frames from the journal. */
class FuzzResumeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path golden(String name) {
        return Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath().resolve("fixtures")
                .resolve("captures").resolve(name);
    }

    private static void assertUsageError(Result r, String... mentions) {
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        for (String m : mentions) {
            assertTrue(r.err().contains(m), "names " + m + ": " + r.err());
        }
    }

    @Test
    void theJournalRecordsTheCaseDecidingOptionsAndAResumeWithoutThemUsesThem(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("s.pcapng");
        Files.copy(golden("aiot-s9-tag.pcapng"), seed);
        Path out = dir.resolve("c");
        Result first = run("fuzz", "--profile", "aiot-s9", "--seed", "5", "--cases", "60", "--in-process",
                "--mic", "raw", "--seeds", seed.toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        JsonNode j = JSON.readTree(out.resolve("journal.json").toFile());
        assertEquals("raw", j.path("mic").asText());
        assertEquals(1, j.path("seeds").size());
        assertEquals(seed.toAbsolutePath().normalize().toString(), j.path("seeds").get(0).path("path").asText());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(seed)));
        assertEquals(sha, j.path("seeds").get(0).path("sha256").asText());
        assertEquals(0, j.path("defects").size());
        assertTrue(j.path("defects").isArray());

        Result again = run("fuzz", "--profile", "aiot-s9", "--cases", "90", "--resume", "--in-process", "--out",
                out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("MIC mode raw;"), "not the tag default mixed: " + again.out());
        assertTrue(again.out().contains(" of 1 capture"), "the journal's seed capture: " + again.out());
        assertTrue(again.out().contains("30 cases in "), again.out());
        // the same values given again are no conflict
        Result same = run("fuzz", "--profile", "aiot-s9", "--cases", "100", "--resume", "--in-process", "--mic",
                "raw", "--seeds", seed.toString(), "--out", out.toString());
        assertEquals(0, same.code(), same.out() + same.err());
    }

    @Test
    void aConflictingExplicitOptionIsAOneLineUsageErrorNamingBoth(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("c");
        Result first = run("fuzz", "--profile", "aiot-s9", "--seed", "5", "--cases", "40", "--in-process",
                "--mic", "fixup", "--no-seeds", "--emulator-defect", "replay-accepted", "--out", out.toString());
        assertTrue(first.code() == 0 || first.code() == 1, first.out() + first.err());
        String o = out.toString();
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process",
                "--mic", "raw", "--out", o), "--mic raw", "fixup");
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process",
                "--seeds", golden("aiot-s9-tag.pcapng").toString(), "--out", o), "aiot-s9-tag.pcapng", "--no-seeds");
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process",
                "--emulator-defect", "mic-not-checked", "--out", o), "mic-not-checked", "replay-accepted");
        // without them, the journal's: the defect is still there, so the campaign goes on finding it
        Result again = run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process", "--out", o);
        assertTrue(again.code() == 0 || again.code() == 1, again.out() + again.err());
        assertTrue(again.out().contains("with [replay-accepted]"), again.out());
        assertTrue(again.out().contains("MIC mode fixup;") && again.out().contains(" of 0 captures"), again.out());
    }

    @Test
    void aSeedCaptureChangedSinceTheCampaignStartedIsAUsageError(@TempDir Path dir) throws Exception {
        Path seed = dir.resolve("s.pcapng");
        Files.copy(golden("aiot-s9-tag.pcapng"), seed);
        Path out = dir.resolve("c");
        Result first = run("fuzz", "--profile", "aiot-s9", "--seed", "5", "--cases", "40", "--in-process",
                "--seeds", seed.toString(), "--out", out.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        Files.write(seed, new byte[] {0}, StandardOpenOption.APPEND);
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process", "--out",
                out.toString()), "s.pcapng", "changed");
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process",
                "--seeds", seed.toString(), "--out", out.toString()), "changed");
    }

    @Test
    void aJournalWithoutThemResumesWithTheDefaultsOfThen(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("c");
        Result first = run("fuzz", "--profile", "aiot-s9", "--seed", "5", "--cases", "40", "--in-process",
                "--mic", "raw", "--no-seeds", "--out", out.toString());
        assertEquals(0, first.code(), first.out() + first.err());
        Path journal = out.resolve("journal.json");
        ObjectNode j = (ObjectNode) JSON.readTree(journal.toFile());
        j.remove("mic");
        j.remove("seeds");
        j.remove("defects");
        Files.writeString(journal, JSON.writeValueAsString(j));

        Result again = run("fuzz", "--profile", "aiot-s9", "--cases", "70", "--resume", "--in-process", "--out",
                out.toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertTrue(again.out().contains("MIC mode mixed;"), "the tag default of then: " + again.out());
        assertTrue(again.out().contains(" of 2 captures"), "the golden captures: " + again.out());
        assertTrue(again.out().contains("30 cases in "), again.out());
        JsonNode k = JSON.readTree(journal.toFile());
        assertEquals("mixed", k.path("mic").asText(), "the resumed run records what it used");
        assertUsageError(run("fuzz", "--profile", "aiot-s9", "--cases", "80", "--resume", "--in-process",
                "--no-seeds", "--out", out.toString()), "--no-seeds", "aiot-s9-tag.pcapng");
    }
}
