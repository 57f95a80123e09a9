package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.UsbBus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fake {@link UsbBus} for the bulk transport: devices with a serial number string and one vendor interface, whose
 * bulk endpoints are two byte queues. Every request the transport makes is recorded as a line (open, string read,
 * claim, descriptor read, each OUT transfer with its bytes), so tests assert exactly what would go on the bus. A
 * device's far side is a {@link DeviceSide} that a test, or the emulator through its {@code Link} interface, reads
 * and writes.
 */
final class FakeUsbBulkBus implements UsbBus {

    /** The device's end of its two bulk pipes. */
    static final class DeviceSide {
        final LinkedBlockingQueue<byte[]> fromHost = new LinkedBlockingQueue<>();
        final LinkedBlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
        final String serial;
        final List<Endpoint> endpoints;
        volatile boolean present = true;
        /** False: the device stops reading, every bulk OUT times out having moved nothing. */
        volatile boolean readsOut = true;
        /** True: its IN endpoint stalls (every IN transfer fails with a pipe error), present or not. */
        volatile boolean stallsIn;
        /** Bumped at every unplug: a handle opened before it stays dead, as after a real re-enumeration. */
        volatile int generation;

        DeviceSide(String serial, List<Endpoint> endpoints) {
            this.serial = serial;
            this.endpoints = endpoints;
        }

        /** As emulator {@code Link.read}: bytes the host sent, 0 on timeout (also while unplugged). */
        int read(byte[] buf, int timeoutMillis) throws IOException {
            try {
                byte[] b = fromHost.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                if (b == null) {
                    return 0;
                }
                System.arraycopy(b, 0, buf, 0, b.length); // OUT transfers in tests are shorter than buf
                return b.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        void write(byte[] bytes) {
            if (present) {
                toHost.add(bytes.clone());
            }
        }
    }

    static final List<Endpoint> BULK_02_83 = List.of(new Endpoint(0x83, 0x03, 16), new Endpoint(0x02, 0x02, 64),
            new Endpoint(0x84, 0x02, 64));

    private final Map<DeviceInfo, DeviceSide> devices = new LinkedHashMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    int busesOpened;
    int busesClosed;
    int handlesClosed;

    DeviceSide add(DeviceInfo info, DeviceSide side) {
        devices.put(info, side);
        return side;
    }

    /** Unplugs: the device leaves the bus listing, and transfers on an open handle fail as libusb's NO_DEVICE. */
    void unplug(DeviceInfo info) {
        DeviceSide side = devices.remove(info);
        side.present = false;
        side.generation++;
    }

    /** The same device back on the bus, maybe at another location (a power cycle, a reset). */
    void replug(DeviceInfo info, DeviceSide side) {
        side.present = true;
        devices.put(info, side);
    }

    UsbBulkTransport.BusFactory factory() {
        return () -> {
            busesOpened++;
            return this;
        };
    }

    @Override
    public List<DeviceInfo> devices() {
        return List.copyOf(devices.keySet());
    }

    @Override
    public Handle open(DeviceInfo d) throws LabFault {
        DeviceSide side = devices.get(d);
        if (side == null) {
            throw new LabFault("fake: gone");
        }
        requests.add("open " + d.location());
        int generation = side.generation;
        return new Handle() {
            @Override
            public int controlTransfer(int bmRequestType, int bRequest, int wValue, int wIndex, byte[] data,
                                       int timeoutMillis) {
                throw new AssertionError("the bulk transport sends no control transfer");
            }

            @Override
            public String stringDescriptor(int index) throws LabFault {
                requests.add("string " + d.location() + " #" + index);
                if (index != d.iSerialNumber() || index == 0) {
                    throw new LabFault("fake: no string " + index);
                }
                return side.serial;
            }

            @Override
            public void claimInterface(int number) {
                requests.add("claim " + d.location() + " if" + number);
            }

            @Override
            public List<Endpoint> endpoints(int number) throws LabFault {
                requests.add("config-descriptor " + d.location() + " if" + number);
                if (number != 0) {
                    throw new LabFault("fake: no interface " + number);
                }
                return side.endpoints;
            }

            @Override
            public int bulkTransfer(int endpoint, byte[] data, int offset, int length, int timeoutMillis)
                    throws LabFault {
                if ((endpoint & 0x80) != 0 && side.stallsIn) {
                    throw new LabFault("USB " + d.location() + " (" + d.vidPid() + "): bulk transfer on endpoint "
                            + String.format("%02x", endpoint) + " failed: Pipe error");
                }
                if (!side.present || side.generation != generation) {
                    throw new LabFault("USB " + d.location() + " (" + d.vidPid() + "): bulk transfer on endpoint "
                            + String.format("%02x", endpoint) + " failed: No such device (it may have been "
                            + "disconnected)");
                }
                if ((endpoint & 0x80) == 0) {
                    byte[] sent = java.util.Arrays.copyOfRange(data, offset, offset + length);
                    requests.add(String.format("bulk-out %s ep%02x %s", d.location(), endpoint,
                            HexFormat.of().formatHex(sent)));
                    if (!side.readsOut) {
                        return 0;
                    }
                    side.fromHost.add(sent);
                    return length;
                }
                try {
                    byte[] b = side.toHost.poll(timeoutMillis, TimeUnit.MILLISECONDS);
                    if (b == null) {
                        return 0;
                    }
                    if (b.length > length) {
                        throw new LabFault("fake: overflow, " + b.length + " > " + length);
                    }
                    System.arraycopy(b, 0, data, offset, b.length);
                    return b.length;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LabFault("interrupted", e);
                }
            }

            @Override
            public void close() {
                handlesClosed++;
            }
        };
    }

    @Override
    public void close() {
        busesClosed++;
    }
}
