package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.UsbBus.DeviceInfo;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The USB bulk transport against a recording fake of the usb4java boundary: the exact requests, and the failures. */
class UsbBulkTransportTest {
    private static final int VID = 0x1209;
    private static final int PID = 0xa3b0;
    private static final String SERIAL_B = "AMP-0003-SECRETISH";

    private static DeviceInfo at(List<Integer> ports, int vid, int pid) {
        return new DeviceInfo(1, ports, vid, pid, 0x0200, 0, 2, 3);
    }

    private final FakeUsbBulkBus bus = new FakeUsbBulkBus();
    private final DeviceInfo a = at(List.of(1), VID, PID);
    private final DeviceInfo b = at(List.of(2), VID, PID);
    private final FakeUsbBulkBus.DeviceSide sideA = bus.add(at(List.of(5), 0x0403, 0x6001),
            new FakeUsbBulkBus.DeviceSide("FTDI", FakeUsbBulkBus.BULK_02_83));
    private final FakeUsbBulkBus.DeviceSide devA = bus.add(a, new FakeUsbBulkBus.DeviceSide("AMP-0001",
            FakeUsbBulkBus.BULK_02_83));
    private final FakeUsbBulkBus.DeviceSide devB = bus.add(b, new FakeUsbBulkBus.DeviceSide(SERIAL_B,
            FakeUsbBulkBus.BULK_02_83));

    private UsbBulkTransport transport(Optional<String> serial, int out, int in) {
        return new UsbBulkTransport(bus.factory(), VID, PID, serial, 0, out, in, 200, 300);
    }

