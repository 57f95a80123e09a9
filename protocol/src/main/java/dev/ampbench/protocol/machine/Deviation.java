package dev.ampbench.protocol.machine;

/**
 * Ways real firmware gets a profile wrong, which a state machine can be told to exhibit. Off unless passed to a
 * machine's constructor. The device emulator's defect catalog is built on these, so a defective emulated device
 * runs the same state machine as a correct one, with one thing done wrong. Each profile's rule enum says which
 * rule each deviation breaks there; a deviation a profile cannot exhibit is ignored by its machines.
 */
public enum Deviation {
    /**
     * The side's own nonce (SNonce, device nonce, DevNonce-as-random) repeats after a power cycle: its generator
     * restarts from a fixed state at boot instead of drawing fresh randomness.
     */
    NONCE_REUSED_AFTER_POWER_LOSS,
    /** The side's own nonce (ANonce, network nonce, JoinNonce) is the same for every exchange. */
    NONCE_NOT_FRESH,
    /** Received MICs / MACs are not verified at all. */
    MIC_NOT_CHECKED,
    /** Only the first byte of a received MIC / MAC is compared. */
    MIC_FIRST_BYTE_ONLY,
    /** Received counters and nonces are not checked for freshness: a replayed frame is accepted. */
    REPLAY_ACCEPTED,
    /** Counters that must survive power loss (DevNonce, FCnt, key counter) are kept in RAM only and restart at 0. */
    COUNTER_RESET_ON_POWER_LOSS,
    /** Session keys are written to non-volatile storage and used again after a power cycle. */
    KEYS_KEPT_ACROSS_POWER_LOSS,
    /** Frames addressed to another device, or broadcasts the device must ignore, are answered. */
    ANSWERS_FOREIGN_ADDRESS,
    /** The device leaves provisioning mode before the exchange is verified and complete. */
    LEAVES_PROVISIONING_EARLY,
    /** A protected message whose security policy is weaker than the configured one is accepted. */
    POLICY_DOWNGRADE_ACCEPTED
}
