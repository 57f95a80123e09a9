package dev.ampbench.bench;

/**
 * The lab failed, not the device under test: a port that vanished or cannot be opened, a power switch that does not
 * answer, a device that never booted, an unreadable inventory. A test that meets one is <em>broken</em>, never
 * <em>failed</em>, and is retried only where that is safe. Messages never contain secrets.
 */
public class LabFault extends Exception {
    public LabFault(String message) {
        super(message);
    }

    public LabFault(String message, Throwable cause) {
        super(message, cause);
    }
}
