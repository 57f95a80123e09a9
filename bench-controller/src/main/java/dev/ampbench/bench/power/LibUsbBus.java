package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import org.usb4java.ConfigDescriptor;
import org.usb4java.Context;
import org.usb4java.Device;
import org.usb4java.DeviceDescriptor;
import org.usb4java.DeviceHandle;
import org.usb4java.DeviceList;
import org.usb4java.EndpointDescriptor;
import org.usb4java.InterfaceDescriptor;
import org.usb4java.LibUsb;

import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The real {@link UsbBus}: libusb 1.0 through usb4java's low-level API ({@code org.usb4java.LibUsb}), one libusb
 * context per instance. Nothing here interprets a request; the drivers decide every byte.
 */
public final class LibUsbBus implements UsbBus {

    private final Context context;
    private boolean closed;

    private LibUsbBus(Context context) {
        this.context = context;
    }

    /**
     * Loads the native library and initialises a libusb context.
     *
     * @throws LabFault when the native library cannot load or libusb cannot start (e.g. no usbfs, as in a
     *                  container without {@code /dev/bus/usb})
     */
    public static LibUsbBus open() throws LabFault {
        Context context = new Context();
        int result;
        try {
            result = LibUsb.init(context);
        } catch (LinkageError | RuntimeException e) {
            throw new LabFault("USB: cannot load libusb through usb4java: " + e.getMessage(), e);
        }
        if (result != LibUsb.SUCCESS) {
            throw new LabFault("USB: libusb cannot initialise: " + LibUsb.errorName(result) + " ("
                    + LibUsb.strError(result) + "); is /dev/bus/usb present and readable?");
        }
        return new LibUsbBus(context);
    }

    @Override
    public List<DeviceInfo> devices() throws LabFault {
        ensureOpen();
        DeviceList list = new DeviceList();
        int count = LibUsb.getDeviceList(context, list);
        if (count < 0) {
            throw new LabFault("USB: cannot list devices: " + LibUsb.strError(count));
        }
        try {
            List<DeviceInfo> out = new ArrayList<>(count);
            for (Device device : list) {
                out.add(info(device));
            }
            return out;
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
    }

    @Override
    public Handle open(DeviceInfo wanted) throws LabFault {
        ensureOpen();
        DeviceList list = new DeviceList();
        int count = LibUsb.getDeviceList(context, list);
        if (count < 0) {
            throw new LabFault("USB: cannot list devices: " + LibUsb.strError(count));
        }
        try {
            for (Device device : list) {
                DeviceInfo info = info(device);
                if (info.bus() == wanted.bus() && info.ports().equals(wanted.ports())
                        && info.vendorId() == wanted.vendorId() && info.productId() == wanted.productId()) {
                    DeviceHandle handle = new DeviceHandle();
                    int r = LibUsb.open(device, handle);
                    if (r != LibUsb.SUCCESS) {
                        throw new LabFault("USB " + wanted.location() + " (" + wanted.vidPid() + "): cannot open: "
                                + LibUsb.strError(r) + (r == LibUsb.ERROR_ACCESS ? "; check udev permissions" : ""));
                    }
                    return new LibUsbHandle(handle, wanted);
                }
            }
        } finally {
            LibUsb.freeDeviceList(list, true);
        }
        throw new LabFault("USB " + wanted.location() + " (" + wanted.vidPid() + "): device is gone");
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibUsb.exit(context);
        }
    }

    private synchronized void ensureOpen() throws LabFault {
        if (closed) {
            throw new LabFault("USB: libusb context already closed");
        }
    }

