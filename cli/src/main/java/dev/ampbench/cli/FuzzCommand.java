package dev.ampbench.cli;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.InventoryDutProvider;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.RunEnvironment;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.AllureFindings;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.CampaignDirectory;
import dev.ampbench.fuzz.Finding;
import dev.ampbench.fuzz.FuzzTarget;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.fuzz.WireTarget;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import dev.ampbench.fuzz.CaptureSeeds;
import dev.ampbench.fuzz.MicMode;
import dev.ampbench.protocol.seal.FrameSealers;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ampbench fuzz}: a fuzzing campaign against one device (docs/fuzzing.md). Exit 0 without a finding, 1 with
 * findings, 2 on a usage error (one line), 3 on a lab fault (the positive control failed, a port or supply failed).
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Fuzzes a device's protocol (default: the built-in emulator over a pseudo-terminal).")
final class FuzzCommand implements Callable<Integer> {
    /**
     * The built-in emulator's supply keeps power off for no minimum time, as in power-cut campaigns: an emulated
     * device has nothing to discharge (power off wipes its RAM at once, its NVM stays), so a 20 ms wait per power cycle
     * only slowed the fuzzer over the wire (about half of a pseudo-terminal case's time, docs/performance.md). A lab
     * DUT's supply keeps its inventory's min-off-ms.
     */
    static final Duration EMULATOR_MIN_OFF = Duration.ZERO;

