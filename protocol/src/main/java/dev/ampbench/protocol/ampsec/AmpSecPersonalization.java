package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Objects;

/**
 * What a STA is provisioned with, and what its AP's table holds for it: the AP's address (AA), the STA's address
 * (SA), the PMK they share and its generation, and the deployment's parameters. The PMK is the only secret.
 */
public record AmpSecPersonalization(byte[] aa, byte[] sa, KeyMaterial pmk, int pmkGeneration,
                                    AmpSecParameters parameters) {

    public AmpSecPersonalization {
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(pmk, "pmk");
        aa = FrameSupport.copyOfLength(aa, parameters.format().addressLength(), "AA");
        sa = FrameSupport.copyOfLength(sa, parameters.format().addressLength(), "SA");
        if (pmk.length() != AmpSecKeySchedule.PMK_LENGTH) {
            throw new IllegalArgumentException("PMK must be 32 octets, not " + pmk.length());
        }
        FrameSupport.checkId(pmkGeneration, "PMK generation");
        if (java.util.Arrays.equals(sa, TriggerFrame.broadcast(parameters.format()))) {
            throw new IllegalArgumentException("SA must not be the broadcast address");
        }
    }

    @Override
    public byte[] aa() {
        return aa.clone();
    }

    @Override
    public byte[] sa() {
        return sa.clone();
    }

    @Override
    public String toString() {
        return "AmpSecPersonalization[AA=" + Hex.encode(aa) + " SA=" + Hex.encode(sa) + " PMK generation "
                + pmkGeneration + ", PMK redacted]";
    }
}
