package dev.ampbench.bench.powercut;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;

/**
 * The verdict of one step of a campaign (one cut, one nonce-collection cycle, or a summary check).
 *
 * @param cycle        the power cycle number within this profile and role (0: before any cut)
 * @param step         the exact step, e.g. {@code frame 2 (DUT->bench Response, 58 octets): mid, after octet 29}
 * @param trigger      the protocol event the cut was triggered by (empty when there was no cut)
 * @param rule         the rule broken (FAILED), else null
 * @param delayNanos   event-to-switch-command delay, or -1 when there was no cut
 * @param landedInside for mid-frame cuts: whether the frame was still on the air; null otherwise
 */
public record StepResult(Profile profile, Role role, int cycle, String step, String trigger, Verdict verdict,
                         String rule, String message, long delayNanos, Boolean landedInside, long startMillis,
                         long stopMillis) {
    public enum Verdict { PASSED, FAILED, BROKEN, SKIPPED }

    /** What a failure message starts with: the rule, then the exact step (as the suites' messages do). */
    public String failureText() {
        return (rule != null ? rule + " broken at " : "") + profile.id() + " " + role.cliName() + ", cycle " + cycle
                + ", " + step + ": " + message;
    }
}
