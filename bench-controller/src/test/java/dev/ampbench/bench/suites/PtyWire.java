package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.emulator.EmulatedStation;
import java.io.IOException;
import java.time.Duration;

/**
 * For the suite-matrix tests: the wire session to an emulated station on its own pseudo-terminal
 * ({@link dev.ampbench.emulator.wire.PtyLink}), opened through jSerialComm exactly as a USB serial adapter is and as
 * {@code ampbench run}'s built-in emulator does, so the matrix proves the suites over the same kind of port as
 * hardware.
 */
final class PtyWire {
    private PtyWire() {
    }

    /** Opens the station's pty; when that fails the station is closed and the failure is a lab fault. */
    static WireSession open(EmulatedStation station) throws LabFault {
        try {
            return WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                    SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
        } catch (LabFault e) {
            try {
                station.close();
            } catch (IOException ignored) {
                // the fault above is what matters
            }
            throw e;
        }
    }
}
