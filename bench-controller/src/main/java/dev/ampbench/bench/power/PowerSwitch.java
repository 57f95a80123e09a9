package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

/**
 * One power switch feeding one device under test: the protocol (what can be done) that every driver implements, as
 * labgrid separates its PowerProtocol from drivers. A failure to switch is a {@link LabFault}: the lab failed, not
 * the device. Implementations are not required to be thread-safe; {@link GuardedPowerSwitch} serialises calls.
 */
public interface PowerSwitch {

    /** Switches the output on; returns once the switch has confirmed it (where it can). */
    void on() throws LabFault;

    /** Switches the output off; returns once the switch has confirmed it (where it can). */
    void off() throws LabFault;

    /** Reads the output state back from the switch, or {@link PowerState#UNKNOWN} when it cannot be read. */
    PowerState state() throws LabFault;

    /**
     * One line for logs and reports: kind and where it is (host and port, hub location and port ...). Never
     * contains secrets or serial identities.
     */
    String describe();
}
