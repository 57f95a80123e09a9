package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GuardedPowerSwitchTest {

    /** A clock that only moves when told, or when the guard sleeps. */
    static final class ManualTicker implements GuardedPowerSwitch.Ticker {
        long nanos = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return nanos;
        }

        @Override
        public Instant now() {
            return Instant.ofEpochSecond(1_700_000_000L).plusNanos(nanos);
        }

        @Override
        public void sleepNanos(long n) {
            sleeps.add(n);
            nanos += n;
        }
    }

    /** A switch that takes 2 ms per command and can be told to fail. */
    static final class SlowSwitch implements PowerSwitch {
        final ManualTicker ticker;
        final List<String> commands = new ArrayList<>();
        PowerState state = PowerState.UNKNOWN;
        boolean failing;

        SlowSwitch(ManualTicker ticker) {
            this.ticker = ticker;
        }

        @Override
        public void on() throws LabFault {
            command(PowerState.ON);
        }

        @Override
        public void off() throws LabFault {
            command(PowerState.OFF);
        }

        private void command(PowerState s) throws LabFault {
            commands.add(s + "@" + (ticker.nanos / 1_000_000));
            ticker.nanos += 2_000_000;
            if (failing) {
                throw new LabFault("slow: relay not answering");
            }
            state = s;
        }

        @Override
        public PowerState state() {
            return state;
        }

        @Override
        public String describe() {
            return "slow";
        }
    }

    @Test
    void onWaitsOutTheMinimumOffTimeMeasuredFromTheEndOfOff() throws LabFault {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        List<SwitchEvent> heard = new ArrayList<>();
        GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ofMillis(500), PowerState.UNKNOWN, t, heard::add);
        g.on(); // nothing was switched off before: no wait
        g.off(); // ends at 1004 ms
        t.nanos += 100_000_000; // 100 ms of test
        g.on(); // must wait 400 ms
        assertEquals(List.of(400_000_000L), t.sleeps);
        assertEquals(List.of("ON@1000", "OFF@1002", "ON@1504"), s.commands);
        List<SwitchEvent> events = g.events();
        assertEquals(heard, events);
        assertEquals(3, events.size());
        SwitchEvent last = events.get(2);
        assertEquals(PowerState.ON, last.action());
        assertEquals(1_104_000_000L, last.requestedNanos());
        assertEquals(1_504_000_000L, last.sentNanos());
        assertEquals(1_506_000_000L, last.doneNanos());
        assertEquals(400_000_000L, last.waitedNanos());
        assertEquals(Instant.ofEpochSecond(1_700_000_001L, 104_000_000L), last.requestedAt());
        assertTrue(last.succeeded());
    }

    @Test
    void noWaitOnceTheOffTimeHasPassedOrBetweenTwoOns() throws LabFault {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ofMillis(500), PowerState.UNKNOWN, t, e -> { });
        g.off();
        t.nanos += 600_000_000;
        g.on();
        g.on();
        assertEquals(List.of(), t.sleeps);
    }

    @Test
    void cycleIsOffThenOnWithTheFullOffTime() throws LabFault {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ofMillis(250), PowerState.UNKNOWN, t, e -> { });
        g.cycle();
        assertEquals(List.of(250_000_000L), t.sleeps);
        assertEquals(List.of("OFF@1000", "ON@1252"), s.commands);
    }

    @Test
    void aFailedOffIsRecordedAndStillDelaysTheNextOn() {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ofMillis(500), PowerState.UNKNOWN, t, e -> { });
        s.failing = true;
        LabFault f = assertThrows(LabFault.class, g::off);
        assertEquals("slow: relay not answering", f.getMessage());
        assertEquals("slow: relay not answering", g.events().get(0).failure());
        s.failing = false;
        assertThrowsNothing(g::on);
        assertEquals(List.of(500_000_000L), t.sleeps);
        assertNull(g.events().get(1).failure());
    }

    @Test
    void closeRestoresTheFinalStateEvenWhenTheTestFails() {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        IllegalStateException testFailure = assertThrows(IllegalStateException.class, () -> {
            try (GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ZERO, PowerState.OFF, t, e -> { })) {
                g.on();
                throw new IllegalStateException("assertion in the test body");
            }
        });
        assertEquals("assertion in the test body", testFailure.getMessage());
        assertEquals(PowerState.OFF, s.state);
        assertEquals(List.of("ON@1000", "OFF@1002"), s.commands);
    }

    @Test
    void aFaultWhileRestoringIsSuppressedUnderTheTestsOwnFailure() {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        IllegalStateException testFailure = assertThrows(IllegalStateException.class, () -> {
            try (GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ZERO, PowerState.ON, t, e -> { })) {
                s.failing = true;
                throw new IllegalStateException("test failed");
            }
        });
        assertEquals(1, testFailure.getSuppressed().length);
        assertEquals("slow: relay not answering", testFailure.getSuppressed()[0].getMessage());
    }

    @Test
    void closeLeavesAnUnknownFinalStateAloneAndIsIdempotent() throws LabFault {
        ManualTicker t = new ManualTicker();
        SlowSwitch s = new SlowSwitch(t);
        GuardedPowerSwitch keep = new GuardedPowerSwitch(s, Duration.ZERO, PowerState.UNKNOWN, t, e -> { });
        keep.on();
        keep.close();
        keep.close();
        assertEquals(List.of("ON@1000"), s.commands);
        assertThrows(IllegalStateException.class, keep::off);
        GuardedPowerSwitch off = new GuardedPowerSwitch(s, Duration.ZERO, PowerState.OFF, t, e -> { });
        off.close();
        off.close();
        assertEquals(List.of("ON@1000", "OFF@1002"), s.commands);
    }

    @Test
    void realTickerReallyWaits() throws LabFault {
        SlowSwitch s = new SlowSwitch(new ManualTicker());
        GuardedPowerSwitch g = new GuardedPowerSwitch(s, Duration.ofMillis(120), PowerState.UNKNOWN,
                GuardedPowerSwitch.Ticker.SYSTEM, e -> { });
        long start = System.nanoTime();
        g.cycle();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 120, "cycle took only " + millis + " ms");
        SwitchEvent on = g.events().get(1);
        assertTrue(on.sentNanos() - g.events().get(0).doneNanos() >= 120_000_000L);
    }

    @Test
    void negativeOffTimeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new GuardedPowerSwitch(new SlowSwitch(new ManualTicker()),
                Duration.ofMillis(-1), PowerState.OFF, GuardedPowerSwitch.Ticker.SYSTEM, e -> { }));
    }

    private interface Action {
        void run() throws LabFault;
    }

    private static void assertThrowsNothing(Action a) {
        try {
            a.run();
        } catch (LabFault e) {
            throw new AssertionError(e);
        }
    }
}
