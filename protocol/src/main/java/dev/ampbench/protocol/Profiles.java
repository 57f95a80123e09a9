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
