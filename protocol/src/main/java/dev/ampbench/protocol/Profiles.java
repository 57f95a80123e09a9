package dev.ampbench.protocol;

import dev.ampbench.protocol.aiots9.AiotS9Codec;
import dev.ampbench.protocol.aiots9.AiotS9Rule;
import dev.ampbench.protocol.ampprov.AmpProvCodec;
import dev.ampbench.protocol.ampprov.AmpProvRule;
import dev.ampbench.protocol.ampsec.AmpSecCodec;
import dev.ampbench.protocol.ampsec.AmpSecRule;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.lorawan.LoRaWanCodec;
import dev.ampbench.protocol.lorawan.LoRaWanRule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.List;
import java.util.Optional;

/** What every profile offers, looked up by {@link Profile}: its codec, its rules, and the rule a deviation breaks. */
public final class Profiles {
    private Profiles() {
    }

    public static ProfileCodec codec(Profile p) {
        return switch (p) {
            case AMP_PROV -> new AmpProvCodec();
            case AMP_SEC -> new AmpSecCodec();
            case AIOT_S9 -> new AiotS9Codec();
            case LORAWAN -> new LoRaWanCodec();
        };
    }

    public static List<Rule> rules(Profile p) {
        return switch (p) {
            case AMP_PROV -> List.of(AmpProvRule.values());
            case AMP_SEC -> List.of(AmpSecRule.values());
            case AIOT_S9 -> List.of(AiotS9Rule.values());
            case LORAWAN -> List.of(LoRaWanRule.values());
        };
    }

    /** The rule of profile {@code p} that a machine exhibiting {@code d} breaks; empty if {@code p} cannot exhibit it. */
    public static Optional<Rule> ruleBrokenBy(Profile p, Deviation d) {
        return switch (p) {
            case AMP_PROV -> AmpProvRule.brokenBy(d);
            case AMP_SEC -> AmpSecRule.brokenBy(d);
            case AIOT_S9 -> AiotS9Rule.brokenBy(d);
            case LORAWAN -> LoRaWanRule.brokenBy(d);
        };
    }

    /**
     * The rule a machine of profile {@code p} in {@code role} breaks when it exhibits {@code d}. A tag breaks the
     * rule {@link #ruleBrokenBy(Profile, Deviation)} names. Where that rule binds the tag only, a gateway (the
     * infrastructure) breaks its own side's rule instead (docs/fuzzing.md, "Fuzzing a gateway"): a gateway's nonce is
     * the infrastructure nonce, also after power loss; amp-prov's MIC is the PROV_CONFIRM's (R7); a gateway answering
     * what is not for it breaks amp-prov R5 and aiot-s9 R9; an aiot-s9 gateway's replay check is R9; the lorawan Join
     * Server's counters are R5 (JoinNonce) and R3 (DevNonce). Empty where a gateway has no such rule (amp-prov's
     * provisioning mode is the tag's).
     */
    public static Optional<Rule> ruleBrokenBy(Profile p, Role role, Deviation d) {
        if (role == Role.DEVICE) {
            return ruleBrokenBy(p, d);
        }
        String id = switch (p) {
            case AMP_SEC -> switch (d) {
                case NONCE_REUSED_AFTER_POWER_LOSS -> "AMP-SEC-R4";
                case COUNTER_RESET_ON_POWER_LOSS, KEYS_KEPT_ACROSS_POWER_LOSS -> "";
                default -> null;
            };
            case AMP_PROV -> switch (d) {
                case NONCE_REUSED_AFTER_POWER_LOSS -> "AMP-PROV-R6";
                case MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY -> "AMP-PROV-R7";
                case ANSWERS_FOREIGN_ADDRESS -> "AMP-PROV-R5";
                case LEAVES_PROVISIONING_EARLY, COUNTER_RESET_ON_POWER_LOSS -> "";
                default -> null;
            };
            case AIOT_S9 -> switch (d) {
                case NONCE_REUSED_AFTER_POWER_LOSS -> "AIOT-S9-R3";
                case REPLAY_ACCEPTED, ANSWERS_FOREIGN_ADDRESS -> "AIOT-S9-R9";
                default -> null;
            };
            case LORAWAN -> switch (d) {
                case NONCE_REUSED_AFTER_POWER_LOSS -> "LORAWAN-R5";
                case COUNTER_RESET_ON_POWER_LOSS -> "LORAWAN-R3";
                case KEYS_KEPT_ACROSS_POWER_LOSS -> "";
                default -> null;
            };
        };
        if (id == null) {
            return ruleBrokenBy(p, d);
        }
        return id.isEmpty() ? Optional.empty() : rule(id);
    }

    /** Finds a rule by id ({@code AMP-SEC-R7}) across all profiles. */
    public static Optional<Rule> rule(String id) {
        for (Profile p : Profile.values()) {
            for (Rule r : rules(p)) {
                if (r.id().equals(id)) {
                    return Optional.of(r);
                }
            }
        }
        return Optional.empty();
    }
}
