package dev.ampbench.emulator.wire;

import java.io.Closeable;
import java.io.IOException;

/** A byte pipe between an emulated device and the bench: a pseudo-terminal, a TCP connection. */
public interface Link extends Closeable {
    /**
     * Reads what the bench sent, waiting at most {@code timeoutMillis}.
     *
     * @return bytes read, 0 on timeout, -1 once the link is closed for good
     */
    int read(byte[] buf, int timeoutMillis) throws IOException;

    /** Sends bytes to the bench. Never blocks the device for long: a link with nobody listening drops them. */
    void write(byte[] bytes) throws IOException;

    /** Where the bench reaches this device, e.g. {@code /dev/pts/3} or {@code tcp://127.0.0.1:7000}. */
    String address();

    @Override
    void close() throws IOException;
}
