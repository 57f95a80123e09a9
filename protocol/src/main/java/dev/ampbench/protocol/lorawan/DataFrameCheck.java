package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.machine.Deviation;
import java.util.Set;

/**
 * Checks a received data frame's counter and MIC together, so that a refusal names the right rule: the MIC is
 * tried with the fresh reconstruction of the counter; if that fails but it verifies with the counter at or below the
 * last accepted one, the frame is authentic but old: a replay (R7), not a forgery (R4).
 */
final class DataFrameCheck {
    enum Outcome { FRESH, REPLAY, BAD_MIC }

    /** The verdict and the 32-bit counter the frame was verified with. */
    record Result(Outcome outcome, long fCnt) {
    }

    private DataFrameCheck() {
    }

    static Result verify(SessionKeys keys, DataFrame f, long lastAccepted, int confFCnt,
                         Set<Deviation> deviations) {
        byte[] received = f.mic();
        long fresh = FrameCounter.fresh(lastAccepted, f.fCnt16());
        if (fresh != FrameCounter.NONE
                && MicCheck.matches(FrameProtection.mic(keys, f, fresh, confFCnt), received, deviations)) {
            return new Result(Outcome.FRESH, fresh);
        }
        long stale = FrameCounter.stale(lastAccepted, f.fCnt16());
        if (stale != FrameCounter.NONE
                && MicCheck.matches(FrameProtection.mic(keys, f, stale, confFCnt), received, deviations)) {
            return new Result(Outcome.REPLAY, stale);
        }
        return new Result(Outcome.BAD_MIC, FrameCounter.NONE);
    }
}
