package dev.ampbench.protocol.machine;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.Hex;
import java.util.Objects;

/** What a state machine asks its host to do, or tells it happened, in answer to an input. */
public sealed interface Effect {

    /** Send this frame over the air. */
    record Transmit(byte[] frame) implements Effect {
        public Transmit {
            frame = frame.clone();
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }

        @Override
        public String toString() {
            return "Transmit[" + Hex.encode(frame) + "]";
        }
    }

    /** Authenticated (and, where the policy says so, decrypted) application data from the peer. */
    record Deliver(byte[] payload) implements Effect {
        public Deliver {
            payload = payload.clone();
        }

        @Override
        public byte[] payload() {
            return payload.clone();
        }

        @Override
        public String toString() {
            return "Deliver[" + payload.length + " bytes]";
        }
    }

    /**
     * The exchange reached its goal: keys agreed, device provisioned, joined or authenticated.
     *
     * @param what a short description for logs, never containing secrets
     */
    record Established(String what) implements Effect {
        public Established {
            Objects.requireNonNull(what, "what");
        }
    }

    /**
     * An incoming frame was refused, and by which rule. A conforming peer never causes one; a test that sees one
     * has found the rule the peer broke (or a fuzzed frame being correctly refused).
     */
    record Rejected(Rule rule, String reason) implements Effect {
        public Rejected {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "Rejected[" + rule.id() + ": " + reason + "]";
        }
    }

    /**
     * An incoming frame was not for this machine (another address, another network) and was dropped silently,
     * as the rules require. Distinct from {@link Rejected}: ignoring a frame for someone else is correct
     * behaviour, not a finding.
     */
    record Ignored(String reason) implements Effect {
        public Ignored {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
