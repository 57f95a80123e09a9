package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Set;

/** Compares a received MIC with the expected one: in full and in constant time, unless told to misbehave. */
final class MicCheck {
    private MicCheck() {
    }

    static boolean matches(byte[] expected, byte[] received, Set<Deviation> deviations) {
        if (deviations.contains(Deviation.MIC_NOT_CHECKED)) {
            return true;
        }
        if (deviations.contains(Deviation.MIC_FIRST_BYTE_ONLY)) {
            return expected[0] == received[0];
        }
        return ConstantTime.equal(expected, received);
    }
}
