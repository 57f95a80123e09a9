package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Set;

/** Compares a received Mac with the expected one, in constant time unless a deviation says to get it wrong. */
final class MacCheck {
    private MacCheck() {
    }

    static boolean accepts(Set<Deviation> deviations, byte[] expected, byte[] received) {
        if (deviations.contains(Deviation.MIC_NOT_CHECKED)) {
            return true;
        }
        if (deviations.contains(Deviation.MIC_FIRST_BYTE_ONLY)) {
            return expected.length > 0 && received.length > 0 && expected[0] == received[0];
        }
        return ConstantTime.equal(expected, received);
    }
}
