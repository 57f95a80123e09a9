package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Objects;

/**
 * The keys one provisioning yields: TK1 and TK2 (slide 8), from which session keys Ek_x_i come, and KCK, which
 * authenticates PROV_RESPONSE and PROV_CONFIRM. The AS derives them and hands them to the gateway; the tag derives
 * them itself. Printing shows no key bytes.
 */
public record TemporalKeys(KeyMaterial tk1, KeyMaterial tk2, KeyMaterial kck) {
    public TemporalKeys {
        Objects.requireNonNull(tk1, "tk1");
        Objects.requireNonNull(tk2, "tk2");
        Objects.requireNonNull(kck, "kck");
    }

    /** TK1 for KeySel 1, TK2 for KeySel 2. */
    public KeyMaterial select(int keySel) {
        return switch (keySel) {
            case 1 -> tk1;
            case 2 -> tk2;
            default -> throw new IllegalArgumentException("KeySel " + keySel + " selects no temporal key");
        };
    }
}
