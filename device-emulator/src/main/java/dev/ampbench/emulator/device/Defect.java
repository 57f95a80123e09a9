package dev.ampbench.emulator.device;

import dev.ampbench.protocol.machine.Deviation;
import java.util.Arrays;
import java.util.Optional;

/**
 * The emulator's catalog of named defects that real firmware gets wrong, each off by default. Most are a
 * {@link Deviation} of the protocol module's state machines, so a defective device runs the same protocol code as
 * a correct one with one thing done wrong; the rest are faults of the device around the protocol (crash, hang, torn
 * NVM). Which rule each breaks is listed per profile in {@code docs/emulator-defects.md}.
 */
public enum Defect {
    NONCE_REUSED_AFTER_POWER_LOSS("nonce-reused-after-power-loss", Deviation.NONCE_REUSED_AFTER_POWER_LOSS,
            "the device's own nonce (SNonce, device nonce) repeats after a power cycle"),
    NONCE_NOT_FRESH("nonce-not-fresh", Deviation.NONCE_NOT_FRESH,
            "the infrastructure nonce (ANonce, network nonce, JoinNonce, TK nonce) is the same every time"),
    MIC_NOT_CHECKED("mic-not-checked", Deviation.MIC_NOT_CHECKED, "received MICs are not verified"),
    MIC_FIRST_BYTE_ONLY("mic-first-byte-only", Deviation.MIC_FIRST_BYTE_ONLY,
            "only the first byte of a received MIC is compared"),
    REPLAY_ACCEPTED("replay-accepted", Deviation.REPLAY_ACCEPTED, "a replayed frame is accepted"),
    COUNTER_RESET_ON_POWER_LOSS("counter-reset-on-power-loss", Deviation.COUNTER_RESET_ON_POWER_LOSS,
            "counters that must survive power loss (DevNonce, frame and key counters) restart at zero"),
    KEYS_KEPT_ACROSS_POWER_LOSS("keys-kept-across-power-loss", Deviation.KEYS_KEPT_ACROSS_POWER_LOSS,
            "session keys are kept across power loss where the profile forbids it"),
    ANSWERS_FOREIGN_ADDRESS("answers-foreign-address", Deviation.ANSWERS_FOREIGN_ADDRESS,
            "answers frames addressed to another device or broadcasts it should ignore"),
    LEAVES_PROVISIONING_EARLY("leaves-provisioning-early", Deviation.LEAVES_PROVISIONING_EARLY,
            "leaves provisioning mode before the exchange is verified and complete"),
    POLICY_DOWNGRADE_ACCEPTED("policy-downgrade-accepted", Deviation.POLICY_DOWNGRADE_ACCEPTED,
            "accepts a protected command whose security policy was downgraded"),
    CRASH_ON_TRUNCATED_FRAME("crash-on-truncated-frame", null,
            "crashes (watchdog reset) on a frame cut short"),
    HANG_ON_OVERSIZED_LENGTH("hang-on-oversized-length", null,
            "hangs (stops answering until power-cycled) on a frame longer than its maximum length"),
    TORN_NV_WRITE("torn-nv-write", null,
            "writes non-volatile records in place, so a power cut mid-write leaves a half-written record");

    private final String cliName;
    private final Deviation deviation;
    private final String description;

    Defect(String cliName, Deviation deviation, String description) {
        this.cliName = cliName;
        this.deviation = deviation;
        this.description = description;
    }

    /** The name on the command line ({@code --defect mic-not-checked}). */
    public String cliName() {
        return cliName;
    }

    /** The state-machine deviation behind this defect, if it is one. */
    public Optional<Deviation> deviation() {
        return Optional.ofNullable(deviation);
    }

    public String description() {
        return description;
    }

    public static Optional<Defect> byCliName(String name) {
        return Arrays.stream(values()).filter(d -> d.cliName.equals(name)).findFirst();
    }
}
