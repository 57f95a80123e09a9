package dev.ampbench.bench.replay;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;

/** Which frames carry integrity protection, so that a replay of them must be refused (docs/replay.md). */
public final class Protection {
    private Protection() {
    }

    /**
     * Every frame whose field descriptors hold a {@link FieldKind#MIC} field, and the LoRaWAN JoinAccept, whose MIC is
     * inside its encryption (its outer descriptors show only the ciphertext).
     */
    public static boolean isProtected(Frame f) {
        return f.type().equals("JoinAccept") || f.fields().stream().anyMatch(d -> d.kind() == FieldKind.MIC);
    }
}
