package dev.ampbench.emulator.device;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Optional;

/**
 * Which rule of a profile each defect breaks. Deviation defects take it from the profile's own rule enum; the
 * device-level faults map to the profile's rule they break: crashing or hanging on a malformed frame breaks the
 * rule that malformed frames are refused (and nothing else happens); a torn non-volatile write breaks the rule
 * that the profile's persistent state survives power loss.
 */
public final class DefectRules {
    private DefectRules() {
    }

    /**
     * The rule {@code defect} breaks in a device of {@code profile} and {@code role}: for a gateway, its own side's
     * rule where the profile's rule binds the tag only ({@link Profiles#ruleBrokenBy(Profile, Role, Deviation)}).
     */
    public static Optional<Rule> rule(Defect defect, Profile profile, Role role) {
        if (defect.deviation().isPresent()) {
            return Profiles.ruleBrokenBy(profile, role, defect.deviation().get());
        }
        return rule(defect, profile);
    }

    /** The rule {@code defect} breaks in {@code profile}, or empty when that profile cannot exhibit it. */
    public static Optional<Rule> rule(Defect defect, Profile profile) {
        if (defect.deviation().isPresent()) {
            return Profiles.ruleBrokenBy(profile, defect.deviation().get());
        }
        String id = switch (defect) {
            case CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH -> switch (profile) {
                case AMP_PROV -> "AMP-PROV-R15";
                case AMP_SEC -> "AMP-SEC-R1";
                case AIOT_S9 -> "AIOT-S9-R1";
                case LORAWAN -> "LORAWAN-R1";
            };
            case TORN_NV_WRITE -> switch (profile) {
                case AMP_PROV -> "AMP-PROV-R8";
                case AMP_SEC -> "AMP-SEC-R12";
                case AIOT_S9 -> null; // an aiot-s9 device keeps nothing in non-volatile memory
                case LORAWAN -> "LORAWAN-R2";
            };
            default -> throw new IllegalStateException(defect + " has a deviation");
        };
        return id == null ? Optional.empty() : Optional.of(Profiles.rule(id).orElseThrow(
                () -> new IllegalStateException("no rule " + id)));
    }
}
