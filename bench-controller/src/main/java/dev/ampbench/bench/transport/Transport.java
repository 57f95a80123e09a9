package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;

/**
 * How the bench reaches a device's host interface: a serial port, a TCP socket, an in-process pipe. Opening again
 * after the device re-enumerated or rebooted must find it again (a serial port by its USB serial number, not by a
 * /dev/ttyUSBn name that may have moved).
 */
public interface Transport {
    /** @throws LabFault when the device cannot be reached (the lab failed, not the device) */
    Connection open() throws LabFault;

    String describe();
}
