package dev.ampbench.protocol.ampsec;

import java.util.Objects;

/**
 * A deployment's configuration, shared by an AP and its STAs.
 *
 * @param format               sizes and AKM, carried in every frame
 * @param anonceLifetimeMillis how long after a Trigger the AP accepts Responses for its ANonce
 */
public record AmpSecParameters(AmpSecFormat format, long anonceLifetimeMillis) {
    /**
     * 10 s: long enough for an energy-harvesting STA to charge between the Trigger and its Response, short enough
     * to bound the AP's replay cache of (ANonce, SNonce) pairs. See the spec's "Parameters".
     */
    public static final long DEFAULT_ANONCE_LIFETIME_MILLIS = 10_000;
    public static final AmpSecParameters DEFAULT =
            new AmpSecParameters(AmpSecFormat.DEFAULT, DEFAULT_ANONCE_LIFETIME_MILLIS);

    public AmpSecParameters {
        Objects.requireNonNull(format, "format");
        if (anonceLifetimeMillis <= 0) {
            throw new IllegalArgumentException("ANonce lifetime must be positive: " + anonceLifetimeMillis);
        }
    }
}
