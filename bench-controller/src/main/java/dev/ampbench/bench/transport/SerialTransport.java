package dev.ampbench.bench.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.ampbench.bench.LabFault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's UART through jSerialComm: a USB serial adapter or the emulator's pseudo-terminal.
 *
 * <p>Finding the port: by a stable path (/dev/serial/by-id/..., /dev/pts/N), or by the adapter's USB serial number,
 * or by USB vendor and product id; the last two are looked up again at every {@link #open()}, so a device that
 * re-enumerated under another /dev/ttyUSBn after a power cycle is found again.
 *
 * <p>Lines: many boards wire DTR or RTS to reset or boot-mode pins, and the operating system asserts both when a
 * port opens. The transport sets the configured levels <em>before</em> opening (jSerialComm 2.10.4 and later then
 * opens without the pulse, Fazecast/jSerialComm#523) and once more right after, so a board does not reset by
 * surprise when the bench connects.
 */
public final class SerialTransport implements Transport {

    /** How to find the port. Exactly one of path, USB serial number or vendor/product is set. */
    public record PortSelector(String path, String usbSerialNumber, int vendorId, int productId) {
        public static PortSelector path(String path) {
            return new PortSelector(Objects.requireNonNull(path, "path"), null, -1, -1);
        }

        public static PortSelector usbSerialNumber(String serial) {
            return new PortSelector(null, Objects.requireNonNull(serial, "serial"), -1, -1);
        }

        public static PortSelector usbIds(int vendorId, int productId) {
            return new PortSelector(null, null, vendorId, productId);
        }

        @Override
        public String toString() {
            if (path != null) {
                return path;
            }
            // A USB serial number identifies a lab adapter, not a device secret: it may be printed.
            return usbSerialNumber != null ? "usb-serial:" + usbSerialNumber
                    : String.format("usb:%04x:%04x", vendorId, productId);
        }
    }

    /** The levels DTR and RTS are held at; null leaves a line as the operating system sets it. */
    public record Lines(Boolean dtr, Boolean rts) {
        public static final Lines UNTOUCHED = new Lines(null, null);
        /** Both lines deasserted: no reset or boot-mode pulse on the usual auto-reset circuits. */
        public static final Lines BOTH_LOW = new Lines(false, false);
    }

    private final PortSelector selector;
    private final int baudRate;
    private final Lines lines;

    public SerialTransport(PortSelector selector, int baudRate, Lines lines) {
        this.selector = Objects.requireNonNull(selector, "selector");
        this.baudRate = baudRate;
        this.lines = Objects.requireNonNull(lines, "lines");
    }

    @Override
    public Connection open() throws LabFault {
        SerialPort port = find();
        port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        // Semi-blocking reads with a short timeout: a reader thread can notice a close.
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 100, 0);
        applyLines(port);
        if (!port.openPort()) {
            throw new LabFault("cannot open serial port " + selector + " (" + port.getSystemPortPath()
                    + "): error " + port.getLastErrorCode() + "; is it present and not in use?");
        }
        applyLines(port);
        InputStream in = new InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                while (port.isOpen()) {
                    int n = port.readBytes(b, len, off);
                    if (n > 0) {
                        return n;
                    }
                    if (n < 0) {
                        throw new IOException("serial port " + selector + " failed (device gone?)");
                    }
                }
                return -1;
            }
        };
        OutputStream out = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                int done = 0;
                while (done < len) {
                    int n = port.writeBytes(b, len - done, off + done);
                    if (n < 0) {
                        throw new IOException("serial port " + selector + " failed on write (device gone?)");
                    }
                    done += n;
                }
            }
        };
        return new Connection() {
            @Override
            public InputStream in() {
                return in;
            }

            @Override
            public OutputStream out() {
                return out;
            }

            @Override
            public String describe() {
                return SerialTransport.this.describe();
            }

            @Override
            public void close() {
                port.closePort();
            }
        };
    }

    private void applyLines(SerialPort port) {
        if (lines.dtr() != null) {
            if (lines.dtr()) {
                port.setDTR();
            } else {
                port.clearDTR();
            }
        }
        if (lines.rts() != null) {
            if (lines.rts()) {
                port.setRTS();
            } else {
                port.clearRTS();
            }
        }
    }

    private SerialPort find() throws LabFault {
        if (selector.path() != null) {
            try {
                return SerialPort.getCommPort(selector.path());
            } catch (SerialPortInvalidPortException e) {
                throw new LabFault("no serial port at " + selector.path() + " (unplugged, or not enumerated yet?)", e);
            }
        }
        List<String> seen = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            boolean match = selector.usbSerialNumber() != null
                    ? selector.usbSerialNumber().equals(p.getSerialNumber())
                    : p.getVendorID() == selector.vendorId() && p.getProductID() == selector.productId();
            if (match) {
                return p;
            }
            seen.add(p.getSystemPortPath());
        }
        throw new LabFault("no serial port matches " + selector + " (ports present: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
    }

    @Override
    public String describe() {
        return "serial " + selector + " @" + baudRate;
    }
}
