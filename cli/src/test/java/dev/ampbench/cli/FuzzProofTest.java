package dev.ampbench.cli;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.Finding;
import dev.ampbench.fuzz.MicMode;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.seal.FrameSealers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ampbench.emulator.device.Defect.ANSWERS_FOREIGN_ADDRESS;
import static dev.ampbench.emulator.device.Defect.COUNTER_RESET_ON_POWER_LOSS;
import static dev.ampbench.emulator.device.Defect.CRASH_ON_TRUNCATED_FRAME;
import static dev.ampbench.emulator.device.Defect.HANG_ON_OVERSIZED_LENGTH;
import static dev.ampbench.emulator.device.Defect.LEAVES_PROVISIONING_EARLY;
import static dev.ampbench.emulator.device.Defect.MIC_FIRST_BYTE_ONLY;
import static dev.ampbench.emulator.device.Defect.MIC_NOT_CHECKED;
import static dev.ampbench.emulator.device.Defect.NONCE_REUSED_AFTER_POWER_LOSS;
import static dev.ampbench.emulator.device.Defect.POLICY_DOWNGRADE_ACCEPTED;
import static dev.ampbench.emulator.device.Defect.REPLAY_ACCEPTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzer's proof, on a small budget (the measured long runs are in docs/performance.md): against the correct
 * emulator no finding; against every defect of the emulator's catalog that the fuzzer reaches in a tag, a finding
 * naming the rule the catalog says the defect breaks ({@link DefectRules}, independent of the fuzzer). Runs the
 * emulator's device in process, as {@code ampbench fuzz --in-process} does.
 */
class FuzzProofTest {
    static final int CLEAN_CASES = 4_000;
    static final int DEFECT_CASES = 2_000;

    /**
     * The defects a tag campaign reaches, per profile (docs/fuzzing.md lists the others and why: power-cut defects,
     * infrastructure-only defects, and what needs MIC fix-up).
     */
    static final Map<Profile, Set<Defect>> REACHABLE = Map.of(
            Profile.AMP_PROV, EnumSet.of(MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED, ANSWERS_FOREIGN_ADDRESS,
                    NONCE_REUSED_AFTER_POWER_LOSS, COUNTER_RESET_ON_POWER_LOSS, LEAVES_PROVISIONING_EARLY,
                    CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH),
            Profile.AMP_SEC, EnumSet.of(MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED, ANSWERS_FOREIGN_ADDRESS,
                    NONCE_REUSED_AFTER_POWER_LOSS, COUNTER_RESET_ON_POWER_LOSS, CRASH_ON_TRUNCATED_FRAME,
                    HANG_ON_OVERSIZED_LENGTH),
            Profile.AIOT_S9, EnumSet.of(MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED, ANSWERS_FOREIGN_ADDRESS,
                    POLICY_DOWNGRADE_ACCEPTED, NONCE_REUSED_AFTER_POWER_LOSS, CRASH_ON_TRUNCATED_FRAME,
                    HANG_ON_OVERSIZED_LENGTH),
            Profile.LORAWAN, EnumSet.of(MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED,
                    NONCE_REUSED_AFTER_POWER_LOSS, COUNTER_RESET_ON_POWER_LOSS, CRASH_ON_TRUNCATED_FRAME,
                    HANG_ON_OVERSIZED_LENGTH));

    /**
     * Defects only MIC fix-up reaches: the logic they sit in is behind the integrity check, so a raw mutation never
     * gets there (docs/fuzzing.md, "MIC modes"). Found with {@code --mic fixup}.
     */
    static final Map<Profile, Set<Defect>> REACHABLE_WITH_FIXUP = Map.of(
            Profile.LORAWAN, EnumSet.of(ANSWERS_FOREIGN_ADDRESS));

    static Campaign.Summary campaign(Profile p, Set<Defect> defects, long seed, int cases) throws Exception {
        return campaign(p, defects, seed, cases, MicMode.RAW);
    }

