package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Per-port power of a USB hub, switched with the hub class requests of USB 2.0 chapter 11.24 / USB 3.2 chapter
 * 10.16 exactly as uhubctl does, through the {@link UsbBus} boundary.
 *
 * <p>Requests, with {@code p} the port number (1-based) and all control transfers on endpoint 0:
 * <pre>
 * hub descriptor  bmRequestType 0xA0  bRequest 0x06 GET_DESCRIPTOR  wValue 0x2900 (USB 2 hub; 0x2A00 if bcdUSB &gt;= 3.0)
 *                 wIndex 0  wLength 0x0C (then: bLength, bDescriptorType, bNbrPorts, wHubCharacteristics LE, ...)
 * power on        bmRequestType 0x23  bRequest 0x03 SET_FEATURE     wValue 0x0008 PORT_POWER  wIndex p  wLength 0
 * power off       bmRequestType 0x23  bRequest 0x01 CLEAR_FEATURE   wValue 0x0008 PORT_POWER  wIndex p  wLength 0
 * port status     bmRequestType 0xA3  bRequest 0x00 GET_STATUS      wValue 0  wIndex p  wLength 4
 *                 (wPortStatus LE, wPortChange LE); PORT_POWER is bit 8 (0x0100) on a USB 2 hub, bit 9 (0x0200)
 *                 on a SuperSpeed hub
 * </pre>
 * The hub descriptor is read once per opening. Bits 1..0 of wHubCharacteristics, the logical power switching
 * mode, decide what is allowed:
 * <ul>
 *   <li>{@code 01} per-port switching: switched as asked;</li>
 *   <li>{@code 00} ganged: one command switches every port of the hub, so by default it is a {@link LabFault}; with
 *       {@code allowGanged} the commands are sent anyway (uhubctl does the same, and many hubs that claim ganged
 *       power do switch per port); the read-back still decides whether it worked;</li>
 *   <li>{@code 1x} no power switching: always a {@link LabFault}.</li>
 * </ul>
 * After SET_FEATURE / CLEAR_FEATURE the port status is read back; a PORT_POWER bit that does not follow is a
 * {@link LabFault}. A hub is chosen by location ({@code 1-1.4}) or by {@code vendor:product} when only one such hub
 * is connected.
 */
public final class UsbHubPortSwitch implements PowerSwitch, AutoCloseable {

    static final int RT_GET_HUB_DESCRIPTOR = 0xA0;
    static final int RT_PORT_FEATURE = 0x23;
    static final int RT_GET_PORT_STATUS = 0xA3;
    static final int GET_STATUS = 0x00;
    static final int CLEAR_FEATURE = 0x01;
    static final int SET_FEATURE = 0x03;
    static final int GET_DESCRIPTOR = 0x06;
    static final int DT_HUB = 0x29;
    static final int DT_SUPERSPEED_HUB = 0x2A;
    static final int PORT_POWER = 8;
    static final int STATUS_POWER_USB2 = 0x0100;
    static final int STATUS_POWER_USB3 = 0x0200;
    static final int HUB_DESCRIPTOR_REQUEST_LENGTH = 12;

    /** Which hub: exactly one of location or vendor:product. */
    public record HubSelector(String location, Integer vendorId, Integer productId) {
        public static HubSelector byLocation(String location) {
            UsbBus.parseLocation(location);
            return new HubSelector(location.trim(), null, null);
        }

        public static HubSelector byVidPid(String vidPid) {
            int[] ids = UsbBus.parseVidPid(vidPid);
            return new HubSelector(null, ids[0], ids[1]);
        }

        boolean matches(UsbBus.DeviceInfo d) {
            return location != null ? d.location().equals(location)
                    : d.vendorId() == vendorId && d.productId() == productId;
        }

        @Override
        public String toString() {
            return location != null ? location : String.format("%04x:%04x", vendorId, productId);
        }
    }

    private final UsbBus bus;
    private final HubSelector selector;
    private final int port;
    private final boolean allowGanged;
    private final int timeoutMillis;
    private UsbBus.Handle handle;
    private UsbBus.DeviceInfo hub;

