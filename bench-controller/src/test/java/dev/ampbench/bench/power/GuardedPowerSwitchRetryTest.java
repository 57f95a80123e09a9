package dev.ampbench.bench.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.LabRetry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where the guard retries a switch that did not answer (on, final state) and where it never does (off). */
class GuardedPowerSwitchRetryTest {
    /** Fails the next {@code failures} commands, then obeys; records every command it was sent. */
    static final class FlakySwitch implements PowerSwitch {
        final List<String> commands = new ArrayList<>();
        int failures;

        @Override
        public void on() throws LabFault {
            command("ON");
        }

        @Override
        public void off() throws LabFault {
            command("OFF");
        }

        private void command(String s) throws LabFault {
            commands.add(s);
            if (failures > 0) {
                failures--;
                throw new LabFault("relay board: no answer to " + s);
            }
        }

        @Override
        public PowerState state() {
            return PowerState.UNKNOWN;
        }

        @Override
        public String describe() {
            return "flaky";
        }
    }

    private final List<Duration> slept = new ArrayList<>();
    private final FlakySwitch s = new FlakySwitch();
    private final GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ZERO, PowerState.OFF,
            new GuardedPowerSwitchTest.ManualTicker(), e -> { }).retrying(new LabRetry(3, Duration.ofMillis(100),
            slept::add));

    private List<String> events() {
        return g.events().stream().map(e -> e.action() + (e.succeeded() ? " ok" : " failed: " + e.failure()))
                .toList();
    }

    @Test
    void anOnThatDidNotAnswerIsSentAgainAndEveryAttemptIsRecorded() throws LabFault {
        s.failures = 1;
        g.on();
        assertEquals(List.of("ON", "ON"), s.commands);
        assertEquals(List.of("ON failed: relay board: no answer to ON", "ON ok"), events());
        assertEquals(List.of(Duration.ofMillis(100)), slept);
    }

    @Test
    void anOffIsNeverRetriedBecauseItsInstantIsTheTest() {
        s.failures = 1;
        LabFault f = assertThrows(LabFault.class, g::off);
        assertEquals("relay board: no answer to OFF", f.getMessage());
        assertEquals(List.of("OFF"), s.commands);
        assertEquals(List.of(), slept);
    }

    @Test
    void theFinalStateIsRetriedSoTheDeviceIsLeftKnown() throws LabFault {
        s.failures = 2;
        g.close();
        assertEquals(List.of("OFF", "OFF", "OFF"), s.commands);
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200)), slept);
    }

    @Test
    void aSwitchThatNeverAnswersIsALabFaultAfterEveryAttempt() {
        s.failures = 99;
        LabFault f = assertThrows(LabFault.class, g::on);
        assertEquals("relay board: no answer to ON (3 attempts)", f.getMessage());
        assertEquals(3, s.commands.size());
    }
}
