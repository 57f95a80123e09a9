package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Optional;

/** The numbered rules of {@code docs/protocols/lorawan.md}; each constant's javadoc gives the source. */
public enum LoRaWanRule implements Rule {
    /** TS001-1.0.4 section 4; RFU-must-be-zero and the 255-byte bound are project choices. */
    R1("Every frame is well formed: Major 0, RFU bits zero, known MType, exact lengths, FOptsLen within the frame, "
            + "no MAC commands in both FOpts and FPort 0, no trailing bytes."),
    /** TS001-1.0.4 section 6.2.5; LoRaWAN 1.1 section 6.2.2. */
    R2("The device's DevNonce is a counter from 0, incremented and written to non-volatile memory before each "
            + "JoinRequest is sent, and never reused for a JoinEUI, even across power loss."),
    /** TS001-1.0.4 section 6.2.5; LoRaWAN 1.1 section 6.2.2. */
    R3("The Join Server refuses a JoinRequest whose DevNonce is not greater than the last DevNonce it accepted "
            + "from that device."),
    /** TS001-1.0.4 sections 4.4, 6.2.5, 6.2.6; LoRaWAN 1.1 sections 4.4, 6.2.2, 6.2.3. */
    R4("Every received MIC (JoinRequest, JoinAccept, data frame) is recomputed with the right key and compared in "
            + "full, in constant time, and a frame with a wrong MIC is refused."),
    /** LoRaWAN 1.1 section 6.2.3; TS001-1.0.4 section 6.2.6. */
    R5("The Join Server issues each device a strictly increasing JoinNonce, and a LoRaWAN 1.1 device refuses a "
            + "JoinAccept whose JoinNonce is not greater than the last one it accepted."),
    /** TS001-1.0.4 section 4.3.1.5; LoRaWAN 1.1 section 4.3.1.5. */
    R6("Frame counters restart at 0 at each join and the sender never uses a counter value twice in a session; "
            + "the device rejoins before FCntUp would pass 2^32-1."),
    /** TS001-1.0.4 section 4.3.1.5; LoRaWAN 1.1 section 4.3.1.5. */
    R7("A receiver refuses a data frame whose reconstructed 32-bit FCnt is not greater than the last one it "
            + "accepted in this session (a replay)."),
    /** Project choice, as TS001-1.0.4 section 4.3.1.5 allows: no session survives power loss. */
    R8("After power loss a device either joins again before sending data, or resumes a session whose frame "
            + "counters it persisted with the keys; it never resumes session keys with restarted counters."),
    /** TS001-1.0.4 sections 4.3.1.1 and 6.2; seed 003 slide "AppEUI and Join Server binding". */
    R9("A device ignores data frames for another DevAddr; the network ignores uplinks from unknown DevAddrs and "
            + "JoinRequests for DevEUI/JoinEUI pairs it does not serve."),
    /** TS001-1.0.4 sections 3.3 and 6.2.6 (class A receive windows). */
    R10("A device accepts a JoinAccept only while its JoinRequest is outstanding, and the first valid one ends the "
            + "join attempt."),
    /** LoRaWAN 1.1 section 6.2.3 (OptNeg). */
    R11("A LoRaWAN 1.1 device derives 1.1 session keys and checks the JSIntKey MIC when OptNeg is set, and "
            + "falls back to 1.0 derivations with NwkKey when it is clear; a 1.0.4 device ignores the bit."),
    /** Seed 003 slides "The AppKey sharing challenge" and "Fully secured AppKey"; LoRaWAN 1.1 section 6.1.1. */
    R12("Root keys (AppKey, NwkKey) never leave the device and the Join Server: the network server gets only the "
            + "session keys, and no key appears in a frame, an effect or a log line.");

    private final String summary;

    LoRaWanRule(String summary) {
        this.summary = summary;
    }

    @Override
    public String id() {
        return "LORAWAN-" + name();
    }

    @Override
    public String summary() {
        return summary;
    }

    /** The rule a machine exhibiting {@code d} breaks, or empty when this profile's machines ignore {@code d}. */
    public static Optional<Rule> brokenBy(Deviation d) {
        return Optional.ofNullable(switch (d) {
            case NONCE_REUSED_AFTER_POWER_LOSS, COUNTER_RESET_ON_POWER_LOSS -> R2;
            case NONCE_NOT_FRESH -> R5;
            case MIC_NOT_CHECKED, MIC_FIRST_BYTE_ONLY -> R4;
            case REPLAY_ACCEPTED -> R7;
            case KEYS_KEPT_ACROSS_POWER_LOSS -> R8;
            case ANSWERS_FOREIGN_ADDRESS -> R9;
            case LEAVES_PROVISIONING_EARLY, POLICY_DOWNGRADE_ACCEPTED -> null;
        });
    }
}
