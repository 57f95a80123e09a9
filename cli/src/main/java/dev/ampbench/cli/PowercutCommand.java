package dev.ampbench.cli;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.InventoryDutProvider;
import dev.ampbench.bench.inventory.PowerSpec;
import dev.ampbench.bench.power.PowerSwitches;
import dev.ampbench.bench.powercut.AllureSteps;
import dev.ampbench.bench.powercut.ExchangePlan;
import dev.ampbench.bench.powercut.ExchangePlans;
import dev.ampbench.bench.powercut.HealthTests;
import dev.ampbench.bench.powercut.PowerCutCampaign;
import dev.ampbench.bench.powercut.ResultsFile;
import dev.ampbench.bench.powercut.SecretRegistry;
import dev.ampbench.bench.powercut.StepResult;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.report.RunEnvironment;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench powercut}: power-cut campaigns (docs/power-cut-campaigns.md). Default: every profile and role the
 * campaign covers, against the built-in emulator. Exit 0 when every rule held, 1 when one broke, 2 on a usage error,
 * 3 on a lab fault (a broken rule wins over a lab fault elsewhere).
 */
@Command(name = "powercut", mixinStandardHelpOptions = true,
        description = "Cuts a device's power at every step of its exchanges and checks the rules after power returns.")
final class PowercutCommand implements Callable<Integer> {
    /** Plain power cycles for nonce collection when neither the command line nor the inventory says. */
    static final int DEFAULT_CYCLES = 1000;
    /**
     * Pairs of the built-in emulator run side by side: each pair is its own emulated device, pseudo-terminal and
     * supply, and most of a pair's time is flash and air time and quiet waits, not CPU; two fit the 2-core reference
     * machine without moving the cuts (docs/performance.md).
     */
    static final int DEFAULT_PARALLEL = 2;
    /** Off-time at each cut against the built-in emulator (it needs no discharge time). */
    static final Duration EMULATOR_OFF_TIME = Duration.ofMillis(1);
    /** How long the air must be quiet before the bench concludes the emulator stays silent. */
    static final Duration EMULATOR_QUIET = Duration.ofMillis(100);
    /** The same for hardware: the conductor's quiet time. */
    static final Duration HARDWARE_QUIET = Duration.ofMillis(300);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "P", description = "only this profile (repeatable)")
    List<String> profiles = new ArrayList<>();

    @Option(names = "--role", paramLabel = "ROLE", description = "tag or gateway (default: both; with --dut: its role)")
    String role;

    @Option(names = "--cycles", paramLabel = "N", description = "plain power cycles collecting nonces, after the "
            + "step matrix (default: the inventory's power.cut-cycles, else " + DEFAULT_CYCLES + ")")
    Integer cycles;

    @Option(names = "--off-time", paramLabel = "MS", description = "how long power stays off at each cut (default: "
            + "the inventory's power.cut-off-ms, else its min-off-ms; 1 ms for the emulator)")
    Long offTimeMs;

    @Option(names = "--emulator-defect", paramLabel = "NAME",
            description = "the built-in emulator with this defect (repeatable); see emulate --list-defects")
    List<String> defects = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "the emulator's identities and randomness (default: "
            + "random, printed)")
    Long seed;

    @Mixin
    LabDuts labDut;

    @Option(names = "--parallel", paramLabel = "N", description = "profile/role pairs of the built-in emulator run at "
            + "once, each on its own emulated device (default: " + DEFAULT_PARALLEL + "; a lab DUT is one device: 1)")
    Integer parallel;

    @Option(names = "--reports", paramLabel = "DIR", description = "where " + ResultsFile.FILE_NAME
            + " and allure-results/ go (default: reports/ of the checkout)")
    Path reports;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Set<Defect> defectSet = EmulatorDefects.parse(defects);
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        // Inventory DUTs of kind emulator are started like the built-in one, with the campaign's timing.
        InventoryDutProvider lab = labDut(new BuiltInEmulator(s, Set.of(), BuiltInEmulator.CAMPAIGN, Duration.ZERO));
        if (lab != null && !defectSet.isEmpty()) {
            throw new Main.UserError("--emulator-defect applies to the built-in emulator, not to DUT " + labDut.dutName);
        }
        if (parallel != null && (parallel < 1 || parallel > 16)) {
            throw new Main.UserError("--parallel must be 1 to 16, not " + parallel);
        }
        if (lab != null && parallel != null && parallel > 1) {
            throw new Main.UserError("--parallel needs the built-in emulator: DUT " + labDut.dutName + " is one device");
        }
        if (cycles != null && cycles < 0) {
            throw new Main.UserError("--cycles must be 0 or more, not " + cycles);
        }
        if (offTimeMs != null && (offTimeMs < 0 || offTimeMs > 600_000)) {
            throw new Main.UserError("--off-time must be 0 to 600000 ms, not " + offTimeMs);
        }
        List<ExchangePlan> plans = choose(lab);
        if (lab == null) {
            EmulatorDefects.requireSomeImplements(defectSet, plans.stream()
                    .map(x -> Map.entry(x.profile(), x.role())).toList());
        }
        Optional<PowerSpec> power = lab == null ? Optional.empty() : lab.describes().power();
        boolean emulated = lab != null && lab.describes().transport().kind().equals("emulator");
        if (lab != null && power.isEmpty() && !emulated) {
            throw new Main.UserError("DUT " + labDut.dutName + " has no power switch in " + labDut.inventory
                    + ": a power-cut campaign needs one");
        }
        int n = cycles != null ? cycles : power.map(p -> number(p, PowerSwitches.CUT_CYCLES))
                .filter(v -> v > 0).map(Long::intValue).orElse(DEFAULT_CYCLES);
        Duration off = offTimeMs != null ? Duration.ofMillis(offTimeMs)
                : lab == null || emulated && power.isEmpty() ? EMULATOR_OFF_TIME
                : Duration.ofMillis(power.map(p -> number(p, PowerSwitches.CUT_OFF_MS)).filter(v -> v > 0)
                .orElseGet(() -> power.map(p -> number(p, "min-off-ms")).orElse(0L)));
        PowerCutCampaign.Settings settings = new PowerCutCampaign.Settings(n, off,
                lab == null || emulated ? EMULATOR_QUIET : HARDWARE_QUIET, Duration.ofSeconds(2), 3);
        DutProvider provider = lab != null ? lab
                : new BuiltInEmulator(s, defectSet, BuiltInEmulator.CAMPAIGN, Duration.ZERO);

        out.println("ampbench powercut: " + plans.stream().map(Object::toString).collect(Collectors.joining(", "))
                + " against " + (lab != null ? "DUT " + labDut.dutName : "the built-in emulator")
                + (defectSet.isEmpty() ? "" : " with " + defects) + "; " + n + " nonce cycle(s), off-time "
                + off.toMillis() + " ms, seed " + s);
        out.flush();

        Path reportsDir = reports != null ? reports.toAbsolutePath()
                : Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath().resolve("reports");
        Path resultsDir = reportsDir.resolve("allure-results");
        clearResults(resultsDir);
        RunEnvironment env = new RunEnvironment(benchVersion(), lab != null ? labDut.dutName : "built-in emulator",
                lab != null ? lab.describes().firmware() : dev.ampbench.emulator.wire.WireEndpoint.FIRMWARE_VERSION,
                plans.stream().map(p -> p.profile().id()).distinct().collect(Collectors.joining(",")),
                Map.of("seed", Long.toString(s), "campaign", "power-cut", "cycles", Integer.toString(n),
                        "off-time-ms", Long.toString(off.toMillis()), "defects", defectSet.isEmpty() ? "none"
                                : defectSet.stream().map(Defect::cliName).sorted().collect(Collectors.joining(","))));
        boolean terminal = System.console() != null;
        List<PowerCutCampaign.Summary> summaries = new ArrayList<>();
        List<String> faults = new ArrayList<>();
        long started = System.nanoTime();
        try (AllureResults allure = AllureResults.open(resultsDir, env);
             ResultsFile file = ResultsFile.create(reportsDir, Redactor.global())) {
            AllureSteps steps = new AllureSteps(allure.lifecycle());
            PowerCutCampaign.Listener listener = new PowerCutCampaign.Listener() {
                @Override
                public void step(StepResult r) {
                    file.step(r);
                    steps.step(r);
                    if (r.verdict() == StepResult.Verdict.FAILED || r.verdict() == StepResult.Verdict.BROKEN) {
                        if (terminal) {
                            out.print("\r\033[K");
                        }
                        out.println("  " + r.verdict() + " " + r.failureText());
                        out.flush();
                    }
                }

                @Override
                public void cycle(ExchangePlan plan, int cycle, List<String> nonces,
                                  Optional<ExchangePlan.Violation> found, long millis) {
                    file.cycle(plan, cycle, nonces, found, millis);
                }

                @Override
                public void progress(String what, int done, int total) {
                    if (terminal) {
                        out.print("\r\033[K  [" + done + "/" + total + "] " + what);
                        out.flush();
                    }
                }
            };
            PowerCutCampaign campaign = new PowerCutCampaign(settings, HealthTests.NONCE_OCTETS,
                    synchronizedListener(listener));
            int threads = lab != null ? 1 : Math.min(plans.size(), parallel != null ? parallel : DEFAULT_PARALLEL);
            PowerCutCampaign.Summary[] done = new PowerCutCampaign.Summary[plans.size()];
            String[] broken = new String[plans.size()];
            ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int i = 0; i < plans.size(); i++) {
                    int at = i;
                    ExchangePlan plan = plans.get(i);
                    runs.add(pool.submit(() -> {
                        try (Dut dut = provider.open(plan.profile(), plan.role()).orElseThrow(() -> new LabFault(
                                "no device for " + plan))) {
                            var sw = dut.power().orElseThrow(() -> new LabFault(dut.name() + " has no power switch"));
                            SecretRegistry.register(dut, Redactor.global());
                            PowerCutCampaign.Summary sum = campaign.run(dut, sw, plan);
                            done[at] = sum;
                            file.summary(sum);
                        } catch (LabFault e) {
                            broken[at] = plan + ": " + e.getMessage();
                            printBroken(out, terminal, plan + ": lab fault: " + e.getMessage());
                        } catch (Exception e) {
                            broken[at] = plan + ": " + e;
                            printBroken(out, terminal, plan + ": " + e);
                        }
                    }));
                }
                for (Future<?> f : runs) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                faults.add("interrupted");
            } catch (ExecutionException e) {
                faults.add(String.valueOf(e.getCause()));
            } finally {
                pool.shutdownNow();
            }
            for (int i = 0; i < plans.size(); i++) {
                if (done[i] != null) {
                    summaries.add(done[i]);
                }
                if (broken[i] != null) {
                    faults.add(broken[i]);
                }
            }
            if (terminal) {
                out.print("\r\033[K");
            }
            out.println();
            int code = summarize(out, summaries, faults);
            out.printf("took %.1f s; results: %s; Allure results: %s (render with: ampbench report --reports %s)%n",
                    (System.nanoTime() - started) / 1e9, file.file(), resultsDir, reportsDir);
            out.flush();
            return code;
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    private static void printBroken(PrintWriter out, boolean terminal, String what) {
        synchronized (out) {
            if (terminal) {
                out.print("\r\033[K");
            }
            out.println("  BROKEN " + what);
            out.flush();
        }
    }

    /** Pairs run on several threads; the console, the results file and Allure see one call at a time. */
    private static PowerCutCampaign.Listener synchronizedListener(PowerCutCampaign.Listener l) {
        return new PowerCutCampaign.Listener() {
            @Override
            public synchronized void step(StepResult r) {
                l.step(r);
            }

            @Override
            public synchronized void cycle(ExchangePlan plan, int cycle, List<String> nonces,
                                           Optional<ExchangePlan.Violation> found, long millis) {
                l.cycle(plan, cycle, nonces, found, millis);
            }

            @Override
            public synchronized void progress(String what, int done, int total) {
                l.progress(what, done, total);
            }
        };
    }

    private static long number(PowerSpec p, String key) {
        Object v = p.params().get(key);
        return v instanceof Number x ? x.longValue() : 0L;
    }

    private List<ExchangePlan> choose(InventoryDutProvider lab) {
        Set<Profile> ps = EnumSet.noneOf(Profile.class);
        for (String p : profiles) {
            ps.add(Profile.byId(p).orElseThrow(() -> new Main.UserError("unknown profile '" + p
                    + "'; known: amp-prov, amp-sec, aiot-s9, lorawan")));
        }
        Set<Role> roles = EnumSet.allOf(Role.class);
        if (role != null) {
            Role r = java.util.Arrays.stream(Role.values()).filter(x -> x.cliName().equals(role)).findFirst()
                    .orElseThrow(() -> new Main.UserError("unknown role '" + role + "'; use tag or gateway"));
            roles = EnumSet.of(r);
        }
        if (lab != null) {
            if (role != null && !roles.contains(lab.describes().role())) {
                throw new Main.UserError("DUT " + labDut.dutName + " is a " + lab.describes().role().cliName() + ", not a "
                        + role);
            }
            roles = EnumSet.of(lab.describes().role());
            if (ps.isEmpty()) {
                ps.addAll(lab.describes().profiles());
            } else if (!lab.describes().profiles().containsAll(ps)) {
                throw new Main.UserError("DUT " + labDut.dutName + " implements " + lab.describes().profiles().stream()
                        .map(Profile::id).toList() + ", not all of " + profiles);
            }
        }
        List<ExchangePlan> out = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (Role r : roles) {
                if (!ps.isEmpty() && !ps.contains(p)) {
                    continue;
                }
                ExchangePlans.of(p, r).ifPresentOrElse(out::add, () -> uncovered.add(p.id() + " " + r.cliName()));
            }
        }
        if (out.isEmpty()) {
            throw new Main.UserError("the power-cut campaign does not cover " + String.join(", ", uncovered)
                    + " yet (see docs/power-cut-campaigns.md)");
        }
        return out;
    }

    private InventoryDutProvider labDut(BuiltInEmulator emulator) {
        return labDut.open(emulator);
    }

    private static int summarize(PrintWriter out, List<PowerCutCampaign.Summary> all, List<String> faults) {
        out.printf("%-16s %6s %6s %6s %6s %6s %13s %27s %9s%n", "profile role", "steps", "passed", "failed",
                "broken", "skip", "nonces", "cut delay min/med/max µs", "mid-frame");
        for (PowerCutCampaign.Summary s : all) {
            String delays = s.delay(0).isEmpty() ? "-" : String.format("%.0f/%.0f/%.0f", s.delay(0).get() / 1e3,
                    s.delay(0.5).get() / 1e3, s.delay(1).get() / 1e3);
            out.printf("%-16s %6d %6d %6d %6d %6d %13s %27s %9s%n", s.plan().toString(), s.results().size(),
                    s.count(StepResult.Verdict.PASSED), s.count(StepResult.Verdict.FAILED),
                    s.count(StepResult.Verdict.BROKEN), s.count(StepResult.Verdict.SKIPPED),
                    s.distinctNonces() + "/" + s.nonces(), delays, s.midLandedInside() + "/" + s.midCuts());
        }
        long failed = all.stream().mapToLong(s -> s.count(StepResult.Verdict.FAILED)).sum();
        long broken = all.stream().mapToLong(s -> s.count(StepResult.Verdict.BROKEN)).sum() + faults.size();
        out.println(failed > 0 ? "verdict: the device breaks a rule at " + failed + " step(s)"
                : broken > 0 ? "verdict: lab fault; " + broken + " step(s) could not run" : "verdict: every rule held");
        return failed > 0 ? Main.RULE_BROKEN : broken > 0 ? Main.LAB_FAULT : Main.OK;
    }

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

    private static String benchVersion() {
        String v = PowercutCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
