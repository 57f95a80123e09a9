package dev.ampbench.emulator.device;

import static dev.ampbench.emulator.device.Defect.ANSWERS_FOREIGN_ADDRESS;
import static dev.ampbench.emulator.device.Defect.COUNTER_RESET_ON_POWER_LOSS;
import static dev.ampbench.emulator.device.Defect.CRASH_ON_TRUNCATED_FRAME;
import static dev.ampbench.emulator.device.Defect.HANG_ON_OVERSIZED_LENGTH;
import static dev.ampbench.emulator.device.Defect.KEYS_KEPT_ACROSS_POWER_LOSS;
import static dev.ampbench.emulator.device.Defect.LEAVES_PROVISIONING_EARLY;
import static dev.ampbench.emulator.device.Defect.MIC_FIRST_BYTE_ONLY;
import static dev.ampbench.emulator.device.Defect.MIC_NOT_CHECKED;
import static dev.ampbench.emulator.device.Defect.NONCE_NOT_FRESH;
import static dev.ampbench.emulator.device.Defect.NONCE_REUSED_AFTER_POWER_LOSS;
import static dev.ampbench.emulator.device.Defect.POLICY_DOWNGRADE_ACCEPTED;
import static dev.ampbench.emulator.device.Defect.REPLAY_ACCEPTED;
import static dev.ampbench.emulator.device.Defect.TORN_NV_WRITE;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which defects of the catalog each emulated firmware (profile and role) actually implements. A defect outside this
 * list is accepted by {@link EmulatedDevice} but changes nothing, so a command that asks for it would only mislead
 * (a fuzz campaign that cannot find it). The deviation defects are those the profile's state machine for that role
 * consults (its {@code Deviation} checks, including its MIC/MAC comparison helper); crash and hang are applied by
 * {@link EmulatedDevice} to every firmware; a torn non-volatile write only where the machine writes non-volatile
 * records. {@code DefectCapabilitiesTest} checks this list against the protocol machines' code and behaviour.
 */
public final class DefectCapabilities {
    private static final Set<Defect> EVERY_FIRMWARE = EnumSet.of(CRASH_ON_TRUNCATED_FRAME, HANG_ON_OVERSIZED_LENGTH,
            MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY);

    private DefectCapabilities() {
    }

    /** The defects an emulated {@code profile} device in {@code role} implements. */
    public static Set<Defect> implemented(Profile profile, Role role) {
        EnumSet<Defect> s = EnumSet.copyOf(EVERY_FIRMWARE);
        boolean tag = role == Role.DEVICE;
        switch (profile) {
            case AMP_PROV -> s.addAll(tag
                    ? EnumSet.of(NONCE_REUSED_AFTER_POWER_LOSS, REPLAY_ACCEPTED, COUNTER_RESET_ON_POWER_LOSS,
                            ANSWERS_FOREIGN_ADDRESS, LEAVES_PROVISIONING_EARLY, TORN_NV_WRITE)
                    : EnumSet.of(NONCE_NOT_FRESH, POLICY_DOWNGRADE_ACCEPTED, REPLAY_ACCEPTED));
            case AMP_SEC -> s.addAll(tag
                    ? EnumSet.of(NONCE_REUSED_AFTER_POWER_LOSS, REPLAY_ACCEPTED, COUNTER_RESET_ON_POWER_LOSS,
                            KEYS_KEPT_ACROSS_POWER_LOSS, ANSWERS_FOREIGN_ADDRESS, TORN_NV_WRITE)
                    : EnumSet.of(NONCE_NOT_FRESH, REPLAY_ACCEPTED, TORN_NV_WRITE));
            case AIOT_S9 -> s.addAll(tag
                    ? EnumSet.of(NONCE_REUSED_AFTER_POWER_LOSS, REPLAY_ACCEPTED, ANSWERS_FOREIGN_ADDRESS,
                            POLICY_DOWNGRADE_ACCEPTED)
                    : EnumSet.of(NONCE_NOT_FRESH, POLICY_DOWNGRADE_ACCEPTED));
            case LORAWAN -> s.addAll(tag
                    ? EnumSet.of(NONCE_REUSED_AFTER_POWER_LOSS, REPLAY_ACCEPTED, COUNTER_RESET_ON_POWER_LOSS,
                            KEYS_KEPT_ACROSS_POWER_LOSS, ANSWERS_FOREIGN_ADDRESS, TORN_NV_WRITE)
                    : EnumSet.of(NONCE_NOT_FRESH, REPLAY_ACCEPTED, TORN_NV_WRITE));
            default -> throw new IllegalStateException("no firmware for " + profile);
        }
        return Collections.unmodifiableSet(s);
    }

    /**
     * Checks that {@code asked} are all implemented by a {@code profile} device in {@code role}; the one-line reason
     * otherwise (for a usage error), naming the defects that firmware does implement.
     */
    public static java.util.Optional<String> unimplemented(Set<Defect> asked, Profile profile, Role role) {
        Set<Defect> have = implemented(profile, role);
        Set<Defect> missing = EnumSet.noneOf(Defect.class);
        asked.stream().filter(d -> !have.contains(d)).forEach(missing::add);
        if (missing.isEmpty()) {
            return java.util.Optional.empty();
        }
        String who = profile.id() + " " + (role == Role.DEVICE ? "tag" : "gateway");
        return java.util.Optional.of("the emulated " + who + " does not implement "
                + missing.stream().map(Defect::cliName).collect(Collectors.joining(", "))
                + "; it implements: " + have.stream().map(Defect::cliName).collect(Collectors.joining(", ")));
    }
}
