package dev.ampbench.bench.audit;

import dev.ampbench.protocol.Rule;

/**
 * One rule the capture shows broken.
 *
 * @param frame   the packet number, as Wireshark numbers it (1-based, file order)
 * @param rule    the rule of the frame's profile
 * @param message what was seen, naming the earlier frame involved when there is one; never key material
 */
public record Finding(int frame, Rule rule, String message) {
    @Override
    public String toString() {
        return "frame " + frame + ": " + rule.id() + ": " + message;
    }
}
