package dev.ampbench.emulator.device;

/**
 * How long an emulated device's slow operations take, so that a bench cutting power on a reported event (NV write
 * begins, radio transmission begins) lands inside the operation, as it would on silicon.
 *
 * @param nvNanosPerByte  programming time of one non-volatile octet
 * @param airNanosPerByte air time of one radio octet, both directions (0: frames are instantaneous and the device
 *                        announces no AIR_TX_BEGIN)
 */
public record Timing(long nvNanosPerByte, long airNanosPerByte) {
    /** Flash at 200 µs an octet; a radio at 80 kbit/s (100 µs an octet), the order of AMP backscatter links. */
    public static final Timing REALISTIC = new Timing(200_000, 100_000);
    /** Flash at 200 µs an octet, instantaneous radio: fast exchanges, NV writes still tearable. */
    public static final Timing NV_ONLY = new Timing(200_000, 0);
    /** Everything instantaneous: unit tests, fuzzing and scale runs. */
    public static final Timing FAST = new Timing(0, 0);

    public Timing {
        if (nvNanosPerByte < 0 || airNanosPerByte < 0) {
            throw new IllegalArgumentException("timings must not be negative");
        }
    }
}
