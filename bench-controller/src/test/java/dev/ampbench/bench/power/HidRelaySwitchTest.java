package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HidRelaySwitchTest {

    /** A dcttech board: the feature report is the 5-byte serial, 2 spare bytes, then the relay bits. */
    static final class FakeBoard implements RecordingUsbBus.Model {
        final String serial;
        int states;
        boolean deaf;

        FakeBoard(String serial) {
            this.serial = serial;
        }

        @Override
        public int answer(int rt, int req, int value, int index, byte[] data) throws LabFault {
            if (rt == 0x21 && req == 0x09 && value == 0x0300 && data.length == 8) {
                int relay = data[1];
                if (!deaf) {
                    if ((data[0] & 0xFF) == 0xFF) {
                        states |= 1 << (relay - 1);
                    } else if ((data[0] & 0xFF) == 0xFD) {
                        states &= ~(1 << (relay - 1));
                    }
                }
                return 8;
            }
            if (rt == 0xA1 && req == 0x01 && value == 0x0300) {
                byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(s, 0, data, 0, s.length);
                data[7] = (byte) states;
                return 8;
            }
            throw new LabFault("LIBUSB_ERROR_PIPE");
        }
    }

    private static UsbBus.DeviceInfo board(int port) {
        return new UsbBus.DeviceInfo(1, List.of(port), 0x16c0, 0x05df, 0x0110, 0, 2);
    }

    @Test
    void onAndOffAreFeatureReportsFfAndFdWithTheRelayNumber() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeBoard b = new FakeBoard("QWERT");
        bus.add(board(3), b, Map.of(2, "USBRelay2"));
        try (HidRelaySwitch s = new HidRelaySwitch(bus, "USBRelay", null, 2, 500)) {
            s.on();
            assertEquals(0b10, b.states);
            s.off();
            assertEquals(0, b.states);
            assertEquals(PowerState.OFF, s.state());
            assertEquals(List.of(
                    "1-3 21 09 0300 0000 len=8 ff 02 00 00 00 00 00 00",
                    "1-3 a1 01 0300 0000 len=8",
                    "1-3 21 09 0300 0000 len=8 fd 02 00 00 00 00 00 00",
                    "1-3 a1 01 0300 0000 len=8",
                    "1-3 a1 01 0300 0000 len=8"), bus.transfers);
            assertEquals(List.of("1-3 if0"), bus.claims);
            assertEquals("hid-relay USBRelay2 relay 2", s.describe());
        }
    }

    @Test
    void commandBytesMatchTheUsbrelayLayout() {
        assertArrayEquals(new byte[] {(byte) 0xFF, 1, 0, 0, 0, 0, 0, 0}, HidRelaySwitch.command(true, 1));
        assertArrayEquals(new byte[] {(byte) 0xFD, 8, 0, 0, 0, 0, 0, 0}, HidRelaySwitch.command(false, 8));
    }

    @Test
    void stateIsTheRelaysBitInByte7() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeBoard b = new FakeBoard("ABCDE");
        b.states = 0b0000_0100;
        bus.add(board(1), b, Map.of(2, "USBRelay8"));
        assertEquals(PowerState.ON, new HidRelaySwitch(bus, "USBRelay", null, 3, 500).state());
        assertEquals(PowerState.OFF, new HidRelaySwitch(bus, "USBRelay", null, 2, 500).state());
        assertEquals(PowerState.OFF, new HidRelaySwitch(bus, "USBRelay", null, 4, 500).state());
    }

    @Test
    void serialSelectsOneOfSeveralBoardsAndStaysOutOfMessages() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeBoard first = new FakeBoard("AAAAA");
        FakeBoard second = new FakeBoard("BBBBB");
        bus.add(board(1), first, Map.of(2, "USBRelay1"));
        bus.add(board(2), second, Map.of(2, "USBRelay1"));
        bus.add(new UsbBus.DeviceInfo(1, List.of(5), 0x16c0, 0x05df, 0x0110, 0, 2), new FakeBoard("ZZZZZ"),
                Map.of(2, "SomeOtherV-USBThing"));

        LabFault ambiguous = assertThrows(LabFault.class, new HidRelaySwitch(bus, "USBRelay", null, 1, 500)::on);
        assertEquals("hid-relay USBRelay relay 1: 2 boards connected; configure the board's serial",
                ambiguous.getMessage());

        try (HidRelaySwitch s = new HidRelaySwitch(bus, "USBRelay", "BBBBB", 1, 500)) {
            s.on();
            assertEquals(0, first.states);
            assertEquals(1, second.states);
            assertFalse(s.describe().contains("BBBBB"), s.describe());
        }
        LabFault wrong = assertThrows(LabFault.class, new HidRelaySwitch(bus, "USBRelay", "CCCCC", 1, 500)::on);
        assertEquals("hid-relay USBRelay relay 1 (board chosen by serial): none of the 2 boards has the configured"
                + " serial", wrong.getMessage());
        assertFalse(wrong.getMessage().contains("AAAAA") || wrong.getMessage().contains("BBBBB"));
        assertEquals(bus.opened, bus.closedHandles, "every handle opened was closed");
    }

    @Test
    void relayBeyondTheBoardAndDeafBoardsAreLabFaults() {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeBoard b = new FakeBoard("QWERT");
        bus.add(board(1), b, Map.of(2, "USBRelay2"));
        LabFault beyond = assertThrows(LabFault.class, new HidRelaySwitch(bus, "USBRelay", null, 4, 500)::on);
        assertEquals("hid-relay USBRelay2 relay 4: board has only 2 relays", beyond.getMessage());
        b.deaf = true;
        LabFault deaf = assertThrows(LabFault.class, new HidRelaySwitch(bus, "USBRelay", null, 1, 500)::on);
        assertEquals("hid-relay USBRelay2 relay 1: relay did not switch on", deaf.getMessage());
    }

    @Test
    void noBoardIsALabFault() {
        LabFault f = assertThrows(LabFault.class,
                new HidRelaySwitch(new RecordingUsbBus(), "USBRelay", null, 1, 500)::off);
        assertEquals("hid-relay USBRelay relay 1: no USBRelay board connected", f.getMessage());
    }

    @Test
    void relayCountComesFromTheProductString() {
        assertEquals(2, HidRelaySwitch.relayCount("USBRelay2"));
        assertEquals(8, HidRelaySwitch.relayCount("USBRelay8"));
        assertEquals(0, HidRelaySwitch.relayCount("USBRelay"));
        assertTrue(HidRelaySwitch.relayCount("USBRelay16") == 16);
    }
}
