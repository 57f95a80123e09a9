package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.UsbBus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's host interface on a vendor-specific USB interface with a bulk OUT and a bulk IN endpoint, through the
 * thin {@link UsbBus} boundary (usb4java in the lab, a recording fake in tests). The exact requests are in
 * docs/transports.md.
 *
 * <p>Every {@link #open()} lists the buses again and finds the device by vendor:product id and, when configured, by
 * its serial number string, never by bus location: a device that re-enumerated after a power cycle (new address,
 * maybe another port) is found again. The serial number identifies a device in the lab and is compared, never
 * printed: errors say only whether it was configured.
 *
 * <p>Opening claims the interface (libusb detaches a kernel driver bound to it first), then takes the endpoints from
 * the inventory or, where it left them out, the interface's first bulk OUT and bulk IN endpoints from its
 * descriptor. Reads poll the IN endpoint with a short timeout so a close is noticed; a write that does not complete
 * within the write timeout, or any transfer error (the device vanished mid-run, a stall), ends the connection with
 * an {@link IOException} that the wire session reports as a lab fault.
 */
public final class UsbBulkTransport implements Transport {
    /** The poll interval of the IN endpoint: how long a read waits before checking that the connection is open. */
    static final int READ_POLL_MILLIS = 100;
    /** Larger than any bulk packet (512 at high speed, 1024 at SuperSpeed), so a packet is never split (overflow). */
    static final int READ_BUFFER = 16 * 1024;

    /** Opens a libusb context; {@link dev.ampbench.bench.power.LibUsbBus#open()} in the lab. */
    @FunctionalInterface
    public interface BusFactory {
        UsbBus open() throws LabFault;
    }

    private final BusFactory buses;
    private final int vendorId;
    private final int productId;
    private final Optional<String> serialNumber;
    private final int iface;
    private final int endpointOut;
    private final int endpointIn;
    private final int writeTimeoutMillis;
    private final int reenumerationMillis;

    /**
     * @param serialNumber the device's serial number string, to tell apart devices with the same id; never printed
     * @param endpointOut  0x01..0x0f, or 0 to take the interface's first bulk OUT endpoint
     * @param endpointIn   0x81..0x8f, or 0 to take the interface's first bulk IN endpoint
     * @param reenumerationMillis how long an open connection waits for the device to come back after it left the
     *                     bus (a power cycle re-enumerates a USB device) before it fails
     */
    public UsbBulkTransport(BusFactory buses, int vendorId, int productId, Optional<String> serialNumber, int iface,
                            int endpointOut, int endpointIn, int writeTimeoutMillis, int reenumerationMillis) {
        this.buses = Objects.requireNonNull(buses, "buses");
        this.vendorId = vendorId;
        this.productId = productId;
        this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
        this.iface = iface;
        this.endpointOut = endpointOut;
        this.endpointIn = endpointIn;
        this.writeTimeoutMillis = writeTimeoutMillis;
        this.reenumerationMillis = reenumerationMillis;
    }

    @Override
    public Connection open() throws LabFault {
        UsbBus bus = buses.open();
        try {
            return new BulkConnection(bus, attach(bus));
        } catch (LabFault | RuntimeException e) {
            bus.close();
            throw e;
        }
    }

    /** The device found, its interface claimed and its endpoints chosen; nothing stays open on failure. */
    private Attached attach(UsbBus bus) throws LabFault {
        UsbBus.Handle handle = find(bus);
        try {
            handle.claimInterface(iface);
            List<UsbBus.Endpoint> endpoints = handle.endpoints(iface);
            return new Attached(handle, choose(endpoints, endpointOut, false), choose(endpoints, endpointIn, true));
        } catch (LabFault | RuntimeException e) {
            handle.close();
            throw e;
        }
    }

    private record Attached(UsbBus.Handle handle, int out, int in) {
    }

    /** The device with our id (and serial number), opened; each candidate that is not it is closed again. */
    private UsbBus.Handle find(UsbBus bus) throws LabFault {
        int sameId = 0;
        for (UsbBus.DeviceInfo d : bus.devices()) {
            if (d.vendorId() != vendorId || d.productId() != productId) {
                continue;
            }
            sameId++;
            UsbBus.Handle h = bus.open(d);
            if (serialNumber.isEmpty()) {
                return h;
            }
            boolean match = false;
            try {
                match = d.iSerialNumber() != 0 && serialNumber.get().equals(h.stringDescriptor(d.iSerialNumber()));
            } catch (LabFault e) {
                // A device whose serial number cannot be read is not the one we want; keep looking.
            }
            if (match) {
                return h;
            }
            h.close();
        }
        throw new LabFault("no USB device " + ids() + (serialNumber.isPresent()
                ? " with the configured serial number (" + sameId + " with that id present)"
                : " present") + "; unplugged, not enumerated yet, or no permission (udev)?");
    }

    private int choose(List<UsbBus.Endpoint> endpoints, int configured, boolean in) throws LabFault {
        String dir = in ? "IN" : "OUT";
        for (UsbBus.Endpoint e : endpoints) {
            if (e.isBulk() && e.isIn() == in && (configured == 0 || e.address() == configured)) {
                return e.address();
            }
        }
        List<String> have = new ArrayList<>();
        for (UsbBus.Endpoint e : endpoints) {
            have.add(String.format("%02x %s", e.address(), switch (e.attributes() & 3) {
                case 0 -> "control";
                case 1 -> "isochronous";
                case 2 -> "bulk";
                default -> "interrupt";
            }));
        }
        throw new LabFault("USB " + ids() + " interface " + iface + ": "
                + (configured == 0 ? "no bulk " + dir + " endpoint" : String.format("endpoint %02x is not a bulk %s "
                + "endpoint", configured, dir)) + " (it has: " + (have.isEmpty() ? "none" : String.join(", ", have))
                + ")");
    }

    private String ids() {
        return String.format("%04x:%04x", vendorId, productId);
    }

    @Override
    public String describe() {
        // The serial number is compared, never shown: only that one was configured.
        return "usb-bulk " + ids() + (serialNumber.isPresent() ? " (by serial number)" : "") + " if" + iface;
    }

    /**
     * An open connection. When a transfer fails (the device left the bus: a power cycle, a reset), the connection
     * looks for the device again (by id and serial number, as {@link #open()} does) for up to the re-enumeration
     * window, and carries on with it: to the bench this is a UART whose device was off for a while (bytes sent
     * meanwhile are lost, as they would be). A device that does not come back, or that keeps failing right after
     * coming back, ends the connection with an {@link IOException}, which the wire session reports as a lab fault.
     */
    private final class BulkConnection implements Connection {
        /** Consecutive failed transfers (each followed by a re-find) before the connection gives up. */
        private static final int MAX_CONSECUTIVE_FAILURES = 3;

        private final UsbBus bus;
        private final Reattaching<Attached> device;
        private final InputStream input;
        private final OutputStream output;

        BulkConnection(UsbBus bus, Attached attached) {
            this.bus = bus;
            this.device = new Reattaching<>(ids(), attached, () -> attach(bus), a -> a.handle().close(),
                    reenumerationMillis, MAX_CONSECUTIVE_FAILURES);
            this.input = new BulkIn();
            this.output = new BulkOut();
        }

        @Override
        public InputStream in() {
            return input;
        }

        @Override
        public OutputStream out() {
            return output;
        }

        @Override
        public String describe() {
            Attached a = device.current();
            return UsbBulkTransport.this.describe() + (a == null ? (device.gone() ? " (gone)" : " (re-enumerating)")
                    : String.format(" out %02x in %02x", a.out(), a.in()));
        }

        @Override
        public void close() {
            // libusb must not close a handle while another thread is inside a transfer on it: let the reader's
            // poll (at most READ_POLL_MILLIS) and any write (at most the write timeout) finish first.
            if (device.close(READ_POLL_MILLIS + writeTimeoutMillis + 500L)) {
                bus.close();
            }
        }

        /** One transfer, re-finding the device as often as needed; -1 once the connection is closed. */
        private int transfer(boolean in, byte[] data, int offset, int length, int timeoutMillis) throws IOException {
            return device.run(a -> a.handle().bulkTransfer(in ? a.in() : a.out(), data, offset, length,
                    timeoutMillis));
        }

        private final class BulkIn extends InputStream {
            private final byte[] packet = new byte[READ_BUFFER];
            private int start;
            private int end;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public synchronized int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (start == end) {
                    int n = transfer(true, packet, 0, packet.length, READ_POLL_MILLIS);
                    if (n < 0) {
                        return -1;
                    }
                    start = 0;
                    end = n;
                }
                int n = Math.min(len, end - start);
                System.arraycopy(packet, start, b, off, n);
                start += n;
                return n;
            }
        }

        private final class BulkOut extends OutputStream {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                int done = 0;
                while (done < len) {
                    int n = transfer(false, b, off + done, len - done, writeTimeoutMillis);
                    if (n < 0) {
                        throw new IOException(UsbBulkTransport.this.describe() + " is closed");
                    }
                    if (n == 0) {
                        throw new InterruptedIOException(String.format("USB %s: bulk OUT on endpoint %02x took "
                                + "longer than %d ms (device not reading?)", ids(), outEndpoint(), writeTimeoutMillis));
                    }
                    done += n;
                }
            }
        }

        private int outEndpoint() {
            Attached a = device.current();
            return a != null ? a.out() : endpointOut;
        }
    }
}
