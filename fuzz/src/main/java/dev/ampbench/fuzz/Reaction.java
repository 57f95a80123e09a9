package dev.ampbench.fuzz;

import java.util.ArrayList;
import java.util.List;

/**
 * What a target did about one frame injected (or one action started): the frames it transmitted and what it
 * reported. "Accepted" is the acceptance oracle's notion: the target answered on the air, established a session or
 * delivered data. A refusal or silence is not acceptance.
 *
 * @param emitted      frames the target transmitted, in order
 * @param established  the target reported the exchange established
 * @param delivered    the target delivered authenticated application data
 * @param rejectedRule the rule id the target named when it refused the frame (null when it named none)
 * @param ignored      the target reported the frame as not for it (a reference machine's {@code Ignored})
 * @param refusedByTransport the target refused the frame at the wire (ERROR TOO_LARGE and the like): never processed
 */
public record Reaction(List<byte[]> emitted, boolean established, boolean delivered, String rejectedRule,
                       boolean ignored, boolean refusedByTransport) {

    public Reaction {
        emitted = List.copyOf(emitted);
    }

    public static final Reaction NOTHING = new Reaction(List.of(), false, false, null, false, false);

    public boolean accepted() {
        return !emitted.isEmpty() || established || delivered;
    }

    /** Collects a reaction as notifications arrive. */
    public static final class Builder {
        private final List<byte[]> emitted = new ArrayList<>(2);
        private boolean established;
        private boolean delivered;
        private String rejectedRule;
        private boolean ignored;
        private boolean refused;

        public Builder emitted(byte[] frame) {
            emitted.add(frame);
            return this;
        }

        public Builder established() {
            established = true;
            return this;
        }

        public Builder delivered() {
            delivered = true;
            return this;
        }

        public Builder rejected(String ruleId) {
            if (rejectedRule == null) {
                rejectedRule = ruleId;
            }
            return this;
        }

        public Builder ignored() {
            ignored = true;
            return this;
        }

        public Builder refusedByTransport() {
            refused = true;
            return this;
        }

        public Reaction build() {
            return new Reaction(emitted, established, delivered, rejectedRule, ignored, refused);
        }
    }
}
