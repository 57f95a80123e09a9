package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PowerCutCampaignTest {
    /** No nonce cycles (the defects show in the step matrix already), and only up to the first failure. */
    private static final PowerCutCampaign.Settings STEPS_ONLY = new PowerCutCampaign.Settings(0, Duration.ofMillis(1),
            Duration.ofMillis(100), Duration.ofSeconds(2), 3, true);
    private static final PowerCutCampaign.Settings FAST = new PowerCutCampaign.Settings(20, Duration.ofMillis(1),
            Duration.ofMillis(100), Duration.ofSeconds(2), 3);

    @ParameterizedTest
    @CsvSource({"AMP_SEC,DEVICE", "AMP_SEC,INFRASTRUCTURE", "AMP_PROV,DEVICE", "AMP_PROV,INFRASTRUCTURE", "AIOT_S9,DEVICE",
            "AIOT_S9,INFRASTRUCTURE", "LORAWAN,DEVICE", "LORAWAN,INFRASTRUCTURE"})
    void correctDevicePassesEveryStep(Profile profile, Role role) throws Exception {
        List<StepResult> seen = new ArrayList<>();
        ExchangePlan plan = ExchangePlans.of(profile, role).orElseThrow();
        try (Dut dut = EmulatedDuts.open(profile, role, Set.of(), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(FAST, HealthTests.NONCE_OCTETS, new PowerCutCampaign.Listener() {
                @Override
                public void step(StepResult r) {
                    seen.add(r);
                    System.out.println(r.verdict() + " " + r.failureText() + " delay " + r.delayNanos() / 1000 + " us landed " + r.landedInside());
                }
            }).run(dut, dut.power().orElseThrow(), plan);
            System.out.println(profile + " " + role + ": " + s.results().size() + " results, nonces " + s.nonces()
                    + ", mid " + s.midLandedInside() + "/" + s.midCuts());
            assertTrue(s.results().size() > 5);
            assertEquals(0, s.count(StepResult.Verdict.FAILED) + s.count(StepResult.Verdict.BROKEN),
                    () -> seen.stream().filter(r -> r.verdict() != StepResult.Verdict.PASSED)
                            .map(StepResult::failureText).toList().toString());
        }
    }

    /**
     * Every power- or nonce-related defect of the emulator's catalog that the campaign's exchanges reach: the
     * campaign fails, the first failure names the rule, and its step is the exact step (where the defect shows at a
     * step that does not depend on where inside a frame or write the cut landed) or a step of the named frame or NV
     * write (where it does: a torn record's content depends on how many octets were programmed before the cut), or
     * one of several ({@code ~a;b}): a late mid-frame cut of the amp-prov REKEY lands in the session-record write
     * that follows it, the same torn write as the cut on its NV_WRITE_BEGIN.
     */
    @ParameterizedTest(name = "{0} {1} with {2}: {3} at {4}")
    @CsvSource(delimiter = '|', value = {
            "AMP_SEC|DEVICE|nonce-reused-after-power-loss|AMP-SEC-R3|=frame 1 (bench->DUT Trigger, 48 octets): before (instead of AIR_INJECT)",
            "AMP_SEC|DEVICE|keys-kept-across-power-loss|AMP-SEC-R9|=frame 1 (bench->DUT Trigger, 48 octets): before (instead of AIR_INJECT)",
            "AMP_SEC|DEVICE|counter-reset-on-power-loss|AMP-SEC-R12|=frame 1 (bench->DUT Trigger, 48 octets): before (instead of AIR_INJECT)",
            "AMP_SEC|INFRASTRUCTURE|nonce-not-fresh|AMP-SEC-R4|frame ",
            "AMP_PROV|DEVICE|nonce-reused-after-power-loss|AMP-PROV-R2|=frame 1 (bench->DUT PROV_BEACON, 6 octets): before (instead of AIR_INJECT)",
            "AMP_PROV|DEVICE|counter-reset-on-power-loss|AMP-PROV-R9|frame ",
            "AMP_PROV|DEVICE|torn-nv-write|AMP-PROV-R8|~NV write 3 (ampprov.session, 9 octets): inside (on NV_WRITE_BEGIN);frame 5 (bench->DUT REKEY, 20 octets): mid, after octet ",
            "AMP_PROV|INFRASTRUCTURE|nonce-not-fresh|AMP-PROV-R6|frame ",
            "AIOT_S9|DEVICE|nonce-reused-after-power-loss|AIOT-S9-R4|=frame 1 (bench->DUT Paging, 26 octets): before (instead of AIR_INJECT)",
            "AIOT_S9|INFRASTRUCTURE|nonce-not-fresh|AIOT-S9-R3|=discovery run (no cut)",
            "LORAWAN|DEVICE|nonce-reused-after-power-loss|LORAWAN-R2|=frame 1 (DUT->bench JoinRequest, 23 octets): before (on AIR_TX_BEGIN)",
            "LORAWAN|DEVICE|counter-reset-on-power-loss|LORAWAN-R2|=frame 1 (DUT->bench JoinRequest, 23 octets): before (on AIR_TX_BEGIN)",
            "LORAWAN|DEVICE|keys-kept-across-power-loss|LORAWAN-R8|frame 3 (DUT->bench UnconfirmedDataUp, 15 octets): ",
            "LORAWAN|DEVICE|torn-nv-write|LORAWAN-R2|NV write 1 (lorawan.devnonce, 8 octets): ",
            "LORAWAN|INFRASTRUCTURE|nonce-not-fresh|LORAWAN-R5|frame ",
            "LORAWAN|INFRASTRUCTURE|torn-nv-write|LORAWAN-R3/LORAWAN-R5|NV write 1 (lorawan.js.4ccbed0300000001.devnonce, 8 octets): "})
    void defectFailsWithRuleAndStep(Profile profile, Role role, String defect, String rule, String step)
            throws Exception {
        ExchangePlan plan = ExchangePlans.of(profile, role).orElseThrow();
        try (Dut dut = EmulatedDuts.open(profile, role, Set.of(Defect.byCliName(defect).orElseThrow()), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(STEPS_ONLY, HealthTests.NONCE_OCTETS, r -> { })
                    .run(dut, dut.power().orElseThrow(), plan);
            StepResult first = s.results().stream().filter(r -> r.verdict() == StepResult.Verdict.FAILED)
                    .findFirst().orElseThrow(() -> new AssertionError("no step failed: " + s.results()));
            // "A/B": either rule is the defect's honest first symptom; for the LoRaWAN Join Server's torn record it
            // depends on how far the write got (the DevNonce check lost: R3; the JoinNonce counter lost: R5).
            assertTrue(java.util.List.of(rule.split("/")).contains(first.rule()),
                    () -> "expected " + rule + ": " + first.failureText());
            if (step.startsWith("=")) {
                assertEquals(step.substring(1), first.step(), first::failureText);
            } else if (step.startsWith("~")) {
                assertTrue(java.util.Arrays.stream(step.substring(1).split(";")).anyMatch(first.step()::startsWith),
                        first::failureText);
            } else {
                assertTrue(first.step().startsWith(step), first::failureText);
            }
            assertTrue(first.failureText().startsWith(first.rule() + " broken at " + profile.id() + " " + role.cliName()
                    + ", cycle " + first.cycle() + ", " + first.step() + ": "), first::failureText);
        }
    }

    /**
     * The amp-sec STA that keeps its keys across power loss fails R9 at the first step on the ACTION send it
     * answers with UplinkData; the same step also injects a DownlinkData under the session the AP holds, which such
     * a STA delivers: the message names both, so the downlink half of the check is proven too.
     */
    @org.junit.jupiter.api.Test
    void staThatKeptItsKeysAlsoTakesDownlinkDataOfTheOldSession() throws Exception {
        ExchangePlan plan = ExchangePlans.of(Profile.AMP_SEC, Role.DEVICE).orElseThrow();
        try (Dut dut = EmulatedDuts.open(Profile.AMP_SEC, Role.DEVICE, Set.of(Defect.KEYS_KEPT_ACROSS_POWER_LOSS), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(STEPS_ONLY, HealthTests.NONCE_OCTETS, r -> { })
                    .run(dut, dut.power().orElseThrow(), plan);
            StepResult first = s.results().stream().filter(r -> r.verdict() == StepResult.Verdict.FAILED)
                    .findFirst().orElseThrow(() -> new AssertionError("no step failed: " + s.results()));
            assertEquals("AMP-SEC-R9", first.rule(), first::failureText);
            assertTrue(first.message().contains("right after power-on, before any handshake"), first::failureText);
            assertTrue(first.message().contains("also took DownlinkData "), first::failureText);
            assertTrue(first.message().contains("LOG 'delivered 11 octets"), first::failureText);
        }
    }

    /**
     * The LoRaWAN device that restores its session keys with restarted counters: once the cut run had taken the
     * confirmed downlink, the replay of that downlink after power is delivered again (its downlink counter restarted
     * too), which the step's message names beside the refused uplink (LORAWAN-R8).
     */
    @org.junit.jupiter.api.Test
    void loRaWanDeviceThatKeptItsKeysTakesTheOldDownlinkAgain() throws Exception {
        ExchangePlan plan = ExchangePlans.of(Profile.LORAWAN, Role.DEVICE).orElseThrow();
        PowerCutCampaign.Settings all = new PowerCutCampaign.Settings(0, Duration.ofMillis(1), Duration.ofMillis(100),
                Duration.ofSeconds(2), 3, false);
        try (Dut dut = EmulatedDuts.open(Profile.LORAWAN, Role.DEVICE, Set.of(Defect.KEYS_KEPT_ACROSS_POWER_LOSS), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(all, HealthTests.NONCE_OCTETS, r -> { })
                    .run(dut, dut.power().orElseThrow(), plan);
            String step = "frame 5 (DUT->bench UnconfirmedDataUp, 15 octets): after (on AIR_EMIT)";
            StepResult r = s.results().stream().filter(x -> x.step().equals(step)).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + step + " in " + s.results()));
            assertEquals(StepResult.Verdict.FAILED, r.verdict(), r::failureText);
            assertEquals("LORAWAN-R8", r.rule(), r::failureText);
            assertTrue(r.message().contains("the frame counter restarted"), r::failureText);
            assertTrue(r.message().contains("it also took again, after power loss, the downlink "), r::failureText);
        }
    }

    /**
     * The session record the amp-prov tag writes before its RES_SENSOR_DATA (the sensor-data phase of the exchange)
     * is a cut step of its own: a torn write of it fails with AMP-PROV-R8 at exactly that step, not only the REKEY
     * writes before it (the first failure, above).
     */
    @org.junit.jupiter.api.Test
    void tornSensorDataSessionRecordFailsAtItsOwnStep() throws Exception {
        ExchangePlan plan = ExchangePlans.of(Profile.AMP_PROV, Role.DEVICE).orElseThrow();
        PowerCutCampaign.Settings all = new PowerCutCampaign.Settings(0, Duration.ofMillis(1), Duration.ofMillis(100),
                Duration.ofSeconds(2), 3, false);
        try (Dut dut = EmulatedDuts.open(Profile.AMP_PROV, Role.DEVICE, Set.of(Defect.TORN_NV_WRITE), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(all, HealthTests.NONCE_OCTETS, r -> { })
                    .run(dut, dut.power().orElseThrow(), plan);
            String step = "NV write 5 (ampprov.session, 9 octets): inside (on NV_WRITE_BEGIN)";
            StepResult r = s.results().stream().filter(x -> x.step().equals(step)).findFirst()
                    .orElseThrow(() -> new AssertionError("no step " + step + " in " + s.results()));
            assertEquals(StepResult.Verdict.FAILED, r.verdict(), r::failureText);
            assertEquals("AMP-PROV-R8", r.rule(), r::failureText);
            // It is the sensor-data phase's write: the request before it and the answer after it are steps too.
            assertTrue(s.results().stream().anyMatch(x -> x.step().startsWith("frame 9 (bench->DUT REQ_SENSOR_DATA")));
            assertTrue(s.results().stream().anyMatch(x -> x.step().startsWith("frame 10 (DUT->bench RES_SENSOR_DATA")));
        }
    }

    /**
     * A cut inside the amp-sec STA's PMK commit tears only the slot that does not hold the current PMK (A/B slots,
     * each with a CRC-32): even a device that writes that slot in place (torn-nv-write) boots on the current
     * generation, which the AP still accepts until a Response settles the update (R13). Every step passes, including
     * the cut inside the commit, which really lands inside (38 octets at 1 ms an octet).
     */
    @org.junit.jupiter.api.Test
    void tornPmkCommitIsContainedByTheSlotsCrc() throws Exception {
        ExchangePlan plan = ExchangePlans.of(Profile.AMP_SEC, Role.DEVICE).orElseThrow();
        try (Dut dut = EmulatedDuts.open(Profile.AMP_SEC, Role.DEVICE, Set.of(Defect.TORN_NV_WRITE), 5)) {
            PowerCutCampaign.Summary s = new PowerCutCampaign(STEPS_ONLY, HealthTests.NONCE_OCTETS, r -> { })
                    .run(dut, dut.power().orElseThrow(), plan);
            assertTrue(s.results().stream().anyMatch(x -> x.step().startsWith("NV write 1 (ampsec.pmk.")
                    && x.step().endsWith("inside (on NV_WRITE_BEGIN)") && x.verdict() == StepResult.Verdict.PASSED),
                    s.results()::toString);
            assertTrue(s.results().stream().anyMatch(x -> x.step().startsWith("frame 4 (bench->DUT PmkUpdate")),
                    s.results()::toString);
            assertEquals(0, s.count(StepResult.Verdict.FAILED) + s.count(StepResult.Verdict.BROKEN),
                    () -> s.results().stream().filter(r -> r.verdict() != StepResult.Verdict.PASSED)
                            .map(StepResult::failureText).toList().toString());
        }
    }
}
