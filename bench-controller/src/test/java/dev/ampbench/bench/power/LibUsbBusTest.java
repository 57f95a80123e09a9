package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real libusb through usb4java, on whatever this machine has. Tried here (a container without /dev/bus/usb):
 * libusb 1.0 initialises and lists no devices, so the test asserts that, and that asking for a device that is not
 * there is a clear lab fault.
 */
class LibUsbBusTest {

    @Test
    void libusbInitialisesAndListsTheDevicesOfThisMachine() throws LabFault {
        UsbBus.DeviceInfo absent = new UsbBus.DeviceInfo(250, List.of(7, 7), 0x16c0, 0x05df, 0x0110, 0, 0);
        try (LibUsbBus bus = LibUsbBus.open()) {
            List<UsbBus.DeviceInfo> devices = bus.devices();
            for (UsbBus.DeviceInfo d : devices) {
                assertTrue(d.bus() >= 1 && d.bus() <= 255, d.toString());
                assertTrue(d.vidPid().matches("[0-9a-f]{4}:[0-9a-f]{4}"), d.vidPid());
                assertTrue(d.ports().size() <= 7, d.toString());
            }
            LabFault gone = assertThrows(LabFault.class, () -> bus.open(absent));
            assertEquals("USB 250-7.7 (16c0:05df): device is gone", gone.getMessage());
            bus.close();
            LabFault closed = assertThrows(LabFault.class, bus::devices);
            assertEquals("USB: libusb context already closed", closed.getMessage());
        }
    }
}
