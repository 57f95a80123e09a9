package dev.ampbench.fuzz;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a mutated protected frame is sent with the MIC it then has (raw: a conforming device refuses it at its
 * integrity check) or with its MIC recomputed under the counterpart's current keys (fix-up: the frame passes the
 * check and reaches the logic behind it). Operators on the MIC field itself always stay raw. Mixed decides per case,
 * from the case's mutation seed alone, so a case is still reproduced by the campaign seed and its case number.
 */
public enum MicMode {
    RAW, FIXUP, MIXED;

    /**
     * Of the fix-up cases that mutate a frame of the scenario's session phases (a LoRaWAN JoinAccept), 1 in this many
     * is resealed. A resealed JoinAccept is accepted, so it leaves a session the bench does not know and the next case
     * joins again, spending one of the device's 65,536 DevNonces (LORAWAN-R2): resealing every one would use them up
     * within some 130,000 fix-up cases; 1 in 64 leaves a campaign millions (docs/fuzzing.md, "MIC modes").
     */
    public static final int SESSION_FRAME_FIXUP_ONE_IN = 64;

    /**
     * Whether the case fixes up its mutated frame's MIC.
     *
     * @param sessionFrame the mutated frame belongs to the scenario's session phases
     */
    public boolean fixesUp(CasePlan plan, boolean sessionFrame) {
        return fixesUp(plan) && (!sessionFrame
                || Long.remainderUnsigned(plan.mutationSeed() * 0xC2B2AE3D27D4EB4FL >>> 20, SESSION_FRAME_FIXUP_ONE_IN)
                == 0);
    }

    /** Whether the case fixes up its mutated frame's MIC (a frame outside the session phases). */
    public boolean fixesUp(CasePlan plan) {
        return switch (this) {
            case RAW -> false;
            case FIXUP -> true;
            // a bit of the seed the mutation's own stream never starts from (SplittableRandom mixes it first)
            case MIXED -> Long.bitCount(plan.mutationSeed() * 0x9E3779B97F4A7C15L >>> 40) % 2 == 0;
        };
    }

    /** The command-line name: raw, fixup, mixed. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<MicMode> byCliName(String s) {
        for (MicMode m : values()) {
            if (m.cliName().equals(s)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}