    private static DeviceInfo info(Device device) throws LabFault {
        DeviceDescriptor d = new DeviceDescriptor();
        int r = LibUsb.getDeviceDescriptor(device, d);
        if (r != LibUsb.SUCCESS) {
            throw new LabFault("USB: cannot read a device descriptor: " + LibUsb.strError(r));
        }
        ByteBuffer path = ByteBuffer.allocateDirect(8);
        int depth = LibUsb.getPortNumbers(device, path);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < Math.max(0, depth); i++) {
            ports.add(path.get(i) & 0xFF);
        }
        return new DeviceInfo(LibUsb.getBusNumber(device), ports, d.idVendor() & 0xFFFF, d.idProduct() & 0xFFFF,
                d.bcdUSB() & 0xFFFF, d.bDeviceClass() & 0xFF, d.iProduct() & 0xFF, d.iSerialNumber() & 0xFF);
    }

    private static final class LibUsbHandle implements Handle {
        private final DeviceHandle handle;
        private final DeviceInfo info;
        private final Set<Integer> claimed = new HashSet<>();
        private boolean closed;

        LibUsbHandle(DeviceHandle handle, DeviceInfo info) {
            this.handle = handle;
            this.info = info;
        }

        @Override
        public int controlTransfer(int bmRequestType, int bRequest, int wValue, int wIndex, byte[] data,
                                   int timeoutMillis) throws LabFault {
            ByteBuffer buffer = ByteBuffer.allocateDirect(data.length);
            boolean in = (bmRequestType & 0x80) != 0;
            if (!in) {
                buffer.put(data);
                buffer.rewind();
            }
            int r = LibUsb.controlTransfer(handle, (byte) bmRequestType, (byte) bRequest, (short) wValue,
                    (short) wIndex, buffer, timeoutMillis);
            if (r < 0) {
                throw new LabFault(String.format("USB %s (%s): control transfer %02x/%02x wValue %04x wIndex %04x"
                                + " failed: %s", info.location(), info.vidPid(), bmRequestType, bRequest, wValue,
                        wIndex, LibUsb.strError(r)));
            }
            if (in) {
                buffer.rewind();
                buffer.get(data, 0, r);
            }
            return r;
        }

        @Override
        public String stringDescriptor(int index) throws LabFault {
            StringBuffer s = new StringBuffer();
            int r = LibUsb.getStringDescriptorAscii(handle, (byte) index, s);
            if (r < 0) {
                throw new LabFault("USB " + info.location() + " (" + info.vidPid() + "): cannot read string "
                        + index + ": " + LibUsb.strError(r));
            }
            return s.toString();
        }

        @Override
        public void claimInterface(int number) throws LabFault {
            LibUsb.setAutoDetachKernelDriver(handle, true);
            int r = LibUsb.claimInterface(handle, number);
            if (r != LibUsb.SUCCESS) {
                throw new LabFault("USB " + info.location() + " (" + info.vidPid() + "): cannot claim interface "
                        + number + ": " + LibUsb.strError(r));
            }
            claimed.add(number);
        }

        @Override
        public List<Endpoint> endpoints(int number) throws LabFault {
            ConfigDescriptor config = new ConfigDescriptor();
            int r = LibUsb.getActiveConfigDescriptor(LibUsb.getDevice(handle), config);
            if (r != LibUsb.SUCCESS) {
                throw new LabFault("USB " + info.location() + " (" + info.vidPid() + "): cannot read the active "
                        + "configuration descriptor: " + LibUsb.strError(r));
            }
            try {
                for (org.usb4java.Interface iface : config.iface()) {
                    for (InterfaceDescriptor alt : iface.altsetting()) {
                        if ((alt.bInterfaceNumber() & 0xFF) == number && alt.bAlternateSetting() == 0) {
                            List<Endpoint> out = new ArrayList<>();
                            for (EndpointDescriptor e : alt.endpoint()) {
                                out.add(new Endpoint(e.bEndpointAddress() & 0xFF, e.bmAttributes() & 0xFF,
                                        e.wMaxPacketSize() & 0xFFFF));
                            }
                            return out;
                        }
                    }
                }
            } finally {
                LibUsb.freeConfigDescriptor(config);
            }
            throw new LabFault("USB " + info.location() + " (" + info.vidPid() + "): no interface " + number
                    + " in the active configuration");
        }

        @Override
        public int bulkTransfer(int endpoint, byte[] data, int offset, int length, int timeoutMillis)
                throws LabFault {
            ByteBuffer buffer = ByteBuffer.allocateDirect(length);
            boolean in = (endpoint & 0x80) != 0;
            if (!in) {
                buffer.put(data, offset, length);
                buffer.rewind();
            }
            IntBuffer transferred = org.usb4java.BufferUtils.allocateIntBuffer();
            int r = LibUsb.bulkTransfer(handle, (byte) endpoint, buffer, transferred, timeoutMillis);
            int n = transferred.get(0);
            if (r != LibUsb.SUCCESS && r != LibUsb.ERROR_TIMEOUT) {
                throw new LabFault(String.format("USB %s (%s): bulk transfer on endpoint %02x failed: %s",
                        info.location(), info.vidPid(), endpoint, LibUsb.strError(r)));
            }
            if (in && n > 0) {
                buffer.rewind();
                buffer.get(data, offset, n);
            }
            return n;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                for (int n : claimed) {
                    LibUsb.releaseInterface(handle, n);
                }
                LibUsb.close(handle);
            }
        }
    }
}
