package dev.ampbench.fuzz;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CasePlanProperties {
    @Property
    void aCaseIsDecidedBySeedAndNumberAlone(@ForAll long seed, @ForAll @LongRange(min = 0) long c,
                                            @ForAll @IntRange(min = 1, max = 20) int frames) {
        assertEquals(CasePlan.of(seed, c, frames), CasePlan.of(seed, c, frames));
        CasePlan p = CasePlan.of(seed, c, frames);
        assertTrue(p.depth() >= 0 && p.depth() < frames);
        assertEquals(c, p.caseNo());
    }

    @Property
    void neighbouringCasesDrawDifferentMutations(@ForAll long seed, @ForAll @LongRange(min = 0, max = 1L << 40) long c) {
        assertNotEquals(CasePlan.of(seed, c, 4).mutationSeed(), CasePlan.of(seed, c + 1, 4).mutationSeed());
    }

    @Property
    void theCasesOfASessionShareKindAndDepthAndDrawTheirOwnMutations(@ForAll long seed,
            @ForAll @LongRange(min = 0, max = 1L << 40) long session, @ForAll @IntRange(min = 0, max = 30) int k,
            @ForAll @IntRange(min = 1, max = 20) int frames) {
        long first = session * CasePlan.SESSION_CASES;
        CasePlan a = CasePlan.of(seed, first, frames);
        CasePlan b = CasePlan.of(seed, first + 1 + k, frames);
        assertEquals(session, a.session());
        assertEquals(session, b.session());
        assertEquals(a.depth(), b.depth());
        assertEquals(a.replay(), b.replay());
        assertNotEquals(a.mutationSeed(), b.mutationSeed());
    }

    @Property
    void onlyTheFirstCaseOfASessionIsPowerCycled(@ForAll long seed, @ForAll @LongRange(min = 0, max = 1L << 40) long c) {
        CasePlan p = CasePlan.of(seed, c, 4);
        if (c % CasePlan.SESSION_CASES != 0) {
            assertFalse(p.powerCycleFirst());
        }
        if (p.powerCycleFirst()) {
            assertTrue(p.newSession(), "a power cycle loses the session");
        }
    }

    /**
     * Where the scenario replays across a power cycle, the plans are the same except that more power sessions are
     * replay sessions; every case of such a session is still of the same kind.
     */
    @Property
    void replaysAcrossPowerOnlyTurnPowerSessionsIntoReplaySessions(@ForAll long seed,
            @ForAll @LongRange(min = 0, max = 1L << 40) long session, @ForAll @IntRange(min = 0, max = 31) int k) {
        long first = session * CasePlan.SESSION_CASES;
        CasePlan plain = CasePlan.of(seed, first + k, 4, CasePlan.POWER_CYCLE_ONE_IN, false);
        CasePlan across = CasePlan.of(seed, first + k, 4, CasePlan.POWER_CYCLE_ONE_IN, true);
        CasePlan across0 = CasePlan.of(seed, first, 4, CasePlan.POWER_CYCLE_ONE_IN, true);
        assertEquals(plain.powerCycleFirst(), across.powerCycleFirst());
        assertEquals(plain.depth(), across.depth());
        assertEquals(plain.mutationSeed(), across.mutationSeed());
        assertEquals(across0.replay(), across.replay(), "the kind is the session's");
        if (across.replay() != plain.replay()) {
            assertTrue(across.replay(), "only turns mutation sessions into replay sessions");
            assertTrue(CasePlan.of(seed, first, 4, CasePlan.POWER_CYCLE_ONE_IN, false).powerCycleFirst(),
                    "only sessions that start with a power cycle");
        }
    }

    @Property(tries = 20)
    void halfThePowerSessionsReplayWhereTheScenarioReplaysAcrossPower(@ForAll long seed) {
        int power = 0;
        int replay = 0;
        for (long session = 0; session < 4000; session++) {
            CasePlan p = CasePlan.of(seed, session * CasePlan.SESSION_CASES, 4, CasePlan.POWER_CYCLE_ONE_IN, true);
            if (p.powerCycleFirst()) {
                power++;
                replay += p.replay() ? 1 : 0;
            }
        }
        // 1 in 8 replay sessions, and half of the others: 9 in 16 of the power sessions (about 1,000 of 4,000).
        assertTrue(replay > power * 0.45 && replay < power * 0.67, replay + " replays of " + power);
    }
}
