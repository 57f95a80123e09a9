package dev.ampbench.protocol.inspect;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.aiots9.AiotS9Inspector;
import dev.ampbench.protocol.ampprov.AmpProvInspector;
import dev.ampbench.protocol.ampsec.AmpSecInspector;
import dev.ampbench.protocol.lorawan.LoRaWanInspector;
import java.util.Optional;

/** The {@link FrameInspector} of each profile that has one. */
public final class FrameInspectors {
    private FrameInspectors() {
    }

    /** Every profile has one; Optional so that a profile added later may decode before it can be inspected. */
    public static Optional<FrameInspector> of(Profile p) {
        return switch (p) {
            case LORAWAN -> Optional.of(new LoRaWanInspector());
            case AMP_SEC -> Optional.of(new AmpSecInspector());
            case AIOT_S9 -> Optional.of(new AiotS9Inspector());
            case AMP_PROV -> Optional.of(new AmpProvInspector());
        };
    }

    /** The inspector's own spelling of a key name given in any case, if it takes that key. */
    public static Optional<String> keyName(FrameInspector inspector, String given) {
        return inspector.keyNames().keySet().stream().filter(k -> k.equalsIgnoreCase(given)).findFirst();
    }
}
