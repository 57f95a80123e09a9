package dev.ampbench.cli;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.ampbench.bench.capture.Captures;
import dev.ampbench.bench.conductor.DutProviders;
import dev.ampbench.bench.conductor.InventoryDutProvider;
import dev.ampbench.bench.inventory.TransportSpec;
import dev.ampbench.bench.suites.Suites;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.ReportGenerator;
import dev.ampbench.bench.report.RunEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench run}: the conformance suites against a device, by default every suite of every profile against the
 * built-in emulator. Exit 0 when the device conforms, 1 when it breaks a rule, 2 on a usage error, 3 on a lab fault
 * (a confirmed rule violation wins over a lab fault elsewhere in the run).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Runs the conformance suites against a device (default: every suite, built-in emulator).")
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "P", description = "only this profile's suites (repeatable)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--suite", paramLabel = "S", description = "only this suite, e.g. aiot-s9-tag (repeatable)")
    List<String> suites = new ArrayList<>();

    @Option(names = "--emulator-defect", paramLabel = "NAME",
            description = "run against the built-in emulator with this defect (repeatable); see emulate --list-defects")
    List<String> defects = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "the emulator's identities and randomness (default: "
            + "random, printed)")
    Long seed;

    @Mixin
    LabDuts labDut;

    @Option(names = "--reports", paramLabel = "DIR", description = "where allure-results/, html/ and captures/ go "
            + "(default: reports/ of the checkout)")
    Path reports;

    private enum Verdict { PASSED, FAILED, BROKEN, SKIPPED }

    private record Result(String suite, String test, Verdict verdict, String message) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Set<Defect> defectSet = EmulatorDefects.parse(defects);
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        BuiltInEmulator emulator = new BuiltInEmulator(s, defectSet);
        InventoryDutProvider lab = labDut(emulator);
        boolean labEmulator = lab != null && lab.describes().transport() instanceof TransportSpec.Emulator;
        List<Suites.Suite> chosen = choose().stream().filter(x -> lab == null
                || lab.describes().role() == x.role() && lab.describes().profiles().contains(x.profile())).toList();
        if (chosen.isEmpty()) {
            throw new Main.UserError("no suite applies to DUT " + labDut.dutName + " (" + lab.describes().profiles() + " "
                    + lab.describes().role().cliName() + ") with the --profile/--suite given");
        }
        if (lab != null && !labEmulator && !defectSet.isEmpty()) {
            throw new Main.UserError("--emulator-defect applies to the built-in emulator, not to DUT " + labDut.dutName);
        }
        EmulatorDefects.requireSomeImplements(defectSet, chosen.stream()
                .map(x -> Map.entry(x.profile(), x.role())).toList());
        out.println("ampbench run: " + chosen.size() + " suite(s) against "
                + (lab != null ? "DUT " + labDut.dutName : "the built-in emulator")
                + (defectSet.isEmpty() ? "" : " with " + defects) + ", seed " + s);
        out.flush();

        Path reportsDir = reports != null ? reports.toAbsolutePath()
                : Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath().resolve("reports");
        Path resultsDir = reportsDir.resolve("allure-results");
        Path htmlDir = reportsDir.resolve("html");
        clearResults(resultsDir);
        RunEnvironment env = new RunEnvironment(benchVersion(), lab != null ? labDut.dutName : "built-in emulator",
                lab != null ? lab.describes().firmware() : WIRE_EMULATOR_FIRMWARE,
                chosen.stream().map(x -> x.profile().id()).distinct().collect(Collectors.joining(",")),
                Map.of("seed", Long.toString(s), "defects", defectSet.isEmpty() ? "none"
                        : defectSet.stream().map(Defect::cliName).sorted().collect(Collectors.joining(","))));
        AllureResults allure;
        try {
            allure = AllureResults.open(resultsDir, env);
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        }

        Path capturesDir = reportsDir.resolve("captures");
        clearResults(capturesDir);
        Captures.install(capturesDir);
        DutProviders.install(List.of(lab != null ? lab : emulator));
        Map<String, String> suiteOf = new LinkedHashMap<>();
        List<ClassSelector> selectors = new ArrayList<>();
        for (Suites.Suite suite : chosen) {
            selectors.add(selectClass(suite.type()));
            suiteOf.put(suite.type().getName(), suite.name());
        }
        List<Result> results = new ArrayList<>();
        boolean terminal = System.console() != null;
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
        try {
            LauncherFactory.create().execute(request, new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                    if (!id.isTest()) {
                        return;
                    }
                    Verdict v = switch (r.getStatus()) {
                        case SUCCESSFUL -> Verdict.PASSED;
                        case FAILED -> r.getThrowable().filter(t -> t instanceof AssertionError).isPresent()
                                ? Verdict.FAILED : Verdict.BROKEN;
                        case ABORTED -> Verdict.SKIPPED;
                    };
                    String suite = suiteName(id, suiteOf);
                    Result res = new Result(suite, id.getDisplayName(), v,
                            r.getThrowable().map(Throwable::getMessage).orElse(""));
                    synchronized (results) {
                        results.add(res);
                    }
                    if (terminal) {
                        out.printf("  %-7s %s: %s%n", v, suite, id.getDisplayName());
                        out.flush();
                    }
                }

                @Override
                public void executionSkipped(TestIdentifier id, String reason) {
                    if (id.isTest()) {
                        synchronized (results) {
                            results.add(new Result(suiteName(id, suiteOf), id.getDisplayName(), Verdict.SKIPPED,
                                    reason));
                        }
                    }
                }
            });
        } finally {
            DutProviders.reset();
            Captures.reset();
            allure.close();
        }
        int code = summarize(out, chosen, results);
        out.println("captures: " + capturesDir);
        try {
            Path index = ReportGenerator.fromBuild().withReportName("ampbench run, seed " + s)
                    .generate(resultsDir, htmlDir);
            out.println("report: " + index);
        } catch (ConfigError | LabFault e) {
            // The verdict stands; only its HTML view is missing.
            out.println("report not generated (results are in " + resultsDir + "): " + e.getMessage());
        }
        out.flush();
        return code;
    }

    /** The emulator's firmware version, as its HELLO reports it. */
    private static final String WIRE_EMULATOR_FIRMWARE = dev.ampbench.emulator.wire.WireEndpoint.FIRMWARE_VERSION;

    private static String benchVersion() {
        String v = RunCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }

    /** Each run starts from an empty results directory: Allure would otherwise merge earlier runs into this one. */
    private static void clearResults(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(p)) {
                    Files.delete(p);
                }
            }
        } catch (IOException e) {
            throw new Main.UserError("cannot clear " + dir + ": " + e.getMessage());
        }
    }

    /** The inventory's DUT, checked before anything runs; null for the built-in emulator. */
    private InventoryDutProvider labDut(BuiltInEmulator emulator) {
        return labDut.open(emulator);
    }

    private static String suiteName(TestIdentifier id, Map<String, String> suiteOf) {
        String uid = id.getUniqueId();
        for (Map.Entry<String, String> e : suiteOf.entrySet()) {
            if (uid.contains("[class:" + e.getKey() + "]")) {
                return e.getValue();
            }
        }
        return "?";
    }

    private List<Suites.Suite> choose() {
        Set<Profile> ps = EnumSet.noneOf(Profile.class);
        for (String p : profiles) {
            ps.add(Profile.byId(p).orElseThrow(() -> new Main.UserError("unknown profile '" + p
                    + "'; known: amp-prov, amp-sec, aiot-s9, lorawan")));
        }
        List<String> known = Suites.all().stream().map(Suites.Suite::name).toList();
        for (String s : suites) {
            if (!known.contains(s)) {
                throw new Main.UserError("unknown suite '" + s + "'; known: " + String.join(", ", known));
            }
        }
        List<Suites.Suite> out = Suites.all().stream()
                .filter(s -> ps.isEmpty() || ps.contains(s.profile()))
                .filter(s -> suites.isEmpty() || suites.contains(s.name())).toList();
        if (out.isEmpty()) {
            throw new Main.UserError("no suite matches --profile " + profiles + " --suite " + suites);
        }
        return out;
    }

    private static int summarize(PrintWriter out, List<Suites.Suite> chosen, List<Result> results) {
        out.println();
        out.printf("%-22s %7s %7s %7s %7s%n", "suite", "passed", "failed", "broken", "skipped");
        for (Suites.Suite s : chosen) {
            out.printf("%-22s %7d %7d %7d %7d%n", s.name(), count(results, s.name(), Verdict.PASSED),
                    count(results, s.name(), Verdict.FAILED), count(results, s.name(), Verdict.BROKEN),
                    count(results, s.name(), Verdict.SKIPPED));
        }
        long failed = results.stream().filter(r -> r.verdict() == Verdict.FAILED).count();
        long broken = results.stream().filter(r -> r.verdict() == Verdict.BROKEN).count();
        for (Result r : results) {
            if (r.verdict() == Verdict.FAILED || r.verdict() == Verdict.BROKEN) {
                out.println((r.verdict() == Verdict.FAILED ? "FAILED " : "BROKEN ") + r.suite() + ": " + r.test()
                        + "\n    " + r.message());
            }
        }
        out.println(failed > 0 ? "verdict: the device breaks " + failed + " rule check(s)"
                : broken > 0 ? "verdict: lab fault; " + broken + " test(s) could not run" : "verdict: conforms");
        out.flush();
        return failed > 0 ? Main.RULE_BROKEN : broken > 0 ? Main.LAB_FAULT : Main.OK;
    }

    private static long count(List<Result> results, String suite, Verdict v) {
        return results.stream().filter(r -> r.suite().equals(suite) && r.verdict() == v).count();
    }
}
