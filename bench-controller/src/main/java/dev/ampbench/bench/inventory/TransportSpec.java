package dev.ampbench.bench.inventory;

import java.util.Objects;
import java.util.Optional;

/**
 * How the bench reaches a DUT's host interface (docs/bench-wire-protocol.md): one record per kind. The records only
 * say where the device is; the transport package opens it.
 */
public sealed interface TransportSpec
        permits TransportSpec.Serial, TransportSpec.UsbBulk, TransportSpec.Tcp, TransportSpec.Emulator {

    /** The name of the kind as written in the inventory ({@code serial}, {@code usb-bulk}, {@code tcp}, {@code emulator}). */
    String kind();

    /** A USB vendor and product id, written {@code "0403:6001"} as lsusb prints them. */
    record UsbId(int vendor, int product) {
        public UsbId {
            if (vendor < 0 || vendor > 0xFFFF || product < 0 || product > 0xFFFF) {
                throw new IllegalArgumentException("USB ids are 16-bit");
            }
        }

        @Override
        public String toString() {
            return String.format("%04x:%04x", vendor, product);
        }
    }

    /**
     * A serial port (UART over a USB adapter or a native port). Found either by a stable path, or by USB serial
     * number and/or vendor:product id; exactly one of the two ways is given.
     *
     * @param path      a stable device path such as {@code /dev/serial/by-id/usb-FTDI_...-if00-port0}
     * @param usbSerial the USB adapter's serial number string
     * @param usbId     the USB adapter's vendor:product id
     * @param baud      the line speed, default 115200
     */
    record Serial(Optional<String> path, Optional<String> usbSerial, Optional<UsbId> usbId, int baud)
            implements TransportSpec {
        public static final int DEFAULT_BAUD = 115_200;

        public Serial {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(usbSerial, "usbSerial");
            Objects.requireNonNull(usbId, "usbId");
            if (path.isPresent() == (usbSerial.isPresent() || usbId.isPresent())) {
                throw new IllegalArgumentException("a serial port is found by path, or by USB serial and/or id");
            }
            if (baud <= 0) {
                throw new IllegalArgumentException("baud must be positive");
            }
        }

        @Override
        public String kind() {
            return "serial";
        }
    }

    /**
     * A vendor-specific USB bulk interface.
     *
     * @param usbId       vendor:product id
     * @param usbSerial   the device's serial number string, to tell apart several devices with the same id
     * @param iface       the interface number, default 0
     * @param endpointOut the bulk OUT endpoint address (bit 7 clear), or {@link #DISCOVER}: the interface's first
     *                    bulk OUT endpoint, read from its descriptor when the transport opens
     * @param endpointIn  the bulk IN endpoint address (bit 7 set), or {@link #DISCOVER} likewise
     */
    record UsbBulk(UsbId usbId, Optional<String> usbSerial, int iface, int endpointOut, int endpointIn)
            implements TransportSpec {
        /** An endpoint left out of the inventory: found in the interface descriptor when the transport opens. */
        public static final int DISCOVER = 0;

        public UsbBulk {
            Objects.requireNonNull(usbId, "usbId");
            Objects.requireNonNull(usbSerial, "usbSerial");
            if (iface < 0 || iface > 255) {
                throw new IllegalArgumentException("interface number out of range");
            }
            if (endpointOut != DISCOVER && (endpointOut < 0x01 || endpointOut > 0x0F)) {
                throw new IllegalArgumentException("OUT endpoint must be 0x01..0x0f (or 0: discover)");
            }
            if (endpointIn != DISCOVER && (endpointIn < 0x81 || endpointIn > 0x8F)) {
                throw new IllegalArgumentException("IN endpoint must be 0x81..0x8f (or 0: discover)");
            }
        }

        @Override
        public String kind() {
            return "usb-bulk";
        }

        /** The device's serial number identifies it in the lab: compared, never printed (docs/transports.md). */
        @Override
        public String toString() {
            return "UsbBulk[usbId=" + usbId + ", usbSerial=" + (usbSerial.isPresent() ? "(set)" : "(none)")
                    + ", iface=" + iface + String.format(", endpointOut=%02x, endpointIn=%02x]", endpointOut,
                    endpointIn);
        }
    }

    /** A host interface over TCP (a gateway's management port, a serial-to-network adapter, a remote emulator). */
    record Tcp(String host, int port) implements TransportSpec {
        public Tcp {
            Objects.requireNonNull(host, "host");
            if (host.isBlank()) {
                throw new IllegalArgumentException("host is empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535");
            }
        }

        @Override
        public String kind() {
            return "tcp";
        }
    }

    /** The built-in device emulator, started by the bench for this DUT with the DUT's profiles, role and keys. */
    record Emulator() implements TransportSpec {
        @Override
        public String kind() {
            return "emulator";
        }
    }
}
