package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.LabFault;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The serial transport's calls into jSerialComm, recorded by {@link FakeSerialPorts}: line order, re-find. */
class SerialTransportTest {
    private static final String BY_ID = "/dev/serial/by-id/usb-FTDI_FT232R-if00-port0";
    private final FakeSerialPorts ports = new FakeSerialPorts();

    private SerialTransport transport(SerialTransport.PortSelector selector, SerialTransport.Lines lines,
                                      int windowMillis) {
        return new SerialTransport(ports, selector, 115200, lines, windowMillis, "tag-7");
    }

    @Test
    void theLinesAreHeldAtTheirLevelsBeforeOpeningAndAgainRightAfter() throws Exception {
        ports.plug(BY_ID, null, 0x0403, 0x6001);
        try (Connection c = transport(SerialTransport.PortSelector.path(BY_ID), SerialTransport.Lines.BOTH_LOW, 500)
                .open()) {
            assertEquals(List.of("at-path " + BY_ID, "configure " + BY_ID + " 115200 timeout 100",
                    "dtr " + BY_ID + " low", "rts " + BY_ID + " low", "open " + BY_ID,
                    "dtr " + BY_ID + " low", "rts " + BY_ID + " low"), ports.calls);
        }
        assertEquals("close " + BY_ID, ports.calls.get(ports.calls.size() - 1));
    }

    @Test
    void onlyTheConfiguredLinesAreTouched() throws Exception {
        ports.plug(BY_ID, null, 0x0403, 0x6001);
        transport(SerialTransport.PortSelector.path(BY_ID), new SerialTransport.Lines(true, null), 500).open()
                .close();
        assertEquals(List.of("at-path " + BY_ID, "configure " + BY_ID + " 115200 timeout 100",
                "dtr " + BY_ID + " high", "open " + BY_ID, "dtr " + BY_ID + " high", "close " + BY_ID), ports.calls);
        ports.calls.clear();
        transport(SerialTransport.PortSelector.path(BY_ID), SerialTransport.Lines.UNTOUCHED, 500).open().close();
        assertEquals(List.of("at-path " + BY_ID, "configure " + BY_ID + " 115200 timeout 100", "open " + BY_ID,
                "close " + BY_ID), ports.calls);
    }

    @Test
    void aPortThatCannotBeOpenedIsALabFaultAndNoLineIsSetAfter() {
        ports.plug("/dev/ttyUSB0", null, 0x0403, 0x6001).refusesOpen = true;
        LabFault f = assertThrows(LabFault.class, () -> transport(SerialTransport.PortSelector.path("/dev/ttyUSB0"),
                SerialTransport.Lines.BOTH_LOW, 500).open());
        assertEquals("cannot open serial port /dev/ttyUSB0 (/dev/ttyUSB0): error 13; is it present and not in use?",
                f.getMessage());
        assertEquals("open /dev/ttyUSB0", ports.calls.get(ports.calls.size() - 1));
    }