    @Test
    void findsTheDeviceBySerialNumberClaimsItsInterfaceAndUsesTheBulkEndpointsOfItsDescriptor() throws Exception {
        try (Connection c = transport(Optional.of(SERIAL_B), 0, 0).open()) {
            c.out().write("hello".getBytes(StandardCharsets.US_ASCII));
            devB.write(new byte[] {0x7e, 1, 2, 0x7e});
            byte[] got = new byte[3];
            assertEquals(3, c.in().read(got, 0, 3));
            assertArrayEquals(new byte[] {0x7e, 1, 2}, got);
            assertEquals(0x7e, c.in().read());
            assertEquals("usb-bulk 1209:a3b0 (by serial number) if0 out 02 in 84", c.describe());
        }
        assertEquals(List.of(
                "open 1-1", "string 1-1 #3",              // same id, wrong serial number: closed again
                "open 1-2", "string 1-2 #3",
                "claim 1-2 if0", "config-descriptor 1-2 if0",
                "bulk-out 1-2 ep02 68656c6c6f"), bus.requests);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), devB.fromHost.poll());
        assertTrue(devA.fromHost.isEmpty() && sideA.fromHost.isEmpty());
        assertEquals(2, bus.handlesClosed);
        assertEquals(1, bus.busesClosed);
    }

    @Test
    void withoutASerialNumberTheFirstDeviceWithTheIdIsTakenAndConfiguredEndpointsAreUsed() throws Exception {
        try (Connection c = transport(Optional.empty(), 0x02, 0x84).open()) {
            c.out().write(new byte[] {9});
        }
        assertEquals(List.of("open 1-1", "claim 1-1 if0", "config-descriptor 1-1 if0", "bulk-out 1-1 ep02 09"),
                bus.requests);
    }

    @Test
    void anEndpointThatIsNotBulkIsAClearLabFaultAndNothingStaysOpen() {
        LabFault f = assertThrows(LabFault.class, () -> transport(Optional.empty(), 0, 0x83).open());
        assertEquals("USB 1209:a3b0 interface 0: endpoint 83 is not a bulk IN endpoint (it has: 83 interrupt, "
                + "02 bulk, 84 bulk)", f.getMessage());
        assertEquals(1, bus.handlesClosed);
        assertEquals(1, bus.busesClosed);
    }

    @Test
    void anAbsentDeviceIsALabFaultThatNeverPrintsTheSerialNumber() {
        LabFault f = assertThrows(LabFault.class, () -> transport(Optional.of("AMP-9999-NOT-HERE"), 0, 0).open());
        assertEquals("no USB device 1209:a3b0 with the configured serial number (2 with that id present); unplugged,"
                + " not enumerated yet, or no permission (udev)?", f.getMessage());
        assertFalse(transport(Optional.of(SERIAL_B), 0, 0).describe().contains(SERIAL_B));
        assertEquals("UsbBulk[usbId=1209:a3b0, usbSerial=(set), iface=0, endpointOut=00, endpointIn=00]",
                new dev.ampbench.bench.inventory.TransportSpec.UsbBulk(new dev.ampbench.bench.inventory.TransportSpec
                        .UsbId(VID, PID), Optional.of(SERIAL_B), 0, 0, 0).toString());
        assertEquals(2, bus.handlesClosed);
        assertEquals(1, bus.busesClosed);
    }

    @Test
    void aDeviceThatReEnumeratedElsewhereIsFoundAgainByItsSerialNumber() throws Exception {
        UsbBulkTransport t = transport(Optional.of(SERIAL_B), 0, 0);
        t.open().close();
        bus.unplug(b);
        FakeUsbBulkBus.DeviceSide again = bus.add(at(List.of(4, 2), VID, PID),
                new FakeUsbBulkBus.DeviceSide(SERIAL_B, FakeUsbBulkBus.BULK_02_83));
        bus.requests.clear();
        try (Connection c = t.open()) {
            c.out().write(new byte[] {1});
        }
        assertEquals(List.of("open 1-1", "string 1-1 #3", "open 1-4.2", "string 1-4.2 #3", "claim 1-4.2 if0",
                "config-descriptor 1-4.2 if0", "bulk-out 1-4.2 ep02 01"), bus.requests);
        assertArrayEquals(new byte[] {1}, again.fromHost.poll());
    }

    @Test
    void aDeviceThatStopsReadingTimesTheWriteOut() throws Exception {
        devA.readsOut = false;
        try (Connection c = transport(Optional.empty(), 0, 0).open()) {
            InterruptedIOException e = assertThrows(InterruptedIOException.class, () -> c.out().write(new byte[4]));
            assertEquals("USB 1209:a3b0: bulk OUT on endpoint 02 took longer than 200 ms (device not reading?)",
                    e.getMessage());
        }
    }

    /**
     * The whole path: an emulated amp-sec tag whose host interface is the fake device's bulk pipes; the bench says
     * HELLO over the transport, then the device is unplugged mid-run and the next request is a lab fault.
     */
    @Test
    void anEmulatedDeviceBehindTheBusAnswersHelloAndVanishingMidRunIsALabFault() throws Exception {
        Link link = new Link() {
            @Override
            public int read(byte[] buf, int timeoutMillis) throws IOException {
                return devB.read(buf, timeoutMillis);
            }

            @Override
            public void write(byte[] bytes) {
                devB.write(bytes);
            }

            @Override
            public String address() {
                return "fake usb 1-2";
            }

            @Override
            public void close() {
                // the fake's queues need no closing
            }
        };
        try (EmulatedStation station = new EmulatedStation(
                AmpSecFirmware.tag(AmpSecFirmware.identities(5, 1).get(0)), EnumSet.noneOf(Defect.class),
                new SeededRandomSource(5), new MonotonicClock(), link, 0, null, "PSU-USB");
             WireSession wire = WireSession.open(transport(Optional.of(SERIAL_B), 0, 0), Duration.ofSeconds(2))) {
            assertEquals(dev.ampbench.protocol.Role.DEVICE, wire.hello().role());
            assertEquals(wire.hello().bootCounter(), wire.call(WireMessage.StatusGet::new, WireMessage.Status.class)
                    .bootCounter());
            bus.unplug(b);
            LabFault f = assertThrows(LabFault.class,
                    () -> wire.call(WireMessage.StatusGet::new, WireMessage.Status.class));
            assertTrue(f.getMessage().contains("No such device") && f.getMessage().contains(
                    "the device did not come back within 300 ms"), f.getMessage());
        }
    }

    /**
     * A power cycle re-enumerates a USB device, maybe at another port: the open connection finds it again by its
     * serial number, claims it again, and the session carries on as over a UART whose device was off a while.
     */
    @Test
    void aDeviceThatReEnumeratesMidSessionIsFoundAgainAndTheSessionCarriesOn() throws Exception {
        try (EmulatedStation station = new EmulatedStation(
                AmpSecFirmware.tag(AmpSecFirmware.identities(6, 1).get(0)), EnumSet.noneOf(Defect.class),
                new SeededRandomSource(6), new MonotonicClock(), link(devB), 0, null, "PSU-USB2");
             WireSession wire = WireSession.open(transport(Optional.of(SERIAL_B), 0, 0), Duration.ofSeconds(2))) {
            long boot = wire.call(WireMessage.StatusGet::new, WireMessage.Status.class).bootCounter();
            bus.unplug(b);
            bus.replug(at(List.of(4, 2), VID, PID), devB);
            assertEquals(boot, wire.call(WireMessage.StatusGet::new, WireMessage.Status.class).bootCounter());
            assertTrue(bus.requests.containsAll(List.of("open 1-4.2", "string 1-4.2 #3", "claim 1-4.2 if0",
                    "config-descriptor 1-4.2 if0")), bus.requests.toString());
        }
    }

    @Test
    void anEndpointThatKeepsFailingAfterEveryReFindEndsTheConnection() throws Exception {
        devA.stallsIn = true;
        try (Connection c = transport(Optional.empty(), 0, 0).open()) {
            java.io.IOException e = assertThrows(java.io.IOException.class, () -> c.in().read());
            assertEquals("USB 1-1 (1209:a3b0): bulk transfer on endpoint 84 failed: Pipe error (3 times in a row, "
                    + "each time after finding the device again)", e.getMessage());
            assertEquals(3, bus.requests.stream().filter(r -> r.equals("claim 1-1 if0")).count());
        }
    }

    private static Link link(FakeUsbBulkBus.DeviceSide side) {
        return new Link() {
            @Override
            public int read(byte[] buf, int timeoutMillis) throws IOException {
                return side.read(buf, timeoutMillis);
            }

            @Override
            public void write(byte[] bytes) {
                side.write(bytes);
            }

            @Override
            public String address() {
                return "fake usb";
            }

            @Override
            public void close() {
                // the fake's queues need no closing
            }
        };
    }
}