    public UsbHubPortSwitch(UsbBus bus, HubSelector selector, int port, boolean allowGanged, int timeoutMillis) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.selector = Objects.requireNonNull(selector, "selector");
        if (port < 1 || port > 255) {
            throw new IllegalArgumentException("hub port must be 1..255, got " + port);
        }
        this.port = port;
        this.allowGanged = allowGanged;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void on() throws LabFault {
        setPower(true);
    }

    @Override
    public void off() throws LabFault {
        setPower(false);
    }

    @Override
    public PowerState state() throws LabFault {
        open();
        return readPower() ? PowerState.ON : PowerState.OFF;
    }

    @Override
    public String describe() {
        return "usb-hub " + (hub != null ? hub.location() : selector) + " port " + port;
    }

    @Override
    public void close() {
        if (handle != null) {
            handle.close();
            handle = null;
        }
    }

    private void setPower(boolean on) throws LabFault {
        open();
        transfer(RT_PORT_FEATURE, on ? SET_FEATURE : CLEAR_FEATURE, PORT_POWER, port, new byte[0]);
        boolean powered = readPower();
        if (powered != on) {
            throw new LabFault(describe() + ": port power still " + (powered ? "on" : "off") + " after "
                    + (on ? "SET_FEATURE" : "CLEAR_FEATURE") + "(PORT_POWER)");
        }
    }

    private boolean readPower() throws LabFault {
        byte[] status = new byte[4];
        int n = transfer(RT_GET_PORT_STATUS, GET_STATUS, 0, port, status);
        if (n < 2) {
            throw new LabFault(describe() + ": GET_STATUS returned " + n + " bytes, expected 4");
        }
        int wPortStatus = (status[0] & 0xFF) | (status[1] & 0xFF) << 8;
        return (wPortStatus & (hub.isSuperSpeed() ? STATUS_POWER_USB3 : STATUS_POWER_USB2)) != 0;
    }

    private int transfer(int requestType, int request, int value, int index, byte[] data) throws LabFault {
        try {
            return handle.controlTransfer(requestType, request, value, index, data, timeoutMillis);
        } catch (LabFault e) {
            close(); // the hub may have gone or re-enumerated: find it again next time
            throw new LabFault(describe() + ": " + e.getMessage(), e);
        }
    }

    private void open() throws LabFault {
        if (handle != null) {
            return;
        }
        List<UsbBus.DeviceInfo> hubs = bus.devices().stream()
                .filter(UsbBus.DeviceInfo::isHub).filter(selector::matches).collect(Collectors.toList());
        if (hubs.isEmpty()) {
            throw new LabFault("usb-hub " + selector + ": no such hub connected");
        }
        if (hubs.size() > 1) {
            throw new LabFault("usb-hub " + selector + ": " + hubs.size() + " hubs match ("
                    + hubs.stream().map(UsbBus.DeviceInfo::location).collect(Collectors.joining(", "))
                    + "); select one by location");
        }
        hub = hubs.get(0);
        handle = bus.open(hub);
        int type = hub.isSuperSpeed() ? DT_SUPERSPEED_HUB : DT_HUB;
        byte[] descriptor = new byte[HUB_DESCRIPTOR_REQUEST_LENGTH];
        int n = transfer(RT_GET_HUB_DESCRIPTOR, GET_DESCRIPTOR, type << 8, 0, descriptor);
        if (n < 5 || (descriptor[1] & 0xFF) != type) {
            close();
            throw new LabFault(describe() + ": hub descriptor unreadable (" + n + " bytes, type "
                    + (n >= 2 ? String.format("0x%02x", descriptor[1] & 0xFF) : "none") + ")");
        }
        int ports = descriptor[2] & 0xFF;
        int characteristics = (descriptor[3] & 0xFF) | (descriptor[4] & 0xFF) << 8;
        int lpsm = characteristics & 0x03;
        if (port > ports) {
            close();
            throw new LabFault(describe() + ": hub has only " + ports + " ports");
        }
        if (lpsm >= 2) {
            close();
            throw new LabFault(describe() + ": hub has no port power switching (wHubCharacteristics bits 1..0 = "
                    + Integer.toBinaryString(lpsm) + ")");
        }
        if (lpsm == 0 && !allowGanged) {
            close();
            throw new LabFault(describe() + ": hub switches power of all its ports together (ganged); set "
                    + "allow-ganged to switch anyway");
        }
    }
}