    @Test
    void aPortThatVanishesMidSessionIsFoundAgainByItsSerialNumberAndReopenedLinesFirst() throws Exception {
        FakeSerialPorts.FakePort a = ports.plug("/dev/ttyUSB0", "FT-A", 0x0403, 0x6001);
        ports.plug("/dev/ttyUSB1", "FT-Z", 0x0403, 0x6001);
        try (Connection c = transport(SerialTransport.PortSelector.usbSerialNumber("FT-A"),
                SerialTransport.Lines.BOTH_LOW, 5000).open()) {
            c.out().write(1);
            ports.unplug(a);
            // It comes back a little later under another name, as a power-cycled adapter does.
            CompletableFuture<FakeSerialPorts.FakePort> back = CompletableFuture.supplyAsync(
                    () -> ports.plug("/dev/ttyUSB2", "FT-A", 0x0403, 0x6001),
                    CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
            c.out().write(2);
            FakeSerialPorts.FakePort b = back.get();
            assertArrayEquals(new byte[] {1}, a.fromHost.toByteArray());
            assertArrayEquals(new byte[] {2}, b.fromHost.toByteArray());
            b.toHost.add(new byte[] {9});
            assertEquals(9, c.in().read());
            int reopened = ports.calls.indexOf("configure /dev/ttyUSB2 115200 timeout 100");
            assertTrue(reopened > 0, ports.calls.toString());
            assertEquals(List.of("dtr /dev/ttyUSB2 low", "rts /dev/ttyUSB2 low", "open /dev/ttyUSB2",
                    "dtr /dev/ttyUSB2 low", "rts /dev/ttyUSB2 low"), ports.calls.subList(reopened + 1, reopened + 6));
            assertTrue(ports.calls.indexOf("close /dev/ttyUSB0") < reopened, ports.calls.toString());
            assertFalse(c.describe().contains("FT-A"), c.describe());
        }
    }

    @Test
    void aPortThatNeverComesBackEndsTheConnectionAfterTheWindowWithoutPrintingTheSerialNumber() throws Exception {
        FakeSerialPorts.FakePort a = ports.plug("/dev/ttyUSB0", "FT-A", 0x0403, 0x6001);
        ports.plug("/dev/ttyUSB1", "FT-Z", 0x0403, 0x6001);
        try (Connection c = transport(SerialTransport.PortSelector.usbSerialNumber("FT-A"),
                SerialTransport.Lines.BOTH_LOW, 300).open()) {
            ports.unplug(a);
            long start = System.nanoTime();
            IOException e = assertThrows(IOException.class, () -> c.in().read());
            long tookMillis = (System.nanoTime() - start) / 1_000_000L;
            assertEquals("serial port usb-serial (by serial number) failed on read (device gone?); the device did "
                    + "not come back within 300 ms (no serial port matches usb-serial (by serial number) (ports "
                    + "present: /dev/ttyUSB1))", e.getMessage());
            assertTrue(tookMillis >= 300, "gave up after " + tookMillis + " ms, before the window");
            // Given up: the writer fails at once with the same error, and nothing is looked up any more.
            int lookups = (int) ports.calls.stream().filter("list"::equals).count();
            assertEquals(e.getMessage(), assertThrows(IOException.class, () -> c.out().write(1)).getMessage());
            assertEquals(lookups, (int) ports.calls.stream().filter("list"::equals).count());
            assertEquals("DUT tag-7 on serial usb-serial (by serial number) @115200 (gone)", c.describe());
        }
    }

    @Test
    void aPortThatFailsRightAfterEveryReopenEndsTheConnectionAfterThreeTries() throws Exception {
        FakeSerialPorts.FakePort a = ports.plug("/dev/ttyACM0", null, 0x1209, 0xa3b1);
        try (Connection c = transport(SerialTransport.PortSelector.usbIds(0x1209, 0xa3b1),
                SerialTransport.Lines.BOTH_LOW, 5000).open()) {
            a.failsIo = true; // still listed and opens, but every read fails: a broken cable, a wedged driver
            IOException e = assertThrows(IOException.class, () -> c.in().read());
            assertEquals("serial port usb:1209:a3b1 failed on read (device gone?) (3 times in a row, each time after "
                    + "finding the device again)", e.getMessage());
            assertEquals(3, ports.calls.stream().filter("open /dev/ttyACM0"::equals).count());
        }
    }

    @Test
    void withoutReFindTheFirstFailureEndsTheConnectionAndNothingIsLookedUpAgain() throws Exception {
        FakeSerialPorts.FakePort a = ports.plug("/dev/pts/7", null, -1, -1);
        try (Connection c = transport(SerialTransport.PortSelector.path("/dev/pts/7"), SerialTransport.Lines.BOTH_LOW,
                SerialTransport.NO_REFIND).open()) {
            ports.calls.clear();
            a.failsIo = true;
            IOException e = assertThrows(IOException.class, () -> c.out().write(1));
            assertEquals("serial port /dev/pts/7 failed on write (device gone?)", e.getMessage());
            assertEquals(List.of("close /dev/pts/7"), ports.calls);
        }
    }
}
