package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Optional;

/**
 * The numbered rules of the aiot-s9 profile, as {@code docs/protocols/aiot-s9.md} lists and sources them.
 * Rejections, verdicts and reports cite {@link #id()}.
 */
public enum AiotS9Rule implements Rule {
    R1("Every frame follows the field tables exactly: known Type, IdMode and Policy values, exact lengths, "
            + "reserved bits zero, no trailing bytes; anything else is refused."),
    R2("The device ID never travels in clear: every frame carries it only as ProtectedDeviceId, encrypted (IdMode 0) "
            + "or as an HMAC temporary ID (IdMode 1), under keys bound to the message's nonces."),
    R3("The infrastructure draws a fresh random NetworkNonce for every paging and every command."),
    R4("The device draws a fresh random DeviceNonce for every response and never reuses one, including across "
            + "power loss; the infrastructure refuses a response whose DeviceNonce that device already used."),
    R5("A receiver verifies the whole Mac, in constant time, before it answers, acts on or delivers anything."),
    R6("No command or command response is accepted under a security policy below the device's configured "
            + "minimum, and a command response uses the policy of the command it answers."),
    R7("The device refuses a paging or command whose NetworkNonce it has already accepted since power-on."),
    R8("A device ignores, without answering, a paging or command whose ProtectedDeviceId is not its own."),
    R9("The infrastructure accepts a response only to a request it has outstanding for that device, at most once "
            + "and before the response timeout.");

    private final String summary;

    AiotS9Rule(String summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "AIOT-S9-" + name();
    }

    @Override
    public String summary() {
        return summary;
    }

    /** The rule a machine told to exhibit {@code d} breaks, or empty when this profile cannot exhibit it. */
    public static Optional<Rule> brokenBy(Deviation d) {
        return Optional.ofNullable(switch (d) {
            case NONCE_REUSED_AFTER_POWER_LOSS -> R4;
            case NONCE_NOT_FRESH -> R3;
            case MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY -> R5;
            case POLICY_DOWNGRADE_ACCEPTED -> R6;
            case REPLAY_ACCEPTED -> R7;
            case ANSWERS_FOREIGN_ADDRESS -> R8;
            case COUNTER_RESET_ON_POWER_LOSS, KEYS_KEPT_ACROSS_POWER_LOSS, LEAVES_PROVISIONING_EARLY -> null;
        });
    }
}
