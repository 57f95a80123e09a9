package dev.ampbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ampbench run keeps a capture of the whole run per DUT, and each test's report attaches its own. */
class RunCapturesTest {

    @Test
    void aRunWritesItsCaptureAsItGoesAndEachTestAttachesItsOwn(@TempDir Path reports) throws Exception {
        StringWriter out = new StringWriter();
        int code = Main.run(new String[] {"run", "--suite", "aiot-s9-tag", "--seed", "5", "--reports",
                reports.toString()}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        assertEquals(0, code, out.toString());
        Path run = reports.resolve("captures/emulated-aiot-s9-tag.pcapng");
        assertTrue(out.toString().contains("captures: " + reports.resolve("captures")), out.toString());
        Capture whole = PcapngReader.read(run);
        assertTrue(whole.truncatedTail().isEmpty());
        assertEquals("emulated aiot-s9 tag", whole.interfaces().get(0).name());
        List<CapturedFrame> frames = whole.ampbenchFrames();
        assertTrue(frames.size() >= 10, "the whole suite's frames: " + frames.size());
        for (CapturedFrame f : frames) {
            assertEquals(Profile.AIOT_S9, f.profile().orElseThrow());
            assertEquals(Role.DEVICE, f.dutRole().orElseThrow());
        }
        // the Allure attachments: one pcapng per test that conducted frames, each a part of the run's capture
        List<Path> attached;
        try (Stream<Path> s = Files.list(reports.resolve("allure-results"))) {
            attached = s.filter(p -> p.toString().endsWith(".pcapng")).toList();
        }
        assertFalse(attached.isEmpty(), "no test attached a capture");
        List<String> all = new ArrayList<>(frames.stream().map(f -> java.util.HexFormat.of().formatHex(f.frame()))
                .toList());
        long benchSentInTests = 0;
        for (Path p : attached) {
            Capture part = PcapngReader.read(p);
            for (CapturedFrame f : part.ampbenchFrames()) {
                assertTrue(all.remove(java.util.HexFormat.of().formatHex(f.frame())),
                        p + " holds a frame the run's capture does not");
                benchSentInTests += f.direction() == dev.ampbench.bench.report.Direction.TO_DUT ? 1 : 0;
            }
        }
        // the bench transmits only inside tests, so each frame it sent is in exactly one test's capture (a frame the
        // DUT sends between two tests is in the run's capture only)
        assertEquals(frames.stream().filter(f -> f.direction() == dev.ampbench.bench.report.Direction.TO_DUT).count(),
                benchSentInTests, "every frame the bench sent is in one test's capture");
        try (Stream<Path> s = Files.list(reports.resolve("allure-results"))) {
            assertTrue(s.filter(p -> p.toString().endsWith("-result.json")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains("application/x-pcapng");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }), "no Allure result links a pcapng attachment");
        }
    }
}