    static final long DEFAULT_CASES = 10_000;

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "P", required = true,
            description = "the profile to fuzz: amp-prov, amp-sec, aiot-s9, lorawan")
    String profile;

    @Option(names = "--role", paramLabel = "ROLE", description = "the role to fuzz: tag (the bench plays the gateway) "
            + "or gateway (the bench plays a tag); default tag, with --dut the DUT's role")
    String role;

    @Option(names = "--seed", paramLabel = "S", description = "campaign seed (default: random, printed; with "
            + "--resume: the journal's)")
    Long seed;

    @Option(names = "--cases", paramLabel = "N", description = "case numbers 0..N-1, over all shards (default "
            + DEFAULT_CASES + " unless --time is given)")
    Long cases;

    @Option(names = "--time", paramLabel = "D", description = "run this long: 90s, 10m, 2h, 1d or ISO-8601 (PT10M)")
    String time;

    @Option(names = "--case", paramLabel = "N", description = "reproduce case N as the campaign ran it (with its "
            + "--shard): the cases from the last power-cycled session start before it, then N")
    Long single;

    @Option(names = "--shard", paramLabel = "i/n", description = "run shard i of n (0 <= i < n): the case numbers "
            + "congruent to i modulo n")
    String shard = "0/1";

    @Option(names = "--resume", description = "continue the campaign whose journal is in the output directory")
    boolean resume;

    @Option(names = "--in-process", description = "drive the built-in emulator in this process, without the wire "
            + "(fast; same firmware, defects and oracles)")
    boolean inProcess;

    @Option(names = "--emulator-defect", paramLabel = "NAME",
            description = "give the built-in emulator this defect (repeatable); see emulate --list-defects")
    List<String> defects = new ArrayList<>();

    @Mixin
    LabDuts labDut;

    @Option(names = "--settle", paramLabel = "MS", description = "wait this many milliseconds after each frame "
            + "before the heartbeat barrier, for firmware that answers HEARTBEAT before it has processed a frame "
            + "(default 0)")
    int settleMillis;

    @Option(names = "--batch", paramLabel = "N", description = "send up to N cases that start from the kept state "
            + "in one round trip to a wire DUT, 1..7 (default 7; 1: one case at a time, for firmware that queues "
            + "fewer than 14 commands, or a link where bytes cost more than round trips)")
    Integer batch;

    @Option(names = "--mic", paramLabel = "MODE", description = "raw: mutated frames keep the MIC they then have; "
            + "fixup: the MIC is recomputed under the counterpart's keys after a mutation (never after a mutation of "
            + "the MIC itself); mixed: one or the other per case (default: mixed; with --role gateway the bench reseals the "
            + "frames it sends as the tag for aiot-s9; amp-sec, amp-prov and lorawan tag frames still go raw)")
    String mic;

    @Option(names = "--seeds", paramLabel = "FILE", arity = "1..*", description = "pcapng captures whose frames "
            + "seed the mutation history (default: the profile's golden captures in fixtures/captures/ when the "
            + "project is there)")
    List<Path> seeds;

    @Option(names = "--no-seeds", description = "seed the mutation history with no capture")
    boolean noSeeds;

    @Option(names = "--out", paramLabel = "DIR", description = "campaign directory: journal, findings/, "
            + "allure-results/ (default: reports/fuzz/<profile>-<i>of<n>, or <profile>-case<N>, of the checkout)")
    Path out;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Profile p = Profile.byId(profile).orElseThrow(() -> new Main.UserError("unknown profile '" + profile
                + "'; known: amp-prov, amp-sec, aiot-s9, lorawan"));
        int[] sh = shard(shard);
        if (cases != null && time != null) {
            throw new Main.UserError("choose --cases or --time, not both");
        }
        if (single != null && (cases != null || time != null || resume)) {
            throw new Main.UserError("--case reproduces one case: it takes no --cases, --time or --resume");
        }
        if (single != null && single >= 0 && Math.floorMod(single - sh[0], sh[1]) != 0) {
            throw new Main.UserError("case " + single + " is not in shard " + sh[0] + "/" + sh[1]
                    + ": a shard runs the case numbers congruent to i modulo n");
        }
        if (cases != null && cases < 1) {
            throw new Main.UserError("--cases must be at least 1, got " + cases);
        }
        Duration budget = time == null ? null : duration(time);
        if (batch != null && (batch < 1 || batch > WireTarget.MAX_BATCH)) {
            throw new Main.UserError("--batch must be 1.." + WireTarget.MAX_BATCH + ", got " + batch);
        }
        if (settleMillis < 0 || settleMillis > 10_000) {
            throw new Main.UserError("--settle must be 0..10000 ms, got " + settleMillis);
        }
        MicMode micMode = mic == null ? null : MicMode.byCliName(mic).orElseThrow(() -> new Main.UserError(
                "--mic takes raw, fixup or mixed, got '" + mic + "'"));
        if (noSeeds && seeds != null) {
            throw new Main.UserError("choose --seeds or --no-seeds, not both");
        }
        Path root = Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath();
        // A relative seed path that is not there is looked for under the project too: a reproducer names the golden
        // captures relative to the project, wherever it is replayed from.
        List<Path> seedFiles = noSeeds ? List.of() : seeds != null
                ? seeds.stream().map(f -> !f.isAbsolute() && !Files.exists(f) ? root.resolve(f) : f).toList()
                : CaptureSeeds.golden(root, p);
        boolean lab = labDut.given();
        if (lab && (!defects.isEmpty() || inProcess)) {
            throw new Main.UserError("--emulator-defect and --in-process apply to the built-in emulator, not to a "
                    + "lab DUT");
        }
        labDuts = lab ? lab() : null;
        Role r = role(labDuts);
        Set<Defect> defectSet = defects(p, r);
        if (micMode == null) {
            micMode = MicMode.MIXED;
        }
        // A single case gets a directory of its own: re-running a finding's case must not clear its campaign's. A
        // gateway campaign's directory names the role, so it never shares one with the same profile's tag campaign.
        String name = r == Role.DEVICE ? p.id() : p.id() + "-" + r.cliName();
        String leaf = single != null ? name + "-case" + single : name + "-" + sh[0] + "of" + sh[1];
        Path dir = (out != null ? out : Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath()
                .resolve("reports").resolve("fuzz").resolve(leaf)).toAbsolutePath();

        long total = single != null ? single + 1 : cases != null ? cases : budget != null ? -1 : DEFAULT_CASES;
        long first = single != null ? single : sh[0];
        long casesBefore = 0;
        long s;
        List<byte[]> seedFrames;
        if (resume) {
            CampaignDirectory.Journal j = journal(dir);
            CampaignDirectory.Header h = j.header();
            if (!h.profile().equals(p.id()) || !h.role().equals(r.cliName()) || h.shard() != sh[0]
                    || h.shards() != sh[1] || (seed != null && seed != h.seed())) {
                throw new Main.UserError("the journal in " + dir + " is of another campaign (" + h.profile() + " "
                        + h.role() + ", seed " + h.seed() + ", shard " + h.shard() + "/" + h.shards() + ")");
            }
            s = h.seed();
            // The options that decide a case's frames come from the journal; a different explicit one is an error.
            CaseOptions resumed = caseOptions(h, p, r, root, mic != null ? micMode : null,
                    noSeeds || seeds != null ? seedFiles : null, defects.isEmpty() ? null : defectSet, lab);
            micMode = resumed.mic();
            seedFiles = resumed.seeds();
            defectSet = resumed.defects();
            seedFrames = loadSeeds(p, seedFiles);
            if (cases == null && budget == null) {
                if (h.cases() < 0) {
                    throw new Main.UserError("the campaign in " + dir + " was bounded by time: give --time or "
                            + "--cases to resume it");
                }
                total = h.cases();
            }
            first = j.nextCase();
            casesBefore = j.casesRun();
        } else {
            s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
            seedFrames = loadSeeds(p, seedFiles); // before the directory is cleared: a bad capture changes nothing
            clear(dir);
        }
        if (single != null && single < 0) {
            throw new Main.UserError("--case must be 0 or more, got " + single);
        }

        campaignSeed = s;
        try (Opened dut = open(p, r, s, defectSet)) {
            String target = dut.target().describe();
            o.println("ampbench fuzz: " + p.id() + " " + r.cliName() + " on " + dut.name() + ", seed " + s + ", shard " + sh[0] + "/"
                    + sh[1] + (total < 0 ? ", for " + time : ", cases " + first + ".." + (total - 1))
                    + (resume ? " (resumed)" : ""));
            o.flush();
            CampaignDirectory.Header header = new CampaignDirectory.Header(p.id(), r.cliName(), s, total,
                    sh[0], sh[1], dut.name(), dut.target().firmware(), targetArgs(defectSet, micMode, seedFiles),
                    micMode.cliName(), seedRecords(seedFiles, root), defectSet.stream().map(Defect::cliName).sorted()
                    .toList());
            AllureResults allure = AllureResults.open(dir.resolve("allure-results"), new RunEnvironment(version(),
                    dut.name(), dut.target().firmware(), p.id(), Map.of("seed", Long.toString(s), "shard",
                    sh[0] + "/" + sh[1])));
            Campaign.Summary sum;
            try {
                CampaignDirectory files = new CampaignDirectory(dir, header, casesBefore, (f, json) -> {
                    o.println("  FINDING " + f.headline());
                    o.println("          " + f.detail());
                    o.flush();
                    AllureFindings.write(p, r, s, dut.name(), dut.target().firmware(), f, json);
                });
                Campaign campaign = new Campaign(dut.scenario(), dut.target(),
                        new Campaign.Settings(s, total, budget, sh[0], sh[1], first), files);
                if (single != null) {
                    campaign.reproducing();
                }
                campaign.micMode(micMode, r == Role.DEVICE ? () -> FrameSealers.forTag(p, dut.secret())
                        : () -> FrameSealers.forGateway(p, dut.secret()));
                if (batch != null) {
                    campaign.maxBatch(batch);
                }
                int seeded = campaign.seeds(seedFrames);
                o.println("MIC mode " + micMode.cliName() + "; mutation history seeded with " + seeded + " frame"
                        + (seeded == 1 ? "" : "s") + " of " + seedFiles.size() + " capture"
                        + (seedFiles.size() == 1 ? "" : "s"));
                o.flush();
                if (resume) {
                    campaign.known(files.earlierFindings());
                }
                sum = campaign.run();
            } finally {
                allure.close();
            }
            summary(o, sum, dir, target);
            return sum.findings().isEmpty() ? Main.OK : Main.RULE_BROKEN;
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        } catch (LabFault e) {
            o.flush();
            spec.commandLine().getErr().println("ampbench: lab fault: " + e.getMessage());
            return Main.LAB_FAULT;
        }
    }

    private void summary(PrintWriter o, Campaign.Summary sum, Path dir, String target) {
        o.printf(Locale.ROOT, "%d cases in %.1f s: %.0f cases/s against %s%n", sum.cases(), sum.seconds(),
                sum.casesPerSecond(), target);
        if (single != null) {
            o.println("lead-in: " + sum.leadIn() + " case" + (sum.leadIn() == 1 ? "" : "s") + " before case " + single
                    + " (from the last power-cycled session start of the shard), so it met the device as in the "
                    + "campaign" + (sum.leadInFindings() > 0 ? "; their " + sum.leadInFindings() + " finding(s) are "
                    + "not this run's" : ""));
        }
        o.println("states reached: " + sum.coverage().states().size() + " " + sum.coverage().states()
                + ", transitions: " + sum.coverage().transitions().size());
        o.printf(Locale.ROOT, "cases started from the kept state (no prefix driven): %d (%.0f%%)%n", sum.resumed(),
                sum.cases() == 0 ? 0.0 : 100.0 * sum.resumed() / sum.cases());
        if (sum.batches() > 0) {
            o.printf(Locale.ROOT, "of them sent to the device in batches: %d batches, %.1f cases a batch; frames sent "
                    + "past a case where the device parted from the reference: %d%n", sum.batches(),
                    sum.batchedCases() / (double) sum.batches(), sum.speculative());
            if (sum.speculativeDowns() > 0) {
                o.println("recoveries because one of those frames brought the device down: "
                        + sum.speculativeDowns());
            }
        }
        for (String b : sum.busy()) {
            o.println("a batch was refused, the device recovered and the case run again: " + b);
        }
        if (sum.oneSidedSeals() > 0) {
            o.println("cases whose frame only the reference could reseal (not judged, both sides recovered): "
                    + sum.oneSidedSeals());
        }
        if (sum.unreached() > 0) {
            o.println("cases that did not reach their planned frame (not even on the reference): " + sum.unreached());
        }
        if (sum.incomplete() > 0) {
            o.println("cases where the device did not follow the valid exchange: " + sum.incomplete());
        }
        if (sum.recoveries() > 0) {
            o.println("recoveries (power cycle + positive control): " + sum.recoveries());
        }
        if (sum.stopped() != null) {
            o.println("stopped early: " + sum.stopped());
        }
        if (sum.findings().isEmpty()) {
            o.println("no finding");
        } else {
            o.println(sum.findings().size() + " finding(s), reproducers in " + dir.resolve("findings") + ":");
            for (Finding f : sum.findings()) {
                o.println("  " + f.headline() + " x" + sum.counts().getOrDefault(f.signature(), 1L));
            }
        }
        o.println("next case: " + sum.nextCase() + " (journal in " + dir + ")");
        o.flush();
    }

    /** An open DUT as a fuzz target, with what the scenario needs. */
    private record Opened(String name, FuzzTarget target, Scenario scenario, Object secret, AutoCloseable resources)
            implements AutoCloseable {
        @Override
        public void close() throws LabFault {
            try {
                if (resources != null) {
                    resources.close();
                }
            } catch (Exception e) {
                // closing is best effort: the campaign's verdict stands
            }
        }
    }

    /** The records whose keys the sealer uses: the tag's own, or the one the bench plays towards a gateway. */
    private static Object played(Profile p, Role r, List<?> secrets) {
        return r == Role.DEVICE ? secrets.get(0) : Scenario.gatewayTag(p, secrets);
    }

    private Opened open(Profile p, Role r, long s, Set<Defect> defectSet) throws LabFault, ConfigError {
        if (inProcess) {
            FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, r, s);
            EmulatorTarget t = new EmulatorTarget(b.firmware().get(0), defectSet, new SeededRandomSource(s));
            return new Opened("in-process emulator" + names(defectSet), t, Scenario.of(p, r, b.identities()),
                    played(p, r, b.identities()), null);
        }
        DutProvider provider = labDuts != null ? labDuts
                : new BuiltInEmulator(s, defectSet, BuiltInEmulator.INSTANT, EMULATOR_MIN_OFF);
        Dut dut = provider.open(p, r).orElseThrow(() -> new Main.UserError("DUT " + labDut.dutName + " is not a "
                + p.id() + " " + r.cliName()));
        WireTarget t = new WireTarget(dut.wire(), p, r, dut.power().orElse(null),
                Duration.ofMillis(settleMillis));
        String name = labDut.dutName != null ? "DUT " + labDut.dutName : "built-in emulator (pty)" + names(defectSet);
        try {
            List<Object> secrets = dut.secrets(Object.class);
            return new Opened(name, t, Scenario.of(p, r, secrets), played(p, r, secrets), dut);
        } catch (IllegalArgumentException e) {
            try {
                dut.close();
            } catch (Exception ignored) {
                // the configuration error below is what matters
            }
            throw new Main.UserError(e.getMessage());
        }
    }

    /**
     * The options that select this run's target again, and those that make its cases the same again (MIC mode, seed
     * captures: a reproducer's replay line must not depend on the defaults of a later version).
     */
    private String targetArgs(Set<Defect> d, MicMode micMode, List<Path> seedFiles) {
        List<String> a = new ArrayList<>();
        if (labDut.inventory != null) {
            a.add("--inventory " + labDut.inventory);
            a.add("--dut " + labDut.dutName);
        }
        d.forEach(x -> a.add("--emulator-defect " + x.cliName()));
        if (inProcess) {
            a.add("--in-process");
        }
        if (settleMillis > 0) {
            a.add("--settle " + settleMillis);
        }
        a.add("--mic " + micMode.cliName());
        if (seedFiles.isEmpty()) {
            a.add("--no-seeds");
        } else {
            Path root = Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath();
            a.add("--seeds");
            seedFiles.forEach(f -> {
                Path abs = f.toAbsolutePath().normalize();
                a.add((abs.startsWith(root) ? root.relativize(abs) : abs).toString());
            });
        }
        return String.join(" ", a);
    }

    private static String names(Set<Defect> d) {
        return d.isEmpty() ? "" : " with " + d.stream().map(Defect::cliName).toList();
    }

    /**
     * An inventory DUT of kind emulator is the built-in emulator on its own pseudo-terminal, as without --dut, with
     * the campaign's seed (known only after the journal is read, before the DUT is opened).
     */
    private InventoryDutProvider lab() {
        return labDut.open((n, p, r, secrets) -> new BuiltInEmulator(campaignSeed, Set.of(), BuiltInEmulator.INSTANT,
                EMULATOR_MIN_OFF).start(n, p, r, secrets));
    }

    private long campaignSeed;

    /** The inventory's DUT, when --inventory/--dut name one: opened before the role is decided. */
    private InventoryDutProvider labDuts;

    /**
     * The role to fuzz: --role, else the inventory DUT's, else tag. A --role the DUT does not have is a usage error.
     */
    private Role role(InventoryDutProvider lab) {
        Role r = null;
        if (role != null) {
            r = java.util.Arrays.stream(Role.values()).filter(x -> x.cliName().equals(role)).findFirst()
                    .orElseThrow(() -> new Main.UserError("unknown role '" + role + "'; use tag or gateway"));
        }
        if (lab == null) {
            return r == null ? Role.DEVICE : r;
        }
        Role has = lab.describes().role();
        if (r != null && r != has) {
            throw new Main.UserError("DUT " + labDut.dutName + " is a " + has.cliName() + ", not a " + r.cliName());
        }
        return has;
    }

    private static List<byte[]> loadSeeds(Profile p, List<Path> seedFiles) {
        try {
            return CaptureSeeds.load(p, seedFiles);
        } catch (CaptureSeeds.SeedException e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    private record CaseOptions(MicMode mic, List<Path> seeds, Set<Defect> defects) {
    }

    /**
     * The case-deciding options of a resumed campaign: the journal's, where the command line gives none (null here);
     * an explicit one that differs is a usage error naming both. A journal written before they were recorded counts
     * as the defaults of then: MIC mode mixed for a tag and raw for a gateway, the golden seed captures (no digest to
     * check), and whatever --emulator-defect says now. A seed file whose content is no longer what the journal
     * recorded is a usage error: the mutation history would not be the campaign's.
     */
    private CaseOptions caseOptions(CampaignDirectory.Header h, Profile p, Role r, Path root, MicMode mic,
                                    List<Path> seedFiles, Set<Defect> defectSet, boolean lab) {
        MicMode jm = h.mic() == null ? (r == Role.DEVICE ? MicMode.MIXED : MicMode.RAW)
                : MicMode.byCliName(h.mic()).orElseThrow(() -> new Main.UserError("the journal's MIC mode '" + h.mic()
                        + "' is not one this version knows"));
        if (mic != null && mic != jm) {
            throw new Main.UserError("--mic " + mic.cliName() + " conflicts with the resumed campaign's MIC mode "
                    + jm.cliName() + " (from its journal)");
        }
        List<String> journalSeeds = h.seeds() == null
                ? seedRecords(CaptureSeeds.golden(root, p), root).stream().map(CampaignDirectory.SeedFile::path).toList()
                : h.seeds().stream().map(CampaignDirectory.SeedFile::path).toList();
        if (seedFiles != null) {
            List<String> given = seedRecords(seedFiles, root).stream().map(CampaignDirectory.SeedFile::path).toList();
            if (!given.equals(journalSeeds)) {
                throw new Main.UserError(seedOption(given) + " conflicts with the resumed campaign's "
                        + seedOption(journalSeeds) + " (from its journal)");
            }
        }
        List<Path> resolved = journalSeeds.stream().map(Path::of).map(f -> f.isAbsolute() ? f : root.resolve(f))
                .toList();
        if (h.seeds() != null) {
            List<CampaignDirectory.SeedFile> now = seedRecords(resolved, root);
            for (int i = 0; i < now.size(); i++) {
                if (!now.get(i).sha256().equals(h.seeds().get(i).sha256())) {
                    throw new Main.UserError("seed capture " + now.get(i).path() + " changed since the campaign "
                            + "started (SHA-256 " + now.get(i).sha256() + ", journal " + h.seeds().get(i).sha256()
                            + "): the resumed mutation history would not be the campaign's");
                }
            }
        }
        Set<Defect> jd = defectSet != null ? defectSet : EnumSet.noneOf(Defect.class);
        if (h.defects() != null) {
            if (lab && !h.defects().isEmpty()) {
                throw new Main.UserError("the resumed campaign ran against the built-in emulator with "
                        + String.join(", ", h.defects()) + " (from its journal), not against a lab DUT");
            }
            jd = EmulatorDefects.parse(h.defects(), p, r);
            if (defectSet != null && !defectSet.equals(jd)) {
                throw new Main.UserError("--emulator-defect " + defectSet.stream().map(Defect::cliName).sorted()
                        .toList() + " conflicts with the resumed campaign's " + h.defects() + " (from its journal)");
            }
        }
        return new CaseOptions(jm, resolved, jd);
    }

    private static String seedOption(List<String> paths) {
        return paths.isEmpty() ? "--no-seeds" : "--seeds " + String.join(" ", paths);
    }

    /** Each seed capture's path as the journal records it (relative to the project when in it) and its SHA-256. */
    private static List<CampaignDirectory.SeedFile> seedRecords(List<Path> files, Path root) {
        List<CampaignDirectory.SeedFile> out = new ArrayList<>();
        for (Path f : files) {
            Path abs = f.toAbsolutePath().normalize();
            String name = (abs.startsWith(root) ? root.relativize(abs) : abs).toString();
            String digest;
            try {
                digest = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Files.readAllBytes(abs)));
            } catch (java.io.IOException e) {
                throw new Main.UserError("cannot read seed capture " + name + ": " + e.getMessage());
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            out.add(new CampaignDirectory.SeedFile(name, digest));
        }
        return out;
    }

    /** The defects named, each one the emulated device implements and one that breaks a rule of its side. */
    private Set<Defect> defects(Profile p, Role r) {
        Set<Defect> set = EmulatorDefects.parse(defects, p, r);
        for (Defect defect : set) {
            if (DefectRules.rule(defect, p, r).isEmpty()) {
                throw new Main.UserError("defect '" + defect.cliName() + "' does not apply to " + p.id() + " "
                        + r.cliName());
            }
        }
        return set;
    }

    private static final Pattern SHARD = Pattern.compile("(\\d{1,6})/(\\d{1,6})");

    static int[] shard(String text) {
        Matcher m = SHARD.matcher(text);
        if (!m.matches()) {
            throw new Main.UserError("--shard takes i/n, e.g. 0/4, got '" + text + "'");
        }
        int i = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        if (n < 1 || i >= n) {
            throw new Main.UserError("--shard i/n needs 0 <= i < n, got " + text);
        }
        return new int[] {i, n};
    }

    private static final Pattern SHORT = Pattern.compile("(\\d{1,9})(s|m|h|d)");

    static Duration duration(String text) {
        Matcher m = SHORT.matcher(text);
        Duration d;
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw new Main.UserError("--time takes a duration such as 90s, 10m, 2h, 1d or PT10M, got '" + text
                        + "'");
            }
        }
        if (d.isZero() || d.isNegative()) {
            throw new Main.UserError("--time must be positive, got '" + text + "'");
        }
        return d;
    }

    private static CampaignDirectory.Journal journal(Path dir) {
        try {
            return CampaignDirectory.journal(dir).orElseThrow(() -> new Main.UserError("--resume: no journal in "
                    + dir));
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        }
    }

    /** A new campaign starts from an empty directory: its journal, findings and results are its own. */
    private static void clear(Path dir) {
        for (String sub : List.of("findings", "allure-results")) {
            Path d = dir.resolve(sub);
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (var files = Files.list(d)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    if (Files.isRegularFile(f)) {
                        Files.delete(f);
                    }
                }
            } catch (IOException e) {
                throw new Main.UserError("cannot clear " + d + ": " + e.getMessage());
            }
        }
        try {
            Files.deleteIfExists(dir.resolve("journal.json"));
        } catch (IOException e) {
            throw new Main.UserError("cannot clear " + dir + ": " + e.getMessage());
        }
    }

    private static String version() {
        String v = FuzzCommand.class.getPackage().getImplementationVersion();
        return v == null ? "development build" : v;
    }
}
