package dev.ampbench.fuzz;

import dev.ampbench.protocol.codec.Hex;

import java.util.List;

/**
 * One deduplicated finding: what the device did wrong, the rule it broke, and how to reproduce it.
 *
 * @param oracle    which oracle fired
 * @param rule      the rule id the device broke (null when no rule could be named: a differential finding whose
 *                  reference refused the frame silently)
 * @param state     the device's state (as the reference model tracks it) when the offending frame arrived
 * @param frameType the type of the frame the bench mutated or replayed ({@code ?} when it did not decode)
 * @param field     the field mutated, or the generic operator
 * @param caseNo    the first case that triggered it
 * @param mutation  the operator and field, e.g. {@code MIC_RANDOM on MIC}
 * @param frames    the case's frames in order: what the bench injected ({@code >}) and what the device sent ({@code <})
 * @param detail    one line: what happened, never a key
 */
public record Finding(Oracle oracle, String rule, String state, String frameType, String field, long caseNo,
                      String mutation, List<Frame> frames, String detail) {

    public Finding {
        frames = List.copyOf(frames);
    }

    /** What the oracles judge. */
    public enum Oracle {
        /** Silent past the heartbeat timeout after a case. */
        HANG,
        /** Rebooted during a case (new boot counter / EVENT BOOT). */
        CRASH,
        /** Accepted (answered, established, delivered) a frame the reference machine refused or ignored. */
        ACCEPTED_BAD_FRAME,
        /**
         * From the same state as the reference, the device changed state on a frame the reference refused or ignored
         * and stayed put for (only for targets that report their state: in process, not over the wire).
         */
        STATE_DIVERGED,
        /** The bench's counterpart (the reference machine of the other role) refused a frame the device sent. */
        REFUSED_BY_COUNTERPART,
        /** Sent a nonce of its own that it had sent before. */
        NONCE_REUSED
    }

    /** One frame of a case, as the reproducer records it. */
    public record Frame(boolean fromDevice, byte[] bytes) {
        public Frame {
            bytes = bytes.clone();
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public String toString() {
            return (fromDevice ? "< " : "> ") + Hex.encode(bytes);
        }
    }

    /** The deduplication key: oracle, state, frame type, field. */
    public String signature() {
        return oracle + "|" + state + "|" + frameType + "|" + field;
    }

    public String headline() {
        return (rule == null ? "no rule named" : rule) + ": " + oracle + " in state " + state + ", " + frameType
                + " " + field + " (case " + caseNo + ")";
    }
}