    static Campaign.Summary campaign(Profile p, Set<Defect> defects, long seed, int cases, MicMode mic)
            throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, seed);
        EmulatorTarget t = new EmulatorTarget(b.firmware().get(0), defects, new SeededRandomSource(seed));
        return new Campaign(Scenario.forTag(p, b.identities()), t, Campaign.Settings.cases(seed, cases), f -> {
        }).micMode(mic, () -> FrameSealers.forTag(p, b.identities().get(0))).run();
    }

    /**
     * Hangs and crashes are minimized: a hang on an oversized frame to one octet past the firmware's maximum (the
     * emulator's own threshold), a crash on a truncated frame to a frame that still does not decode for want of
     * octets, never farther from the valid frame than the mutation was, within the trial bound.
     */
    @TestFactory
    List<DynamicTest> hangsAndCrashesAreMinimized() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id() + " hang-on-oversized-length", () -> {
                Campaign.Summary s = campaign(p, EnumSet.of(HANG_ON_OVERSIZED_LENGTH), 3, DEFECT_CASES);
                int max = FirmwareCatalog.representative(p, Role.DEVICE, 3).firmware().get(0).maxFrameLength();
                List<Finding> hangs = s.findings().stream().filter(f -> f.oracle() == Finding.Oracle.HANG).toList();
                assertFalse(hangs.isEmpty(), "no hang found: " + s.findings());
                for (Finding f : hangs) {
                    assertEquals(max + 1, lastBenchFrame(f).length, f.detail());
                    assertTrue(f.detail().matches(".*minimized in (\\d+) trials?.*"), f.detail());
                    assertTrue(trials(f) <= Campaign.MINIMIZE_LIVENESS_TRIALS, f.detail());
                }
            }));
            tests.add(DynamicTest.dynamicTest(p.id() + " crash-on-truncated-frame", () -> {
                Campaign.Summary s = campaign(p, EnumSet.of(CRASH_ON_TRUNCATED_FRAME), 3, DEFECT_CASES);
                List<Finding> crashes = s.findings().stream().filter(f -> f.oracle() == Finding.Oracle.CRASH)
                        .toList();
                assertFalse(crashes.isEmpty(), "no crash found: " + s.findings());
                for (Finding f : crashes) {
                    FrameDecodeException e = assertThrows(FrameDecodeException.class,
                            () -> Profiles.codec(p).decode(lastBenchFrame(f)));
                    assertTrue(e.truncated(), "the minimized frame still crashes the emulator: " + e.getMessage());
                }
            }));
        }
        return tests;
    }

    static byte[] lastBenchFrame(Finding f) {
        byte[] last = null;
        for (Finding.Frame fr : f.frames()) {
            if (!fr.fromDevice()) {
                last = fr.bytes();
            }
        }
        return last;
    }

    private static int trials(Finding f) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("minimized in (\\d+) trials?").matcher(f.detail());
        return m.find() ? Integer.parseInt(m.group(1)) : Integer.MAX_VALUE;
    }

    @TestFactory
    List<DynamicTest> theCorrectEmulatorGivesNoFindingWithMicFixUp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id(), () -> {
                Campaign.Summary s = campaign(p, Set.of(), 12, CLEAN_CASES, MicMode.FIXUP);
                assertEquals(CLEAN_CASES, s.cases());
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> defectsBehindTheIntegrityCheckAreFoundWithMicFixUp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<Profile, Set<Defect>> e : REACHABLE_WITH_FIXUP.entrySet()) {
            Profile p = e.getKey();
            for (Defect d : e.getValue()) {
                String rule = DefectRules.rule(d, p).orElseThrow().id();
                tests.add(DynamicTest.dynamicTest(p.id() + " " + d.cliName() + " -> " + rule, () -> {
                    Campaign.Summary raw = campaign(p, EnumSet.of(d), 3, DEFECT_CASES, MicMode.RAW);
                    assertTrue(raw.findings().stream().noneMatch(f -> rule.equals(f.rule())),
                            "raw mutation should not get past the MIC: " + raw.findings());
                    Campaign.Summary s = campaign(p, EnumSet.of(d), 3, DEFECT_CASES, MicMode.FIXUP);
                    assertTrue(s.findings().stream().anyMatch(f -> rule.equals(f.rule())
                                    && f.mutation().endsWith("MIC recomputed")),
                            d.cliName() + " on " + p.id() + " should be found as " + rule + " with a resealed frame; "
                                    + "found " + s.findings().stream().map(Finding::headline).toList());
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> theCorrectEmulatorGivesNoFinding() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id(), () -> {
                Campaign.Summary s = campaign(p, Set.of(), 11, CLEAN_CASES);
                assertEquals(CLEAN_CASES, s.cases());
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
                assertEquals(0, s.recoveries(), "a correct device never needs recovering");
                assertTrue(s.coverage().states().size() >= 2, "the scenario reaches the profile's states: "
                        + s.coverage().states());
            }));
        }
        return tests;
    }

    /**
     * The full budgets, on request only ({@code mvn -pl cli -am test -Dgroups=campaign -DexcludedGroups=
     * -Dtest=FuzzProofTest -Dsurefire.failIfNoSpecifiedTests=false}): no finding in 1,000,000 cases per profile.
     */
    @TestFactory
    @Tag("campaign")
    List<DynamicTest> longRunTheCorrectEmulatorGivesNoFindingInAMillionCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id(), () -> {
                Campaign.Summary s = campaign(p, Set.of(), 2026, 1_000_000);
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
            }));
        }
        return tests;
    }

    /**
     * On request only, as above, in MIC fix-up mode: no finding in 1,000,000 cases per profile, and the defects only
     * fix-up reaches found within 100,000.
     */
    @TestFactory
    @Tag("campaign")
    List<DynamicTest> longRunMicFixUp() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id() + " clean", () -> {
                Campaign.Summary s = campaign(p, Set.of(), 2026, 1_000_000, MicMode.FIXUP);
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
            }));
        }
        for (Map.Entry<Profile, Set<Defect>> e : REACHABLE_WITH_FIXUP.entrySet()) {
            for (Defect d : e.getValue()) {
                String rule = DefectRules.rule(d, e.getKey()).orElseThrow().id();
                tests.add(DynamicTest.dynamicTest(e.getKey().id() + " " + d.cliName(), () -> {
                    Campaign.Summary s = campaign(e.getKey(), EnumSet.of(d), 2026, 100_000, MicMode.FIXUP);
                    assertTrue(s.findings().stream().anyMatch(f -> rule.equals(f.rule())));
                }));
            }
        }
        return tests;
    }

    /** On request only, as above: every reachable defect found within 100,000 cases. */
    @TestFactory
    @Tag("campaign")
    List<DynamicTest> longRunEveryReachableDefectIsFoundWithinAHundredThousandCases() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (Defect d : REACHABLE.get(p)) {
                String rule = DefectRules.rule(d, p).orElseThrow().id();
                tests.add(DynamicTest.dynamicTest(p.id() + " " + d.cliName(), () -> {
                    Campaign.Summary s = campaign(p, EnumSet.of(d), 2026, 100_000);
                    assertTrue(s.findings().stream().anyMatch(f -> rule.equals(f.rule())));
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyReachableDefectIsFoundWithItsRule() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (Defect d : REACHABLE.get(p)) {
                String rule = DefectRules.rule(d, p).orElseThrow().id();
                tests.add(DynamicTest.dynamicTest(p.id() + " " + d.cliName() + " -> " + rule, () -> {
                    Campaign.Summary s = campaign(p, EnumSet.of(d), 3, DEFECT_CASES);
                    List<String> rules = s.findings().stream().map(Finding::rule).distinct().toList();
                    assertTrue(rules.contains(rule), d.cliName() + " on " + p.id() + " should be found as " + rule
                            + "; found " + s.findings().stream().map(Finding::headline).toList());
                }));
            }
        }
        return tests;
    }
}
