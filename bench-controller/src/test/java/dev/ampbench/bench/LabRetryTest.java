package dev.ampbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class LabRetryTest {
    private final List<Duration> slept = new ArrayList<>();
    private final LabRetry retry = new LabRetry(3, Duration.ofMillis(250), slept::add);

    @Test
    void aFaultThatClearsIsRetriedAfterABackoffAndRemembered() throws LabFault {
        int[] calls = {0};
        LabRetry.Outcome<String> o = retry.call(() -> {
            if (++calls[0] == 1) {
                throw new LabFault("tcp://bench-7:7000: connection refused");
            }
            return "open";
        });
        assertEquals("open", o.value());
        assertEquals(List.of("tcp://bench-7:7000: connection refused"), o.faults());
        assertEquals(List.of(Duration.ofMillis(250)), slept);
    }

    @Test
    void aPersistentFaultIsThrownAfterEveryAttemptWithTheBackoffDoubling() {
        int[] calls = {0};
        LabFault f = assertThrows(LabFault.class, () -> retry.call(() -> {
            throw new LabFault("no answer " + ++calls[0]);
        }));
        assertEquals("no answer 3 (3 attempts)", f.getMessage());
        assertEquals(2, f.getSuppressed().length);
        assertEquals(3, calls[0]);
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), slept);
    }

    @Test
    void somethingThatIsNotALabFaultIsNeverRetried() {
        IllegalStateException bug = new IllegalStateException("bug");
        int[] calls = {0};
        assertSame(bug, assertThrows(IllegalStateException.class, () -> retry.call(() -> {
            calls[0]++;
            throw bug;
        })));
        assertEquals(1, calls[0]);
        assertEquals(List.of(), slept);
    }

    /** Whatever attempt succeeds, the earlier faults are all remembered in order and nothing more is tried. */
    @Property(tries = 50)
    void succeedingOnAttemptKKeepsKMinusOneFaults(@ForAll @IntRange(min = 1, max = 6) int attempts,
                                                  @ForAll @IntRange(min = 1, max = 6) int succeedsOn)
            throws LabFault {
        List<Duration> waits = new ArrayList<>();
        LabRetry r = new LabRetry(attempts, Duration.ofMillis(10), waits::add);
        int[] calls = {0};
        LabRetry.Attempt<Integer> a = () -> {
            if (++calls[0] < succeedsOn) {
                throw new LabFault("f" + calls[0]);
            }
            return calls[0];
        };
        if (succeedsOn > attempts) {
            assertThrows(LabFault.class, () -> r.call(a));
            assertEquals(attempts, calls[0]);
            assertEquals(attempts - 1, waits.size());
        } else {
            LabRetry.Outcome<Integer> o = r.call(a);
            assertEquals(succeedsOn, o.value());
            assertEquals(succeedsOn - 1, o.faults().size());
            for (int i = 0; i < o.faults().size(); i++) {
                assertEquals("f" + (i + 1), o.faults().get(i));
                assertEquals(Duration.ofMillis(10L << i), waits.get(i));
            }
        }
    }
}
