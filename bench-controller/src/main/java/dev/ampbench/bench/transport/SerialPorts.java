package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import java.util.List;

/**
 * The thin boundary between {@link SerialTransport} and jSerialComm ({@link JSerialCommPorts} in the lab), so the
 * order of the DTR/RTS calls around opening can be recorded by a fake. Each method is one jSerialComm call.
 */
public interface SerialPorts {
    /** The port at {@code path} now (a symlink such as /dev/serial/by-id/... is followed at each call). */
    Port atPath(String path) throws LabFault;

    /** Every serial port the operating system lists now ({@code SerialPort.getCommPorts()}). */
    List<Port> list();

    /** One port, opened or not. */
    interface Port {
        /** The device node, e.g. /dev/ttyUSB0 or /dev/pts/3. */
        String systemPath();

        /** The USB adapter's serial number, or null; compared, never printed. */
        String usbSerialNumber();

        int vendorId();

        int productId();

        /** 8N1 at {@code baudRate}, no flow control, reads that wait at most {@code readTimeoutMillis}. */
        void configure(int baudRate, int readTimeoutMillis);

        void setDtr(boolean asserted);

        void setRts(boolean asserted);

        /** @return false when the port could not be opened ({@link #lastErrorCode()} says why) */
        boolean open();

        int lastErrorCode();

        boolean isOpen();

        /** @return bytes read, 0 when none came within the read timeout, negative when the port failed */
        int read(byte[] b, int off, int len);

        /** @return bytes written, negative when the port failed */
        int write(byte[] b, int off, int len);

        void close();
    }
}
