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
    private static final PowerCutCampaign.Settings FAST = new PowerCutCampaign.Settings(20, Duration.ofMillis(1),
            Duration.ofMillis(100), Duration.ofSeconds(1), 3);

    @ParameterizedTest
    @CsvSource({"AMP_SEC,DEVICE"})
    void x(Profile profile, Role role) throws Exception {correctDevicePassesEveryStep(profile, role);}
    @ParameterizedTest
    @CsvSource({"AMP_SEC,DEVICE", "AMP_SEC,INFRASTRUCTURE", "AMP_PROV,DEVICE", "AIOT_S9,DEVICE",
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
}
