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
     * Whether the case fixes up its mutated frame's MIC. Frames of the scenario's session phases (a LoRaWAN
     * JoinAccept) are never resealed in a campaign: a mutated JoinAccept decrypts to a random JoinNonce, resealed it
     * is accepted by the tag and the reference alike, and a 1.1 tag that took a JoinNonce above the Join Server's
     * refuses every real JoinAccept after (it must, LORAWAN-R5): the campaign could not join again (measured: it
     * stopped after 45,407 cases). The sealer reseals JoinAccepts (tested) for uses that end there. A scenario whose
     * session frames cannot strand the device says so ({@link Scenario#resealsSessionFrames()}, amp-sec's PmkUpdate),
     * and its cases pass false here.
     *
     * @param sessionFrame the mutated frame belongs to the scenario's session phases and the scenario keeps those raw
     */
    public boolean fixesUp(CasePlan plan, boolean sessionFrame) {
        return !sessionFrame && fixesUp(plan);
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
