package dev.ampbench.emulator.device;

/**
 * Thrown inside an emulated device's execution at the instant its power is cut (for example in the middle of a
 * non-volatile write). It unwinds whatever the device was doing, exactly as a brown-out stops a CPU: the device
 * runtime catches it and drops the device's RAM. Never escapes the emulator.
 */
public final class PowerLossException extends RuntimeException {
    public PowerLossException(String where) {
        super("power lost " + where, null, false, false);
    }
}
