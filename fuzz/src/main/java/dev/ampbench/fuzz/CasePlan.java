package dev.ampbench.fuzz;

import java.util.SplittableRandom;

/**
 * Everything a case decides, derived from the campaign seed and the case number alone, so any case can be run again
 * by itself: whether the device is power-cycled first, whether the case replays a frame or mutates one, which of the
 * bench's frames it mutates (the depth, hence the state the mutated frame meets), and the seed of its mutation.
 *
 * <p>Cases come in <b>sessions</b> of {@link #SESSION_CASES} consecutive case numbers ({@code caseNo / SESSION_CASES}):
 * the kind (replay or mutation) and the depth are the session's, drawn from the seed and the session number, so the
 * cases of a session all meet the device in the same state and the campaign can keep that state from one case to the
 * next instead of driving the device there again (docs/fuzzing.md, "Kept state"). A power cycle starts a session
 * (its first case), 1 session in {@code powerCycleOneIn / SESSION_CASES}. Replay pick and mutation seed stay the
 * case's own.
 *
 * @param powerCycleFirst the device's power is cycled before the case (the states after power loss); in a replay case
 *                        of a scenario that replays across a power cycle, just before the replayed frame instead
 * @param replay          after the full valid scenario, one frame the bench sent in this case is sent again
 * @param depth           which of the bench's frames (0-based) is mutated, modulo the scenario's frame count
 * @param pick            which earlier frame a replay repeats, modulo their count
 * @param mutationSeed    the seed of the mutation's random stream
 * @param newSession      run the scenario's session phases (a join) even where later cases may reuse the session
 */
public record CasePlan(long caseNo, boolean powerCycleFirst, boolean replay, int depth, int pick, long mutationSeed,
                       boolean newSession) {

    /** Consecutive case numbers that share a kind and a depth (a session; the bound on kept-state drift). */
    public static final int SESSION_CASES = 32;

    /** How often a case of a scenario with reusable session phases runs them (1 in this many; always after power). */
    public static final int NEW_SESSION_ONE_IN = 1024;

    /**
     * How often a case starts with a power cycle (1 in this many; the first case of 1 session in 4). A power cycle
     * costs a wire DUT its supply's minimum off time (20 ms for the built-in emulator's), so over the wire it bounds
     * the case rate (docs/performance.md).
     */
    public static final int POWER_CYCLE_ONE_IN = 128;
    /**
     * The same where a power cycle costs a new session (a LoRaWAN join, hence a DevNonce of the 65,536 a device
     * has): rarer, so a campaign of tens of millions of cases does not use them up.
     */
    public static final int POWER_CYCLE_ONE_IN_WITH_SESSIONS = 512;

    public static CasePlan of(long seed, long caseNo, int frames) {
        return of(seed, caseNo, frames, POWER_CYCLE_ONE_IN);
    }

    public static CasePlan of(long seed, long caseNo, int frames, int powerCycleOneIn) {
        return of(seed, caseNo, frames, powerCycleOneIn, false);
    }

    /**
     * @param replayAcrossPower the scenario replays across a power cycle ({@link Scenario#replayAcrossPowerCycle()}):
     *                          then half the sessions that start with a power cycle are replay sessions, so a small
     *                          budget still replays recorded frames after power loss
     */
    public static CasePlan of(long seed, long caseNo, int frames, int powerCycleOneIn, boolean replayAcrossPower) {
        SplittableRandom r = new SplittableRandom(mix(seed) ^ mix(caseNo + 0x9E3779B97F4A7C15L));
        SplittableRandom s = new SplittableRandom(mix(~seed) ^ mix(Math.floorDiv(caseNo, SESSION_CASES)
                + 0x3C6EF372FE94F82AL));
        boolean replay = s.nextInt(8) == 0;
        int depth = s.nextInt(Math.max(1, frames));
        // A session starts with a power cycle as often as makes one in powerCycleOneIn cases.
        boolean sessionPower = s.nextInt(Math.max(1, powerCycleOneIn / SESSION_CASES)) == 0;
        boolean power = Math.floorMod(caseNo, SESSION_CASES) == 0 && sessionPower;
        if (replayAcrossPower && sessionPower && !replay) {
            replay = s.nextInt(2) == 0;
        }
        int pick = r.nextInt(1 << 16);
        long mutation = r.nextLong();
        boolean session = power || r.nextInt(NEW_SESSION_ONE_IN) == 0;
        return new CasePlan(caseNo, power, replay, depth, pick, mutation, session);
    }

    /** The same plan mutating nothing, with every phase: the positive control. */
    public static CasePlan control() {
        return new CasePlan(-1, false, false, Integer.MAX_VALUE, 0, 0, true);
    }

    /** The same case, starting a new session (the previous case may have broken the one it would reuse). */
    public CasePlan withNewSession() {
        return newSession ? this : new CasePlan(caseNo, powerCycleFirst, replay, depth, pick, mutationSeed, true);
    }

    /** The same case with a power cycle (where the scenario replays across one: just before its replayed frame). */
    public CasePlan withPowerCycle() {
        return powerCycleFirst ? this : new CasePlan(caseNo, true, replay, depth, pick, mutationSeed, newSession);
    }

    /** The session this case belongs to: cases of one session share kind and depth. */
    public long session() {
        return Math.floorDiv(caseNo, SESSION_CASES);
    }

    public boolean isControl() {
        return caseNo < 0;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
