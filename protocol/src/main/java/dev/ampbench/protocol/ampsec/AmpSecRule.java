package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Optional;

/**
 * The numbered rules of the amp-sec profile, as listed and traced to their sources in
 * {@code docs/protocols/amp-sec.md}. Rejections, verdicts and reports cite {@link #id()}.
 */
public enum AmpSecRule implements Rule {
    R1("A receiver discards any frame that does not decode exactly as the field tables specify."),
    R2("A receiver rejects a frame whose Format octet differs from the configured address size, nonce size and AKM."),
    R3("The STA draws a fresh random SNonce for every handshake, and never reuses one, including across power loss."),
    R4("The AP draws a fresh random ANonce for every Trigger it transmits."),
    R5("The AP accepts a Response only for its current ANonce, and only within the ANonce lifetime."),
    R6("The AP accepts a given (ANonce, SNonce) pair from a STA at most once."),
    R7("Every MIC and CCM MIC is verified over its full length, in constant time, before any field it protects is used."),
    R8("Both sides derive the PTK from PMK, AA, SA, ANonce and SNonce with the AKM's KDF and split it into KCK and TK."),
    R9("The STA keeps no security association across power loss: after power-on it holds no PTK and no PN."),
    R10("A receiver accepts a protected data or PmkUpdate frame only if its PN is greater than the last accepted PN."),
    R11("A frame addressed to another AA or SA is ignored, never answered."),
    R12("The STA moves to PMK generation g+1 only on an authenticated PmkUpdate and commits it to non-volatile memory "
            + "torn-write-safely before using it."),
    R13("The AP accepts a Response under the current PMK generation, or under the previous one until a verified "
            + "Response settles an update."),
    R14("The AP accepts frames only from STAs in its table of enrolled SAs."),
    R15("A side is established only after verifying its peer's handshake MIC, and protected frames are accepted only "
            + "within an established session.");

    private final String summary;

    AmpSecRule(String summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "AMP-SEC-" + name();
    }

    @Override
    public String summary() {
        return summary;
    }

    /**
     * The rule a machine built with {@code d} breaks, for the deviations amp-sec machines implement; empty for
     * the deviations this profile cannot exhibit (it has no provisioning mode and no negotiable policy).
     */
    public static Optional<Rule> brokenBy(Deviation d) {
        return Optional.ofNullable(switch (d) {
            case NONCE_REUSED_AFTER_POWER_LOSS -> R3;
            case NONCE_NOT_FRESH -> R4;
            case MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY -> R7;
            case REPLAY_ACCEPTED -> R10;
            case KEYS_KEPT_ACROSS_POWER_LOSS -> R9;
            case ANSWERS_FOREIGN_ADDRESS -> R11;
            case COUNTER_RESET_ON_POWER_LOSS -> R12;
            case LEAVES_PROVISIONING_EARLY, POLICY_DOWNGRADE_ACCEPTED -> null;
        });
    }
}
