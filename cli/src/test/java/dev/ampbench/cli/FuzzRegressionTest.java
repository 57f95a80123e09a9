package dev.ampbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every reproducer kept in {@code fixtures/fuzz/}: its case, run again with the options that selected the
 * device, must break the same rule again; the same case against the correct emulator must find nothing (so the
 * regression can fail both ways).
 */
class FuzzRegressionTest {

    private static Path fixtures() {
        return Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath().resolve("fixtures").resolve("fuzz");
    }

    private static String[] args(String replay, String... extra) {
        List<String> a = new ArrayList<>(Arrays.asList(replay.substring("ampbench ".length()).split(" ")));
        a.addAll(Arrays.asList(extra));
        return a.toArray(String[]::new);
    }

    private static String run(int expected, String[] args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(expected, code, String.join(" ", args) + "\n" + out + err);
        return out.toString();
    }

    @TestFactory
    List<DynamicTest> everyKeptReproducerStillReproduces() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(fixtures())) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no reproducer in " + fixtures());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                JsonNode n = new ObjectMapper().readTree(f.toFile());
                assertEquals("ampbench-fuzz-reproducer/1", n.path("format").asText());
                String replay = n.path("replay").asText();
                String rule = n.path("rule").asText();
                Path tmp = Files.createTempDirectory("fuzz-regression");
                String again = run(Main.RULE_BROKEN, args(replay, "--out", tmp.resolve("defective").toString()));
                assertTrue(again.contains("FINDING " + rule + ": " + n.path("oracle").asText()), again);
                assertTrue(again.contains("lead-in: "), again); // the cases from the last anchor before it
                String targetArgs = n.path("targetArgs").asText();
                String fixed = replay.replace(" " + targetArgs, "");
                assertFalse(targetArgs.isEmpty() || fixed.equals(replay), "the reproducer names its defect");
                String clean = run(Main.OK, args(fixed, "--out", tmp.resolve("fixed").toString()));
                assertTrue(clean.contains("no finding"), clean);
            }));
        }
        return tests;
    }
}
