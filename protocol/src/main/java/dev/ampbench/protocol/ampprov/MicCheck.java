package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Set;

/** How a machine compares a received MIC with the expected one: correctly, or as a deviation tells it to. */
enum MicCheck {
    /** Constant-time comparison of every byte. */
    FULL,
    /** {@link Deviation#MIC_FIRST_BYTE_ONLY}. */
    FIRST_BYTE,
    /** {@link Deviation#MIC_NOT_CHECKED}. */
    NONE;

    static MicCheck from(Set<Deviation> deviations) {
        if (deviations.contains(Deviation.MIC_NOT_CHECKED)) {
            return NONE;
        }
        return deviations.contains(Deviation.MIC_FIRST_BYTE_ONLY) ? FIRST_BYTE : FULL;
    }

    boolean accepts(byte[] expected, byte[] received) {
        return switch (this) {
            case FULL -> ConstantTime.equal(expected, received);
            case FIRST_BYTE -> expected.length > 0 && received.length > 0 && expected[0] == received[0];
            case NONE -> true;
        };
    }
}
