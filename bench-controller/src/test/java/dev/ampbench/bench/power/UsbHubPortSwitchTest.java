package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.UsbHubPortSwitch.HubSelector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsbHubPortSwitchTest {

    /** A hub model: 4 ports, the given wHubCharacteristics, port power bits that follow SET/CLEAR_FEATURE. */
    static final class FakeHub implements RecordingUsbBus.Model {
        final boolean superSpeed;
        final int characteristics;
        final boolean[] power = {false, true, true, true, true};
        boolean ignoresCommands;

        FakeHub(boolean superSpeed, int characteristics) {
            this.superSpeed = superSpeed;
            this.characteristics = characteristics;
        }

        @Override
        public int answer(int rt, int req, int value, int index, byte[] data) throws LabFault {
            if (rt == 0xA0 && req == 0x06) {
                int type = superSpeed ? 0x2A : 0x29;
                if (value != type << 8) {
                    throw new LabFault("LIBUSB_ERROR_PIPE");
                }
                byte[] d = superSpeed
                        ? new byte[] {12, 0x2A, 4, (byte) characteristics, (byte) (characteristics >> 8), 50, 0, 0,
                                0, 0, 0, 0}
                        : new byte[] {9, 0x29, 4, (byte) characteristics, (byte) (characteristics >> 8), 50, 100, 0,
                                (byte) 0xFF};
                int n = Math.min(d.length, data.length);
                System.arraycopy(d, 0, data, 0, n);
                return n;
            }
            if (rt == 0x23 && value == 8 && (req == 0x03 || req == 0x01)) {
                if (!ignoresCommands) {
                    power[index] = req == 0x03;
                }
                return 0;
            }
            if (rt == 0xA3 && req == 0x00) {
                int status = 0x0001 | (power[index] ? (superSpeed ? 0x0200 : 0x0100) : 0) | 0x0400;
                data[0] = (byte) status;
                data[1] = (byte) (status >> 8);
                data[2] = 0;
                data[3] = 0;
                return 4;
            }
            throw new LabFault("LIBUSB_ERROR_PIPE");
        }
    }

    private static UsbBus.DeviceInfo hubAt(int bus, List<Integer> ports, int bcd) {
        return new UsbBus.DeviceInfo(bus, ports, 0x05e3, 0x0610, bcd, 9, 0);
    }

    @Test
    void usb2HubPortPowerUsesTheExactHubClassRequests() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeHub hub = new FakeHub(false, 0x0009); // per-port power switching, individual over-current
        bus.add(hubAt(1, List.of(1, 4), 0x0210), hub, Map.of());
        try (UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-1.4"), 2, false, 1000)) {
            s.off();
            assertEquals(false, hub.power[2]);
            s.on();
            assertEquals(true, hub.power[2]);
            assertEquals(PowerState.ON, s.state());
            assertEquals(List.of(
                    "1-1.4 a0 06 2900 0000 len=12",
                    "1-1.4 23 01 0008 0002 len=0",
                    "1-1.4 a3 00 0000 0002 len=4",
                    "1-1.4 23 03 0008 0002 len=0",
                    "1-1.4 a3 00 0000 0002 len=4",
                    "1-1.4 a3 00 0000 0002 len=4"), bus.transfers);
            assertEquals("usb-hub 1-1.4 port 2", s.describe());
        }
        assertEquals(1, bus.opened);
        assertEquals(1, bus.closedHandles);
    }

    @Test
    void superSpeedHubAsksForDescriptor2aAndReadsPowerFromBit9() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeHub hub = new FakeHub(true, 0x0001);
        bus.add(hubAt(2, List.of(3), 0x0320), hub, Map.of());
        try (UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byVidPid("05e3:0610"), 1, false, 1000)) {
            assertEquals(PowerState.ON, s.state());
            s.off();
            assertEquals(PowerState.OFF, s.state());
            hub.power[1] = true; // a status with only bit 8 set would read as off on a SuperSpeed hub
        }
        assertEquals(List.of(
                "2-3 a0 06 2a00 0000 len=12",
                "2-3 a3 00 0000 0001 len=4",
                "2-3 23 01 0008 0001 len=0",
                "2-3 a3 00 0000 0001 len=4",
                "2-3 a3 00 0000 0001 len=4"), bus.transfers);
    }

    @Test
    void gangedHubIsRefusedUnlessAllowed() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeHub hub = new FakeHub(false, 0x0000);
        bus.add(hubAt(1, List.of(2), 0x0200), hub, Map.of());
        UsbHubPortSwitch refusing = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 1, false, 1000);
        LabFault f = assertThrows(LabFault.class, refusing::off);
        assertTrue(f.getMessage().contains("ganged"), f.getMessage());
        assertEquals(1, bus.transfers.size(), "only the descriptor was read: " + bus.transfers);
        assertEquals(true, hub.power[1]);

        try (UsbHubPortSwitch allowing = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 1, true, 1000)) {
            allowing.off();
            assertEquals(false, hub.power[1]);
        }
    }

    @Test
    void hubWithoutPowerSwitchingIsALabFault() {
        RecordingUsbBus bus = new RecordingUsbBus();
        bus.add(hubAt(1, List.of(2), 0x0200), new FakeHub(false, 0x0002), Map.of());
        UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 1, true, 1000);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertTrue(f.getMessage().contains("no port power switching"), f.getMessage());
    }

    @Test
    void portBeyondTheHubIsALabFault() {
        RecordingUsbBus bus = new RecordingUsbBus();
        bus.add(hubAt(1, List.of(2), 0x0200), new FakeHub(false, 0x0001), Map.of());
        UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 5, false, 1000);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertTrue(f.getMessage().contains("hub has only 4 ports"), f.getMessage());
    }

    @Test
    void powerThatDoesNotFollowIsALabFault() {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeHub hub = new FakeHub(false, 0x0001);
        hub.ignoresCommands = true;
        bus.add(hubAt(1, List.of(2), 0x0200), hub, Map.of());
        UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 3, false, 1000);
        LabFault f = assertThrows(LabFault.class, s::off);
        assertEquals("usb-hub 1-2 port 3: port power still on after CLEAR_FEATURE(PORT_POWER)", f.getMessage());
    }

    @Test
    void missingAndAmbiguousHubsAreLabFaults() {
        RecordingUsbBus bus = new RecordingUsbBus();
        bus.add(hubAt(1, List.of(2), 0x0200), new FakeHub(false, 1), Map.of());
        bus.add(hubAt(3, List.of(1, 1), 0x0200), new FakeHub(false, 1), Map.of());
        // A non-hub device with the same ids is not a candidate.
        bus.add(new UsbBus.DeviceInfo(1, List.of(7), 0x05e3, 0x0610, 0x0200, 0, 0), new FakeHub(false, 1), Map.of());
        LabFault none = assertThrows(LabFault.class,
                new UsbHubPortSwitch(bus, HubSelector.byLocation("1-7"), 1, false, 1000)::on);
        assertEquals("usb-hub 1-7: no such hub connected", none.getMessage());
        LabFault two = assertThrows(LabFault.class,
                new UsbHubPortSwitch(bus, HubSelector.byVidPid("05E3:0610"), 1, false, 1000)::on);
        assertEquals("usb-hub 05e3:0610: 2 hubs match (1-2, 3-1.1); select one by location", two.getMessage());
    }

    @Test
    void aHubThatVanishesIsFoundAgainOnTheNextCall() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        FakeHub hub = new FakeHub(false, 1);
        UsbBus.DeviceInfo info = bus.add(hubAt(1, List.of(2), 0x0200), hub, Map.of());
        UsbHubPortSwitch s = new UsbHubPortSwitch(bus, HubSelector.byLocation("1-2"), 1, false, 1000);
        s.on();
        bus.remove(info);
        LabFault f = assertThrows(LabFault.class, s::off);
        assertTrue(f.getMessage().contains("LIBUSB_ERROR_NO_DEVICE"), f.getMessage());
        bus.add(info, hub, Map.of());
        s.off();
        assertEquals(2, bus.opened);
        s.close();
    }
}
