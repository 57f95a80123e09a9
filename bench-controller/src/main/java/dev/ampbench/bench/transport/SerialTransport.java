package dev.ampbench.bench.transport;

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
 * surprise when the bench connects. Both through the thin {@link SerialPorts} boundary ({@link JSerialCommPorts}).
 *
 * <p>Mid-session: when a read or write fails (a USB serial adapter or USB-CDC device power-cycled inside a suite
 * re-enumerates: its tty disappears and comes back, maybe under another name), the open connection looks the port
 * up again by the same selector every 100 ms for up to the re-enumeration window, reopens it (lines first) and
 * carries on; bytes in flight are lost. The shared logic is {@link Reattaching}, as for {@link UsbBulkTransport}.
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
            // A serial number identifies a lab device (for a USB-CDC DUT, the DUT itself): compared, never printed.
            return usbSerialNumber != null ? "usb-serial (by serial number)"
                    : String.format("usb:%04x:%04x", vendorId, productId);
        }
    }

    /** The levels DTR and RTS are held at; null leaves a line as the operating system sets it. */
    public record Lines(Boolean dtr, Boolean rts) {
        public static final Lines UNTOUCHED = new Lines(null, null);
        /** Both lines deasserted: no reset or boot-mode pulse on the usual auto-reset circuits. */
        public static final Lines BOTH_LOW = new Lines(false, false);
    }

    /** How long an open connection looks for a port that failed before it gives up (inventory DUTs). */
    public static final int DEFAULT_REENUMERATION_MILLIS = 10_000;
    /** A read waits at most this long, so a reader thread notices a close. */
    static final int READ_POLL_MILLIS = 100;
    /** Consecutive failed reads or writes (each right after finding the port again) before giving up. */
    private static final int MAX_CONSECUTIVE_FAILURES = 3;

    private final SerialPorts ports;
    private final PortSelector selector;
    private final int baudRate;
    private final Lines lines;
    private final int reenumerationMillis;
    private final String dut;

    /** {@code reenumerationMillis}: a port that fails is given up at once, never looked for again. */
    public static final int NO_REFIND = -1;

    /**
     * jSerialComm, no DUT name, and no mid-session re-find ({@link #NO_REFIND}): for the emulator's own
     * pseudo-terminals, which never re-enumerate, and whose /dev/pts/N number another emulator may get once freed
     * (re-finding by that path could attach a session to another device).
     */
    public SerialTransport(PortSelector selector, int baudRate, Lines lines) {
        this(JSerialCommPorts.INSTANCE, selector, baudRate, lines, NO_REFIND, null);
    }

    /**
     * @param reenumerationMillis how long an open connection looks for the port again after it failed (a USB
     *                            adapter or USB-CDC device power-cycled mid-session re-enumerates), or
     *                            {@link #NO_REFIND}
     * @param dut                 the DUT's name, for errors; null when there is none
     */
    public SerialTransport(SerialPorts ports, PortSelector selector, int baudRate, Lines lines,
                           int reenumerationMillis, String dut) {
        this.ports = Objects.requireNonNull(ports, "ports");
        this.selector = Objects.requireNonNull(selector, "selector");
        this.baudRate = baudRate;
        this.lines = Objects.requireNonNull(lines, "lines");
        this.reenumerationMillis = reenumerationMillis;
        this.dut = dut;
    }

    @Override
    public Connection open() throws LabFault {
        return new SerialConnection(new Reattaching<>(describe(), attach(), this::attach, SerialPorts.Port::close,
                reenumerationMillis, MAX_CONSECUTIVE_FAILURES));
    }

    /**
     * Finds the port (again), configures it and opens it with the lines held: set before opening (jSerialComm
     * 2.10.4 and later then opens without the pulse the OS gives, Fazecast/jSerialComm#523) and again right after
     * (drivers and jSerialComm versions that still assert the lines on open, or reset them to defaults, get them
     * put back before the bench sends a byte). Nothing stays open on failure.
     */
    private SerialPorts.Port attach() throws LabFault {
        SerialPorts.Port port = find();
        port.configure(baudRate, READ_POLL_MILLIS);
        applyLines(port);
        if (!port.open()) {
            throw new LabFault("cannot open serial port " + selector + " (" + port.systemPath()
                    + "): error " + port.lastErrorCode() + "; is it present and not in use?");
        }
        applyLines(port);
        return port;
    }

    /**
     * An open port. A read or write that fails (the port vanished: a USB serial adapter or USB-CDC device
     * power-cycled mid-session) makes the connection look the port up again by the same selector and reopen it
     * (lines first), for up to the re-enumeration window; bytes in flight are lost. See {@link Reattaching}.
     */
    private final class SerialConnection implements Connection {
        private final Reattaching<SerialPorts.Port> port;
        private final InputStream in;
        private final OutputStream out;

        SerialConnection(Reattaching<SerialPorts.Port> port) {
            this.port = port;
            this.in = new InputStream() {
                private final byte[] one = new byte[1];

                @Override
                public int read() throws IOException {
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (len == 0) {
                        return 0;
                    }
                    while (true) {
                        int n = port.run(p -> {
                            int r = p.isOpen() ? p.read(b, off, len) : -1;
                            if (r < 0) {
                                throw new LabFault("serial port " + selector + " failed on read (device gone?)");
                            }
                            return r;
                        });
                        if (n != 0) {
                            return n; // bytes, or -1: closed
                        }
                    }
                }
            };
            this.out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    int done = 0;
                    while (done < len) {
                        int from = off + done;
                        int count = len - done;
                        int n = port.run(p -> {
                            int r = p.isOpen() ? p.write(b, from, count) : -1;
                            if (r < 0) {
                                throw new LabFault("serial port " + selector + " failed on write (device gone?)");
                            }
                            return r;
                        });
                        if (n < 0) {
                            throw new IOException(SerialTransport.this.describe() + " is closed");
                        }
                        done += n;
                    }
                }
            };
        }

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
            return SerialTransport.this.describe() + (port.current() != null ? ""
                    : port.gone() ? " (gone)" : " (re-enumerating)");
        }

        @Override
        public void close() {
            port.close(READ_POLL_MILLIS + 500L);
        }
    }

    private void applyLines(SerialPorts.Port port) {
        if (lines.dtr() != null) {
            port.setDtr(lines.dtr());
        }
        if (lines.rts() != null) {
            port.setRts(lines.rts());
        }
    }

    private SerialPorts.Port find() throws LabFault {
        if (selector.path() != null) {
            return ports.atPath(selector.path());
        }
        List<String> seen = new ArrayList<>();
        for (SerialPorts.Port p : ports.list()) {
            boolean match = selector.usbSerialNumber() != null
                    ? selector.usbSerialNumber().equals(p.usbSerialNumber())
                    : p.vendorId() == selector.vendorId() && p.productId() == selector.productId();
            if (match) {
                return p;
            }
            seen.add(p.systemPath());
        }
        throw new LabFault("no serial port matches " + selector + " (ports present: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen)) + ")");
    }

    @Override
    public String describe() {
        return (dut != null ? "DUT " + dut + " on " : "") + "serial " + selector + " @" + baudRate;
    }
}
