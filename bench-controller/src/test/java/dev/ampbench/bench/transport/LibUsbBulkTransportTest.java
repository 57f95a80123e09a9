package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.LibUsbBus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bulk transport on the real libusb through usb4java, as the lab runs it. This machine (a container without
 * /dev/bus/usb) has no USB device, so libusb initialises, lists nothing, and the transport says clearly that the
 * device is absent, without printing its serial number.
 */
class LibUsbBulkTransportTest {
    @Test
    void onTheRealLibusbAnAbsentDeviceIsAClearLabFault() {
        UsbBulkTransport t = new UsbBulkTransport(LibUsbBus::open, 0x1209, 0xfffe, Optional.of("NOT-PRINTED-42"), 0,
                0, 0, 1000, 1000);
        LabFault f = assertThrows(LabFault.class, t::open);
        assertEquals("no USB device 1209:fffe with the configured serial number (0 with that id present); "
                + "unplugged, not enumerated yet, or no permission (udev)?", f.getMessage());
    }
}
