package dev.ampbench.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The whole path with real parts: the synthetic suite runs through the real JUnit Platform Launcher with the real
 * allure-junit5 listener into a results directory, the real Allure commandline turns it into HTML, and the test
 * reads what a lab engineer would see.
 */
class ReportPipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    static Path results;
    static Path html;
    static TestExecutionSummary summary;

    @BeforeAll
    static void runSuiteAndGenerate() throws Exception {
        Redactor.global().clear();
        Redactor.global().register("PMK of tag-7", SyntheticSuite.SECRET);
        results = tmp.resolve("allure-results");
        html = tmp.resolve("html");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("seed", "1234");
        params.put("amp-sec.format", "address 6, nonce 32");
        RunEnvironment env = new RunEnvironment("0.1.0-SNAPSHOT", "emulated tag-7", "fw-2.4.1", "amp-sec", params);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        try (AllureResults open = AllureResults.open(results, env)) {
            Launcher launcher = LauncherFactory.create();
            launcher.execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(selectClass(SyntheticSuite.class))
                    .filters(EngineFilter.includeEngines("junit-jupiter"))
                    .configurationParameter(SyntheticSuite.RUN_PARAMETER, "true")
                    .build(), listener);
        }
        summary = listener.getSummary();
        ReportGenerator.fromBuild().generate(results, html);
    }

    @AfterAll
    static void forgetSecrets() {
        Redactor.global().clear();
    }

    @Test
    void suiteRanAsDesigned() {
        assertEquals(5, summary.getTestsStartedCount());
        assertEquals(1, summary.getTestsSucceededCount());
        assertEquals(4, summary.getTestsFailedCount());
    }

    @Test
    void resultsCarryStatusRuleAndEvidence() throws IOException {
        Map<String, JsonNode> byName = resultsByName();
        assertEquals(5, byName.size(), byName.keySet().toString());
        assertEquals("passed", byName.get("handshake completes").path("status").asText());
        JsonNode failed = byName.get("ANonce is fresh after a power cut");
        assertEquals("failed", failed.path("status").asText());
        assertTrue(failed.path("statusDetails").path("message").asText().startsWith("AMP-SEC-R3 violated:"));
        assertEquals("failed", byName.get("survives a malformed confirm").path("status").asText());
        JsonNode broken = byName.get("power cut mid-handshake");
        assertEquals("broken", broken.path("status").asText());
        assertTrue(broken.path("statusDetails").path("trace").asText().startsWith("dev.ampbench.bench.LabFault: "));
        JsonNode subclass = byName.get("boots after flashing");
        assertEquals("broken", subclass.path("status").asText());
        String trace = subclass.path("statusDetails").path("trace").asText();
        assertTrue(trace.startsWith("dev.ampbench.bench.report.SyntheticSuite$PortVanished: /dev/ttyUSB3"), trace);
        assertTrue(trace.endsWith("\n(lab fault: dev.ampbench.bench.LabFault)\n"), trace);

        JsonNode passed = byName.get("handshake completes");
        assertTrue(labels(passed).contains("rule=AMP-SEC-R1"), labels(passed).toString());
        assertTrue(labels(passed).contains("feature=amp-sec"), labels(passed).toString());
        assertTrue(labels(passed).contains("tag=AMP-SEC-R1"), labels(passed).toString());
        assertEquals("Checks AMP-SEC-R1: the handshake completes with fresh nonces",
                passed.path("description").asText());
        assertEquals("../../docs/protocols/amp-sec.md", passed.path("links").get(0).path("url").asText());
        List<String> params = new ArrayList<>();
        passed.path("parameters").forEach(p -> params.add(p.path("name").asText() + "=" + p.path("value").asText()));
        assertEquals(List.of("device=emulated tag-7", "firmware=fw-2.4.1", "seed=1234",
                "PMK=[REDACTED PMK of tag-7]"), params);
        JsonNode step = passed.path("steps").get(0);
        assertEquals("send trigger with key [REDACTED PMK of tag-7]", step.path("name").asText());
        List<String> attachments = new ArrayList<>();
        step.path("attachments").forEach(a -> attachments.add(a.path("name").asText()));
        // docs/protocols/amp-sec.md 4.3: Trigger is 4 + 2a + n = 48 octets with the defaults, ANonce at 16
        assertEquals(List.of("bench → DUT amp-sec Trigger (48 bytes) — fields",
                "bench → DUT amp-sec Trigger (48 bytes) — hex"), attachments);
        String table = Files.readString(results.resolve(step.path("attachments").get(0).path("source").asText()));
        assertTrue(table.contains("<td>ANonce</td><td>16</td><td>32</td><td>NONCE</td><td>5aa5"), table);
    }

    @Test
    void metadataFilesAreInTheResultsDirectory() throws IOException {
        Properties env = new Properties();
        try (var in = Files.newInputStream(results.resolve("environment.properties"))) {
            env.load(in);
        }
        assertEquals("emulated tag-7", env.getProperty("device"));
        assertEquals("fw-2.4.1", env.getProperty("firmware"));
        assertEquals("amp-sec", env.getProperty("profile"));
        assertEquals("1234", env.getProperty("seed"));
        assertEquals(Files.readString(root().resolve("reports/categories.json")),
                Files.readString(results.resolve("categories.json")),
                "categories.json in the jar and reports/categories.json must be the same file");
    }

    @Test
    void htmlReportShowsCategoriesEnvironmentAndRule() throws IOException {
        assertTrue(Files.size(html.resolve("index.html")) > 0);
        JsonNode categories = JSON.readTree(html.resolve("data/categories.json").toFile());
        Map<String, List<String>> members = new LinkedHashMap<>();
        categories.path("children").forEach(c -> {
            List<String> names = new ArrayList<>();
            // category -> failure message -> test case
            c.path("children").forEach(msg -> msg.path("children").forEach(t -> names.add(t.path("name").asText())));
            members.put(c.path("name").asText(), names);
        });
        assertEquals(Map.of(
                "Protocol violation", List.of("ANonce is fresh after a power cut"),
                "Crash or hang", List.of("survives a malformed confirm"),
                "Lab fault", List.of("boots after flashing", "power cut mid-handshake")),
                members.entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        e -> e.getValue().stream().sorted().toList())));

        Map<String, String> environment = new LinkedHashMap<>();
        JSON.readTree(html.resolve("widgets/environment.json").toFile()).forEach(e ->
                environment.put(e.path("name").asText(), e.path("values").get(0).asText()));
        assertEquals(Map.of("bench.version", "0.1.0-SNAPSHOT", "device", "emulated tag-7", "firmware", "fw-2.4.1",
                "profile", "amp-sec", "seed", "1234", "amp-sec.format", "address 6, nonce 32"), environment);

        List<String> testCases = new ArrayList<>();
        try (Stream<Path> s = Files.list(html.resolve("data/test-cases"))) {
            for (Path p : s.toList()) {
                testCases.add(Files.readString(p));
            }
        }
        assertEquals(5, testCases.size());
        assertTrue(testCases.stream().anyMatch(t -> t.contains("AMP-SEC-R3 violated")));
        assertTrue(testCases.stream().anyMatch(t -> t.contains("\"name\":\"rule\",\"value\":\"AMP-SEC-R1\"")));
        assertTrue(testCases.stream().anyMatch(t -> t.contains("— fields")));

        long tables = countFiles(html.resolve("data/attachments"), c -> c.contains("<td>ANonce</td>"));
        assertEquals(2, tables, "one field table per frame attached");
    }

    @Test
    void noSecretAnywhereInResultsOrReport() throws IOException {
        String secret = SyntheticSuite.SECRET_HEX;
        for (Path dir : List.of(results, html)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    byte[] raw = Files.readAllBytes(p);
                    String hexOfRaw = HexFormat.of().formatHex(raw);
                    assertFalse(hexOfRaw.contains(secret), "raw secret bytes in " + p);
                    String squeezed = new String(raw, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
                            .replace("0x", "").replaceAll("[\\s:,._\\-]", "");
                    assertFalse(squeezed.contains(secret), "secret as text in " + p);
                }
            }
        }
        // and it was there to be redacted: the redaction note is what the report shows instead
        assertTrue(countFiles(results, c -> c.contains("[REDACTED PMK of tag-7]")) >= 5);
    }

    @Test
    void singleFileReportIsOneSelfContainedPageWithItsName() throws Exception {
        Path out = tmp.resolve("single");
        Path index = ReportGenerator.fromBuild().withReportName("ampbench amp-sec emulated tag-7")
                .generateSingleFile(results, out);
        assertEquals(out.resolve("index.html"), index);
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(List.of("index.html"), s.map(p -> p.getFileName().toString()).toList());
        }
        String page = Files.readString(index);
        String summary = embedded(page, "widgets/summary.json");
        assertTrue(summary.contains("\"reportName\":\"ampbench amp-sec emulated tag-7\""), summary);
        assertTrue(embedded(page, "data/categories.json").contains("Protocol violation"));
    }

    /** The single-file page embeds each data file as {@code d('<path>','<base64>')}. */
    private static String embedded(String page, String path) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("'" + java.util.regex.Pattern.quote(path) + "','([A-Za-z0-9+/=]+)'").matcher(page);
        assertTrue(m.find(), "no " + path + " embedded in the page");
        return new String(java.util.Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8);
    }

    @Test
    void missingResultsDirectoryIsAConfigErrorNamingIt() throws Exception {
        Path missing = tmp.resolve("no-such-results");
        ConfigError e = assertThrows(ConfigError.class,
                () -> ReportGenerator.fromBuild().generate(missing, tmp.resolve("out-1")));
        assertEquals(missing, e.file());
        assertTrue(e.getMessage().startsWith(missing + ": "), e.getMessage());
    }

    @Test
    void foreignFilesInTheOutputFolderAreNeverDeleted() throws Exception {
        Path out = tmp.resolve("my-notes");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "keep me");
        ConfigError e = assertThrows(ConfigError.class, () -> ReportGenerator.fromBuild().generate(results, out));
        assertEquals(out, e.file());
        assertEquals("keep me", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void aFolderThatIsNoCommandlineIsAConfigError() throws Exception {
        Path fake = Files.createDirectories(tmp.resolve("not-allure/lib"));
        ConfigError e = assertThrows(ConfigError.class, () ->
                new ReportGenerator(fake.getParent(), Duration.ofSeconds(5)).generate(results, tmp.resolve("o2")));
        assertTrue(e.getMessage().contains("not an Allure commandline"), e.getMessage());
    }

    @Test
    void aGeneratorThatFailsIsALabFaultWithItsOutput() throws Exception {
        // a commandline folder whose jar holds no CommandLine class: java starts and exits with an error
        Path lib = Files.createDirectories(tmp.resolve("broken-allure/lib"));
        try (var jar = new java.util.jar.JarOutputStream(Files.newOutputStream(lib.resolve("allure-commandline-0.jar")))) {
            jar.putNextEntry(new java.util.zip.ZipEntry("README"));
            jar.write("empty".getBytes(StandardCharsets.UTF_8));
        }
        LabFault e = assertThrows(LabFault.class, () ->
                new ReportGenerator(lib.getParent(), Duration.ofSeconds(60)).generate(results, tmp.resolve("o3")));
        assertTrue(e.getMessage().startsWith("the Allure report generator exited with 1: "), e.getMessage());
        assertTrue(e.getMessage().contains("io.qameta.allure.CommandLine"), e.getMessage());
    }

    @Test
    void aGeneratorThatTakesTooLongIsStoppedAndALabFault() throws Exception {
        ReportGenerator real = ReportGenerator.fromBuild();
        LabFault e = assertThrows(LabFault.class, () ->
                new ReportGenerator(real.home(), Duration.ofMillis(50)).generate(results, tmp.resolve("o4")));
        assertTrue(e.getMessage().startsWith("the Allure report generator did not finish within"), e.getMessage());
    }

    private static Path root() {
        return Path.of(System.getProperty("ampbench.root", ".."));
    }

    private static Map<String, JsonNode> resultsByName() throws IOException {
        Map<String, JsonNode> m = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(results)) {
            for (Path p : s.filter(f -> f.getFileName().toString().endsWith("-result.json")).toList()) {
                JsonNode n = JSON.readTree(p.toFile());
                m.put(n.path("name").asText(), n);
            }
        }
        return m;
    }

    private static List<String> labels(JsonNode result) {
        List<String> l = new ArrayList<>();
        result.path("labels").forEach(x -> l.add(x.path("name").asText() + "=" + x.path("value").asText()));
        return l;
    }

    private static long countFiles(Path dir, java.util.function.Predicate<String> content) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            long n = 0;
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (content.test(new String(Files.readAllBytes(p), StandardCharsets.UTF_8))) {
                    n++;
                }
            }
            return n;
        }
    }
}
