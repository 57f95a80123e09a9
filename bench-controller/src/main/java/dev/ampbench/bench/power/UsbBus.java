package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The thin boundary between the USB power drivers ({@link UsbHubPortSwitch}, {@link HidRelaySwitch}) and libusb:
 * list devices, open one, send control transfers. {@link LibUsbBus} is the real one (usb4java); tests use a fake
 * that records every control transfer, so the exact bytes a driver sends are checked without hardware.
 */
public interface UsbBus extends AutoCloseable {

    /**
     * One device as enumerated, before it is opened.
     *
     * @param bus         bus number
     * @param ports       port numbers from the root hub down (empty for a root hub)
     * @param vendorId    idVendor
     * @param productId   idProduct
     * @param bcdUsb      bcdUSB, e.g. 0x0200 or 0x0300; a hub at 0x0300 or above is a SuperSpeed hub
     * @param deviceClass bDeviceClass (9 for a hub)
     * @param iProduct    string index of the product name, 0 if none
     * @param iSerialNumber string index of the serial number, 0 if none (the string itself is read only through an
     *                    open handle, and never printed)
     */
    record DeviceInfo(int bus, List<Integer> ports, int vendorId, int productId, int bcdUsb, int deviceClass,
                      int iProduct, int iSerialNumber) {
        public static final int CLASS_HUB = 9;

        public DeviceInfo {
            ports = List.copyOf(Objects.requireNonNull(ports, "ports"));
        }

        /** A device without a serial number string. */
        public DeviceInfo(int bus, List<Integer> ports, int vendorId, int productId, int bcdUsb, int deviceClass,
                          int iProduct) {
            this(bus, ports, vendorId, productId, bcdUsb, deviceClass, iProduct, 0);
        }

        /**
         * The location as Linux names it in sysfs and uhubctl accepts with {@code -l}: the bus, then a dash and
         * the port path joined by dots ({@code 1-1.4}); a root hub is just the bus ({@code 1}).
         */
        public String location() {
            return ports.isEmpty() ? Integer.toString(bus)
                    : bus + "-" + ports.stream().map(String::valueOf).collect(Collectors.joining("."));
        }

        /** {@code vvvv:pppp} in lower-case hex, as lsusb prints it. */
        public String vidPid() {
            return String.format("%04x:%04x", vendorId, productId);
        }

        public boolean isHub() {
            return deviceClass == CLASS_HUB;
        }

        public boolean isSuperSpeed() {
            return bcdUsb >= 0x0300;
        }
    }

    /**
     * An endpoint of an interface's current alternate setting, from the configuration descriptor.
     *
     * @param address       bEndpointAddress (bit 7 set: IN)
     * @param attributes    bmAttributes (bits 0-1: 0 control, 1 isochronous, 2 bulk, 3 interrupt)
     * @param maxPacketSize wMaxPacketSize
     */
    record Endpoint(int address, int attributes, int maxPacketSize) {
        public boolean isBulk() {
            return (attributes & 0x03) == 2;
        }

        public boolean isIn() {
            return (address & 0x80) != 0;
        }
    }

    /** An opened device. */
    interface Handle extends AutoCloseable {
        /**
         * One control transfer on endpoint 0, as libusb_control_transfer: for a device-to-host request (bit 7 of
         * {@code bmRequestType} set) {@code data} is filled with what the device sent, otherwise it is sent.
         *
         * @return the number of bytes actually transferred
         * @throws LabFault when the transfer fails or times out
         */
        int controlTransfer(int bmRequestType, int bRequest, int wValue, int wIndex, byte[] data,
                            int timeoutMillis) throws LabFault;

        /** The ASCII string descriptor at {@code index}. */
        String stringDescriptor(int index) throws LabFault;

        /** Claims an interface, detaching a kernel driver (e.g. usbhid) from it first; released on close. */
        void claimInterface(int number) throws LabFault;

        /**
         * The endpoints of interface {@code number} (alternate setting 0) in the active configuration, as
         * libusb_get_active_config_descriptor lists them.
         *
         * @throws LabFault when the descriptor cannot be read or the interface does not exist
         */
        default List<Endpoint> endpoints(int number) throws LabFault {
            throw new LabFault("this USB bus cannot read interface descriptors");
        }

        /**
         * One bulk transfer, as libusb_bulk_transfer: on an IN endpoint (bit 7 set) up to {@code length} bytes are
         * read into {@code data} at {@code offset}; on an OUT endpoint they are sent from there.
         *
         * @return the bytes transferred; fewer than asked (possibly 0) when the timeout expired first
         * @throws LabFault when the transfer fails: the device is gone, the endpoint stalled, an I/O error
         */
        default int bulkTransfer(int endpoint, byte[] data, int offset, int length, int timeoutMillis)
                throws LabFault {
            throw new LabFault("this USB bus cannot do bulk transfers");
        }

        @Override
        void close();
    }

    /** Every device on every bus, in the order libusb lists them. */
    List<DeviceInfo> devices() throws LabFault;

    /** Opens one device as listed by {@link #devices()}. */
    Handle open(DeviceInfo device) throws LabFault;

    @Override
    void close();

    /**
     * Parses a location as {@link DeviceInfo#location()} prints it ({@code 1-1.4.2}, or {@code 3} for a root hub).
     *
     * @return bus followed by the port path
     * @throws IllegalArgumentException naming what is wrong
     */
    static int[] parseLocation(String location) {
        String s = location.trim();
        int dash = s.indexOf('-');
        String busPart = dash < 0 ? s : s.substring(0, dash);
        int bus = parseNumber(busPart, "bus", location, 255);
        if (dash < 0) {
            return new int[] {bus};
        }
        String[] parts = s.substring(dash + 1).split("\\.", -1);
        if (parts.length > 7) {
            throw new IllegalArgumentException("USB location '" + location + "' has more than 7 port levels");
        }
        int[] out = new int[parts.length + 1];
        out[0] = bus;
        for (int i = 0; i < parts.length; i++) {
            out[i + 1] = parseNumber(parts[i], "port", location, 255);
            if (out[i + 1] == 0) {
                throw new IllegalArgumentException("USB location '" + location + "': ports are numbered from 1");
            }
        }
        return out;
    }

    /**
     * Parses {@code vvvv:pppp} (hexadecimal, as lsusb prints it).
     *
     * @return vendor and product id
     * @throws IllegalArgumentException naming what is wrong
     */
    static int[] parseVidPid(String vidPid) {
        String s = vidPid.trim();
        if (!s.matches("[0-9a-fA-F]{1,4}:[0-9a-fA-F]{1,4}")) {
            throw new IllegalArgumentException("'" + vidPid + "' is not vendor:product in hex, e.g. 05e3:0610");
        }
        int colon = s.indexOf(':');
        return new int[] {Integer.parseInt(s.substring(0, colon), 16), Integer.parseInt(s.substring(colon + 1), 16)};
    }

    private static int parseNumber(String text, String what, String location, int max) {
        if (!text.matches("\\d{1,3}")) {
            throw new IllegalArgumentException("USB location '" + location + "': " + what + " '" + text
                    + "' is not a number (expected e.g. 1-1.4)");
        }
        int n = Integer.parseInt(text);
        if (n > max) {
            throw new IllegalArgumentException("USB location '" + location + "': " + what + " " + n + " > " + max);
        }
        return n;
    }
}
