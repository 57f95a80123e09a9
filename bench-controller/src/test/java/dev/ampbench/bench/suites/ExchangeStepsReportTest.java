package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.report.RunEnvironment;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.codec.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What a conformance test's Allure result looks like with real parts: the amp-sec tag suite's tests run through the
 * JUnit Platform Launcher and allure-junit5 against an emulated tag on a pseudo-terminal, and this test reads the
 * result JSON: a step per exchange named for what happened, that exchange's frames attached inside it, the seed
 * among the parameters, the profile parameters in environment.properties, a failed verdict pinned to the exchange
 * it was drawn from, and a registered secret (the tag's address) redacted inside the steps' attachments.
 */
class ExchangeStepsReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = AmpSecTagSuite.class.getName();
    private static final String DUT = "dev.ampbench.bench.conductor.Dut";

    @TempDir
    static Path tmp;
    static Path correct;
    static Path defective;
    static String saHex;

    @BeforeAll
    static void runTwoTests() throws Exception {
        Redactor.global().clear();
        byte[] sa = AmpSecEmulatorDutProvider.IDENTITIES.get(0).sa();
        saHex = Hex.encode(sa);
        Redactor.global().register("tag SA", sa);
        correct = run("correct", EnumSet.noneOf(Defect.class), "handshakeAndDataBothWays", "foreignTriggersIgnored");
        defective = run("mic-not-checked", EnumSet.of(Defect.MIC_NOT_CHECKED), "corruptedConfirmRefused");
    }

    @AfterAll
    static void forgetSecrets() {
        Redactor.global().clear();
        AmpSecEmulatorDutProvider.defects = EnumSet.noneOf(Defect.class);
    }

    private static Path run(String name, EnumSet<Defect> defects, String... methods) throws Exception {
        Path dir = tmp.resolve(name);
        AmpSecEmulatorDutProvider.defects = defects;
        try (AllureResults open = AllureResults.open(dir, new RunEnvironment("test", "emulated amp-sec tag",
                "emulator", "amp-sec", Map.of("seed", "1234")))) {
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(Stream.of(methods).map(m -> selectMethod(SUITE + "#" + m + "(" + DUT + ")")).toList())
                    .build());
        }
        return dir;
    }

    @Test
    void eachExchangeIsAStepNamedForWhatHappenedWithItsFramesInside() throws IOException {
        JsonNode result = result(correct, "completes Trigger, Response and Confirm, and exchanges data both ways");
        assertEquals("passed", result.path("status").asText());
        List<JsonNode> steps = new ArrayList<>();
        result.path("steps").forEach(steps::add);
        // the conducted handshake; the Trigger's 12-octet DlData delivered; DownlinkData of 10 and 11 octets, each
        // delivered; two ACTION send, each answered by an UplinkData (AmpSecTagSuite.handshakeAndDataBothWays)
        assertEquals(List.of(
                "bench -> DUT Trigger, DUT -> bench Response, bench -> DUT Confirm, DUT: ESTABLISHED, bench: ESTABLISHED",
                "DUT log: delivered 12 octets of application data",
                "bench -> DUT DownlinkData, DUT log: delivered 10 octets of application data",
                "bench -> DUT DownlinkData, DUT log: delivered 11 octets of application data",
                "bench -> DUT ACTION send, DUT -> bench UplinkData",
                "bench -> DUT ACTION send, DUT -> bench UplinkData"),
                steps.stream().map(s -> s.path("name").asText()).toList(), names(steps).toString());
        for (JsonNode s : steps) {
            assertEquals("passed", s.path("status").asText(), s.path("name").asText());
        }
        JsonNode handshake = steps.get(0);
        List<String> attachments = new ArrayList<>();
        handshake.path("attachments").forEach(a -> attachments.add(a.path("name").asText()));
        assertEquals(6, attachments.size(), attachments.toString());
        assertTrue(attachments.get(0).startsWith("bench → DUT amp-sec frame ("), attachments.toString());
        assertTrue(attachments.get(0).endsWith(" — fields"), attachments.toString());
        assertTrue(attachments.get(1).endsWith(" — hex"), attachments.toString());
        assertTrue(attachments.get(2).startsWith("DUT → bench amp-sec frame ("), attachments.toString());
        assertTrue(attachments.get(4).startsWith("bench → DUT amp-sec frame ("), attachments.toString());
        // no frame is left at the test's own level: only the device's log and the test's capture are
        result.path("attachments").forEach(a -> assertTrue(a.path("name").asText().equals("device log")
                || a.path("name").asText().startsWith("capture (pcapng, "), a.path("name").asText()));
    }

    @Test
    void aWaitInVainEndsTheExchangeAsTheDevicesSilence() throws IOException {
        JsonNode result = result(correct, "ignores Triggers from another AP and paged to another STA");
        assertEquals("passed", result.path("status").asText());
        List<String> names = new ArrayList<>();
        result.path("steps").forEach(s -> names.add(s.path("name").asText()));
        // AmpSecTagSuite.foreignTriggersIgnored: two Triggers the tag must ignore, each followed by a wait of the
        // conductor's quiet time (300 ms)
        assertEquals(List.of("bench -> DUT Trigger, DUT: no reply in 300 ms",
                "bench -> DUT Trigger, DUT: no reply in 300 ms"), names);
    }

    @Test
    void theSeedIsATestParameterBesideDeviceAndFirmware() throws IOException {
        JsonNode result = result(correct, "completes Trigger, Response and Confirm, and exchanges data both ways");
        List<String> params = new ArrayList<>();
        result.path("parameters").forEach(p -> params.add(p.path("name").asText() + "="
                + p.path("value").asText()));
        assertEquals("device=emulated-amp-sec-tag", params.get(0));
        assertTrue(params.get(1).startsWith("firmware="), params.toString());
        assertEquals("seed=" + AmpSecEmulatorDutProvider.SEED, params.get(2));
    }

    @Test
    void profileParametersAreInTheEnvironment() throws IOException {
        Properties env = new Properties();
        try (var in = Files.newInputStream(correct.resolve("environment.properties"))) {
            env.load(in);
        }
        assertEquals("1234", env.getProperty("seed"));
        assertEquals("cmac_kdf_sha256", env.getProperty("amp-sec.tag.akm"));
        assertEquals("6", env.getProperty("amp-sec.tag.address-length"));
        assertEquals("32", env.getProperty("amp-sec.tag.nonce-length"));
        assertEquals("1.0", env.getProperty("amp-sec.tag.wire-version"));
    }

    @Test
    void aFailedVerdictIsPinnedToTheExchangeItWasDrawnFrom() throws IOException {
        JsonNode result = onlyResult(defective);
        assertEquals("failed", result.path("status").asText());
        String verdict = result.path("statusDetails").path("message").asText();
        assertTrue(verdict.startsWith("AMP-SEC-R7 broken"), verdict);
        List<JsonNode> steps = new ArrayList<>();
        result.path("steps").forEach(steps::add);
        List<JsonNode> failed = steps.stream().filter(s -> s.path("status").asText().equals("failed")).toList();
        assertEquals(1, failed.size(), names(steps).toString());
        JsonNode step = failed.get(0);
        assertEquals("bench -> DUT Confirm, DUT: ESTABLISHED", step.path("name").asText());
        assertEquals(verdict, step.path("statusDetails").path("message").asText());
        assertEquals(step, steps.get(steps.size() - 1), "the verdict's exchange is the last one the test ran");
    }

    @Test
    void registeredSecretsAreRedactedInsideSteps() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(correct)) {
            files = s.toList();
        }
        int redactedTables = 0;
        for (Path f : files) {
            if (f.getFileName().toString().endsWith(".pcapng")) {
                continue; // a capture holds the air frames as they were on the air (docs/captures.md)
            }
            String text = Files.readString(f);
            assertFalse(text.toLowerCase().contains(saHex.toLowerCase()), f + " shows the tag's SA");
            if (f.getFileName().toString().endsWith(".html") && text.contains("[REDACTED tag SA]")) {
                redactedTables++;
            }
        }
        assertTrue(redactedTables > 0, "no frame table showed the SA redacted");
    }

    private static List<String> names(List<JsonNode> steps) {
        return steps.stream().map(s -> s.path("name").asText() + " [" + s.path("status").asText() + "]").toList();
    }

    private static JsonNode result(Path dir, String name) throws IOException {
        List<Path> results;
        try (Stream<Path> s = Files.list(dir)) {
            results = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        for (Path p : results) {
            JsonNode n = JSON.readTree(p.toFile());
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no result named '" + name + "' in " + dir);
    }

    private static JsonNode onlyResult(Path dir) throws IOException {
        List<Path> results;
        try (Stream<Path> s = Files.list(dir)) {
            results = s.filter(p -> p.getFileName().toString().endsWith("-result.json")).toList();
        }
        assertEquals(1, results.size(), results.toString());
        return JSON.readTree(results.get(0).toFile());
    }
}
