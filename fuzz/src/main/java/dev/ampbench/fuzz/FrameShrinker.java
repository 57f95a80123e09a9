package dev.ampbench.fuzz;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shrinks a mutated frame that still triggers a finding towards the valid frame it was made from, within a bounded
 * number of trials (each trial is the case run again; for a hang or a crash it costs a recovery). First the length:
 * when the mutation changed it, the frame is rebuilt at a length as close to the valid frame's as still triggers
 * (binary search between the valid length, which does not trigger, and the mutated one: the shortest extension, or
 * the least cut truncation); the rebuilt frame is the valid frame's octets, then the mutated frame's beyond them. Then
 * the octets: each octet (of the common length) that still differs from the valid frame is taken back in turn, and
 * stays taken back when the frame still triggers. The result triggers (it is the last frame a trial confirmed, or the
 * mutated frame itself) and is never farther from the valid frame than the mutated one.
 */
final class FrameShrinker {

    /** Runs the case with {@code frame} as the offending frame; true when the finding is triggered again. */
    interface Trial {
        boolean triggers(byte[] frame) throws Exception;
    }

    /** What the shrinking gave: the smallest frame confirmed and the trials it took. */
    record Result(byte[] frame, int trials, int changedBefore, int changedAfter) {
    }

    private final int maxTrials;
    private int trials;

    FrameShrinker(int maxTrials) {
        this.maxTrials = maxTrials;
    }

    Result shrink(byte[] valid, byte[] mutated, Trial trial) throws Exception {
        trials = 0;
        byte[] best = mutated;
        if (valid.length != mutated.length) {
            byte[] restored = shape(valid, mutated, mutated.length);
            if (!Arrays.equals(restored, mutated) && budget() && trial.triggers(restored)) {
                best = restored;
            }
            if (best == restored || Arrays.equals(restored, mutated)) {
                // binary search: lo does not trigger (the valid length), hi does
                int lo = valid.length;
                int hi = mutated.length;
                while (Math.abs(hi - lo) > 1 && budget()) {
                    int mid = lo + (hi - lo) / 2;
                    byte[] c = shape(valid, mutated, mid);
                    if (trial.triggers(c)) {
                        hi = mid;
                        best = c;
                    } else {
                        lo = mid;
                    }
                }
            }
        }
        List<Integer> changed = changed(valid, best);
        for (int p : changed) {
            if (!budget()) {
                break;
            }
            byte[] c = best.clone();
            c[p] = valid[p];
            if (trial.triggers(c)) {
                best = c;
            }
        }
        return new Result(best, trials, distance(valid, mutated), distance(valid, best));
    }

    private boolean budget() {
        if (trials >= maxTrials) {
            return false;
        }
        trials++;
        return true;
    }

    /** The valid frame's octets, then the mutated frame's beyond them, at {@code length} octets. */
    static byte[] shape(byte[] valid, byte[] mutated, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = i < valid.length ? valid[i] : i < mutated.length ? mutated[i] : 0;
        }
        return out;
    }

    /** Positions of the common length where the frame differs from the valid one. */
    static List<Integer> changed(byte[] valid, byte[] frame) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < Math.min(valid.length, frame.length); i++) {
            if (valid[i] != frame[i]) {
                out.add(i);
            }
        }
        return out;
    }

    /** Changed octets plus octets added or cut: how far a frame is from the valid one. */
    static int distance(byte[] valid, byte[] frame) {
        return changed(valid, frame).size() + Math.abs(valid.length - frame.length);
    }
}
