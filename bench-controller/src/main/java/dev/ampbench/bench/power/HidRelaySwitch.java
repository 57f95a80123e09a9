package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The common USB HID relay boards (V-USB firmware by www.dcttech.com: vendor 0x16c0, product 0x05df, product
 * string {@code USBRelay1}, {@code USBRelay2}, ... {@code USBRelay8}), driven with HID class feature reports through
 * the {@link UsbBus} boundary. Report layout as in the usbrelay project (darrylb123/usbrelay, libusbrelay.c:
 * {@code operate_relay} and {@code get_board_features}); the command goes as a feature report, as hidapi scripts for
 * these boards send it with {@code send_feature_report}.
 *
 * <p>Interface 0 is claimed (the usbhid kernel driver is detached from it). Requests, with {@code r} the relay
 * number (1-based):
 * <pre>
 * on     bmRequestType 0x21  bRequest 0x09 SET_REPORT  wValue 0x0300 (feature, report id 0)  wIndex 0
 *        data FF r 00 00 00 00 00 00
 * off    the same with data FD r 00 00 00 00 00 00
 * state  bmRequestType 0xA1  bRequest 0x01 GET_REPORT  wValue 0x0300  wIndex 0  wLength 8
 *        reply: bytes 0..4 the board's serial (ASCII, set with command 0xFA), byte 7 the relay states,
 *        bit r-1 set = relay r on
 * </pre>
 * Boards are found by vendor and product id, then by product string prefix (default {@code USBRelay}; the digit
 * after it is the number of relays), then by the serial from the feature report when one is configured (every
 * board shares the same USB serial descriptor, so that one is useless). After each switching the state is read
 * back; a relay that does not follow is a {@link LabFault}. The board serial is a board identity and never appears
 * in messages or {@link #describe()}.
 */
public final class HidRelaySwitch implements PowerSwitch, AutoCloseable {

    public static final int VENDOR_ID = 0x16c0;
    public static final int PRODUCT_ID = 0x05df;
    public static final String DEFAULT_PRODUCT = "USBRelay";
    static final int RT_SET_REPORT = 0x21;
    static final int RT_GET_REPORT = 0xA1;
    static final int SET_REPORT = 0x09;
    static final int GET_REPORT = 0x01;
    static final int FEATURE_REPORT_0 = 0x0300;
    static final int CMD_ON = 0xFF;
    static final int CMD_OFF = 0xFD;
    static final int REPORT_LENGTH = 8;
    static final int SERIAL_LENGTH = 5;

    private final UsbBus bus;
    private final String product;
    private final String serial;
    private final int relay;
    private final int timeoutMillis;
    private UsbBus.Handle handle;
    private String productName;

    /**
     * @param product product string prefix to match, e.g. {@code USBRelay}
     * @param serial  board serial from the feature report, or {@code null} when exactly one board is connected
     * @param relay   relay number, 1-based
     */
    public HidRelaySwitch(UsbBus bus, String product, String serial, int relay, int timeoutMillis) {
        this.bus = Objects.requireNonNull(bus, "bus");
        this.product = Objects.requireNonNull(product, "product");
        this.serial = serial;
        if (relay < 1 || relay > 8) {
            throw new IllegalArgumentException("relay must be 1..8, got " + relay);
        }
        this.relay = relay;
        this.timeoutMillis = timeoutMillis;
    }

    /** The 8 data bytes of the SET_REPORT that switches {@code relay}. */
    static byte[] command(boolean on, int relay) {
        byte[] report = new byte[REPORT_LENGTH];
        report[0] = (byte) (on ? CMD_ON : CMD_OFF);
        report[1] = (byte) relay;
        return report;
    }

    @Override
    public void on() throws LabFault {
        set(true);
    }

    @Override
    public void off() throws LabFault {
        set(false);
    }

    @Override
    public PowerState state() throws LabFault {
        open();
        return relayOn(readReport(handle)) ? PowerState.ON : PowerState.OFF;
    }

    @Override
    public String describe() {
        return "hid-relay " + (productName != null ? productName : product) + " relay " + relay
                + (serial != null ? " (board chosen by serial)" : "");
    }

    @Override
    public void close() {
        if (handle != null) {
            handle.close();
            handle = null;
        }
    }

    private void set(boolean on) throws LabFault {
        open();
        try {
            handle.controlTransfer(RT_SET_REPORT, SET_REPORT, FEATURE_REPORT_0, 0, command(on, relay),
                    timeoutMillis);
        } catch (LabFault e) {
            close();
            throw new LabFault(describe() + ": " + e.getMessage(), e);
        }
        if (relayOn(readReport(handle)) != on) {
            throw new LabFault(describe() + ": relay did not switch " + (on ? "on" : "off"));
        }
    }

    private boolean relayOn(byte[] report) {
        return (report[7] & (1 << (relay - 1))) != 0;
    }

    private byte[] readReport(UsbBus.Handle h) throws LabFault {
        byte[] report = new byte[REPORT_LENGTH];
        int n;
        try {
            n = h.controlTransfer(RT_GET_REPORT, GET_REPORT, FEATURE_REPORT_0, 0, report, timeoutMillis);
        } catch (LabFault e) {
            close();
            throw new LabFault(describe() + ": " + e.getMessage(), e);
        }
        if (n < REPORT_LENGTH) {
            close();
            throw new LabFault(describe() + ": feature report has " + n + " bytes, expected " + REPORT_LENGTH);
        }
        return report;
    }

    private void open() throws LabFault {
        if (handle != null) {
            return;
        }
        List<UsbBus.Handle> matching = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int boards = 0;
        try {
            for (UsbBus.DeviceInfo d : bus.devices()) {
                if (d.vendorId() != VENDOR_ID || d.productId() != PRODUCT_ID) {
                    continue;
                }
                UsbBus.Handle h = bus.open(d);
                boolean keep = false;
                try {
                    String name = d.iProduct() == 0 ? "" : h.stringDescriptor(d.iProduct());
                    if (!name.startsWith(product)) {
                        continue;
                    }
                    boards++;
                    h.claimInterface(0);
                    if (serial != null) {
                        byte[] report = readReport(h);
                        String boardSerial = new String(Arrays.copyOf(report, SERIAL_LENGTH),
                                StandardCharsets.US_ASCII).replace("\0", "");
                        if (!boardSerial.equals(serial)) {
                            continue;
                        }
                    }
                    matching.add(h);
                    names.add(name);
                    keep = true;
                } finally {
                    if (!keep) {
                        h.close();
                    }
                }
            }
            if (matching.size() != 1) {
                throw new LabFault(describe() + ": " + (matching.isEmpty()
                        ? (serial != null && boards > 0 ? "none of the " + boards + " boards has the configured serial"
                        : "no " + product + " board connected")
                        : matching.size() + " boards connected; configure the board's serial"));
            }
        } catch (LabFault e) {
            matching.forEach(UsbBus.Handle::close);
            throw e;
        }
        productName = names.get(0);
        int relays = relayCount(productName);
        if (relays > 0 && relay > relays) {
            matching.get(0).close();
            throw new LabFault(describe() + ": board has only " + relays + " relays");
        }
        handle = matching.get(0);
    }

    /** The relay count from the product string ({@code USBRelay2} -> 2), or 0 when it has none. */
    static int relayCount(String productName) {
        String digits = productName.replaceAll("^\\D*", "");
        return digits.matches("\\d{1,2}") ? Integer.parseInt(digits) : 0;
    }
}
