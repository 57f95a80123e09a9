package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The amp-prov gateway's after-power checks against a gateway that kept the tag's session. The emulated gateway keeps
 * its table in RAM, so after a real power cycle it refuses the ACTIONs and the checks have nothing to judge; here the
 * checks run without a power cycle, which is what a gateway that persisted its sessions looks like to the bench.
 */
class AmpProvGatewayAfterBootTest {
    private static Optional<ExchangePlan.Violation> checkWithoutPowerLoss(Set<Defect> defects) throws Exception {
        ExchangePlan plan = ExchangePlans.of(Profile.AMP_PROV, Role.INFRASTRUCTURE).orElseThrow();
        MachineContext bench = new MachineContext(new SecureRandomSource(), System::currentTimeMillis,
                new InMemoryStore());
        try (Dut dut = EmulatedDuts.open(Profile.AMP_PROV, Role.INFRASTRUCTURE, defects, 5);
             ExchangeRunner runner = new ExchangeRunner(dut, dut.power().orElseThrow(), Duration.ofMillis(100),
                     Duration.ofSeconds(2))) {
            runner.powerCycle(Duration.ofMillis(1));
            plan.prepare(dut);
            ExchangeRunner.Outcome run = runner.run(plan.counterpart(dut, bench), null, 0);
            assertTrue(run.completed(), run::summary);
            assertTrue(ExchangePlans.deliveredBeforeCut(run), run::summary);
            return plan.afterBoot(dut, run, runner);
        }
    }

    /**
     * A correct gateway that kept the session refuses the replayed RES_SENSOR_DATA, and its next REQ_SENSOR_DATA and
     * REKEY advance Seq and Cntr: the run's tag accepts both.
     */
    @Test
    void keptSessionOfACorrectGatewayPasses() throws Exception {
        assertEquals(Optional.empty(), checkWithoutPowerLoss(Set.of()));
    }

    /** A gateway that takes a replayed RES_SENSOR_DATA again fails R12, naming the frame. */
    @Test
    void replayedSensorDataAcceptedFailsR12() throws Exception {
        ExchangePlan.Violation v = checkWithoutPowerLoss(Set.of(Defect.REPLAY_ACCEPTED)).orElseThrow();
        assertEquals("AMP-PROV-R12", v.rule(), v.message());
        assertTrue(v.message().startsWith("accepted RES_SENSOR_DATA "), v.message());
    }

    /** The tag's refusal names the tag's rule; the gateway is judged by its own side of it. */
    @Test
    void tagRefusalsMapToTheGatewaysRule() {
        assertEquals("AMP-PROV-R12", ExchangePlans.AmpProvGateway.gatewayRule("AMP-PROV-R12"));
        assertEquals("AMP-PROV-R9", ExchangePlans.AmpProvGateway.gatewayRule("AMP-PROV-R10"));
        assertEquals("AMP-PROV-R9", ExchangePlans.AmpProvGateway.gatewayRule("AMP-PROV-R9"));
        assertEquals("AMP-PROV-R11", ExchangePlans.AmpProvGateway.gatewayRule("AMP-PROV-R11"));
    }
}
