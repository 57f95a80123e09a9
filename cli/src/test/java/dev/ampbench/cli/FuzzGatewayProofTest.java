package dev.ampbench.cli;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.MicMode;
import dev.ampbench.fuzz.Finding;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.seal.FrameSealers;
import dev.ampbench.protocol.machine.SeededRandomSource;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.ampbench.emulator.device.Defect.CRASH_ON_TRUNCATED_FRAME;
import static dev.ampbench.emulator.device.Defect.HANG_ON_OVERSIZED_LENGTH;
import static dev.ampbench.emulator.device.Defect.MIC_FIRST_BYTE_ONLY;
import static dev.ampbench.emulator.device.Defect.MIC_NOT_CHECKED;
import static dev.ampbench.emulator.device.Defect.NONCE_NOT_FRESH;
import static dev.ampbench.emulator.device.Defect.POLICY_DOWNGRADE_ACCEPTED;
import static dev.ampbench.emulator.device.Defect.REPLAY_ACCEPTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fuzzer's proof for gateways (the bench plays a tag), on a small budget as {@link FuzzProofTest} does for tags:
 * against the correct emulated gateway of every profile no finding; against every gateway-side defect the emulated
 * gateways implement and a fuzzer reaches, a finding naming the rule the emulator's catalog gives for a gateway
 * ({@link DefectRules#rule(Defect, Profile, Role)}, independent of the fuzzer). In process, as {@code ampbench fuzz
 * --role gateway --in-process}.
 */
class FuzzGatewayProofTest {
    static final int CLEAN_CASES = 4_000;
    static final int DEFECT_CASES = 2_000;

    /** The gateway defects the emulated gateways implement, per profile (docs/fuzzing.md, "Fuzzing a gateway"). */
    static final Map<Profile, Set<Defect>> REACHABLE = Map.of(
            Profile.AMP_SEC, EnumSet.of(NONCE_NOT_FRESH, MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED,
                    CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH),
            Profile.AMP_PROV, EnumSet.of(NONCE_NOT_FRESH, MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED,
                    POLICY_DOWNGRADE_ACCEPTED, CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH),
            Profile.AIOT_S9, EnumSet.of(NONCE_NOT_FRESH, MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY,
                    POLICY_DOWNGRADE_ACCEPTED, CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH),
            Profile.LORAWAN, EnumSet.of(NONCE_NOT_FRESH, MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY, REPLAY_ACCEPTED,
                    CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH));

    /** A campaign in the command's default MIC mode for gateways, mixed (the bench reseals its tag frames). */
    static Campaign.Summary campaign(Profile p, Set<Defect> defects, long seed, int cases) throws Exception {
        return campaign(p, defects, seed, cases, MicMode.MIXED);
    }

    static Campaign.Summary campaign(Profile p, Set<Defect> defects, long seed, int cases, MicMode mode)
            throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.INFRASTRUCTURE, seed);
        EmulatorTarget t = new EmulatorTarget(b.firmware().get(0), defects, new SeededRandomSource(seed));
        return new Campaign(Scenario.forGateway(p, b.identities()), t, Campaign.Settings.cases(seed, cases), f -> {
        }).micMode(mode, () -> FrameSealers.forGateway(p, Scenario.gatewayTag(p, b.identities()))).run();
    }

    @TestFactory
    List<DynamicTest> theCorrectEmulatedGatewayGivesNoFinding() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (MicMode mode : MicMode.values()) {
                tests.add(DynamicTest.dynamicTest(p.id() + " " + mode.cliName(), () -> {
                    Campaign.Summary s = campaign(p, Set.of(), 11, CLEAN_CASES, mode);
                    assertEquals(CLEAN_CASES, s.cases());
                    assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
                    // only the cases whose frame the reference alone could reseal recover both sides (lorawan
                    // uplinks in fix-up: docs/fuzzing.md, "A frame only the reference could reseal")
                    assertEquals(s.oneSidedSeals(), s.recoveries(), "a correct gateway never needs recovering");
                    if (mode == MicMode.RAW) {
                        assertEquals(0, s.oneSidedSeals(), "raw cases are never resealed");
                    }
                    assertEquals(0, s.incomplete(), "the bench's tag completes every valid exchange");
                    // A gateway's state is coarse (amp-sec TRIGGERED, amp-prov BEACONING all along); the transitions
                    // show that every tag frame of the scenario reached it.
                    assertTrue(s.coverage().transitions().size() >= 2, "every tag frame of the scenario reaches the "
                            + "gateway: " + s.coverage().transitions());
                    assertTrue(s.resumed() > 0, "cases start from the kept state");
                }));
            }
        }
        return tests;
    }

    /**
     * The larger in-process runs, on request only ({@code mvn -pl cli -am test -Dgroups=campaign
     * -DexcludedGroups= -Dtest=FuzzGatewayProofTest -Dsurefire.failIfNoSpecifiedTests=false}): no finding in 200,000
     * cases per profile (the runs docs/performance.md records).
     */
    @TestFactory
    @Tag("campaign")
    List<DynamicTest> longRunTheCorrectEmulatedGatewayGivesNoFinding() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            tests.add(DynamicTest.dynamicTest(p.id(), () -> {
                Campaign.Summary s = campaign(p, Set.of(), 2026, 200_000);
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> everyReachableGatewayDefectIsFoundWithItsRule() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (Defect d : REACHABLE.get(p)) {
                String rule = DefectRules.rule(d, p, Role.INFRASTRUCTURE).orElseThrow().id();
                tests.add(DynamicTest.dynamicTest(p.id() + " " + d.cliName() + " -> " + rule, () -> {
                    Campaign.Summary s = campaign(p, EnumSet.of(d), 3, DEFECT_CASES);
                    List<String> rules = s.findings().stream().map(Finding::rule).distinct().toList();
                    assertTrue(rules.contains(rule), d.cliName() + " on the " + p.id() + " gateway should be found as "
                            + rule + "; found " + s.findings().stream().map(Finding::headline).toList()
                            + (s.stopped() != null ? "; stopped: " + s.stopped() : ""));
                }));
            }
        }
        return tests;
    }
}
