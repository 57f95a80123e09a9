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
}
