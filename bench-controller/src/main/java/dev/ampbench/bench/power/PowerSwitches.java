package dev.ampbench.bench.power;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabRetry;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.ScpiPowerSwitch.ChannelSyntax;
import dev.ampbench.bench.power.SerialLineSwitch.Line;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Builds a power switch from the small map the lab inventory holds for it ({@code kind} plus parameters; the keys
 * of each kind are listed in {@code docs/power-switches.md}). Nothing is opened here: a wrong entry is a
 * {@link ConfigError} naming the file, the line and the key, found before any hardware is touched, and libusb
 * starts only when a USB switch is first used.
 *
 * <p>Every switch comes wrapped in a {@link GuardedPowerSwitch} that owns the driver: minimum off-time
 * ({@code min-off-ms}, default {@value GuardedPowerSwitch#DEFAULT_MIN_OFF_MILLIS}), the record of switchings, and
 * the final state on close ({@code final-state}: {@code off} by default, {@code on}, or {@code keep}).
 */
public final class PowerSwitches {

    public static final List<String> KINDS = List.of("scpi", "usb-hub", "hid-relay", "serial-line", "command");
    /** Power-cut campaigns: how many plain power cycles this DUT's campaign runs (docs/power-cut-campaigns.md). */
    public static final String CUT_CYCLES = "cut-cycles";
    /** Power-cut campaigns: how long power stays off at each cut, ms (never below {@code min-off-ms}). */
    public static final String CUT_OFF_MS = "cut-off-ms";
    private static final Set<String> COMMON = Set.of("kind", "min-off-ms", "final-state", CUT_CYCLES, CUT_OFF_MS);

    private PowerSwitches() {
    }

    /**
     * @param config the switch's entry: {@code kind} and its parameters, values as a YAML reader gives them
     *               (String, Integer/Long, Boolean, List of String)
     * @param source the inventory file, for the error message
     * @param line   the entry's line in that file (1-based; 0 if unknown)
     * @throws ConfigError naming what is wrong
     */
    public static GuardedPowerSwitch fromConfig(Map<String, Object> config, Path source, int line)
            throws ConfigError {
        return fromConfig(config, source, line, LazyLibUsbBus::new);
    }

    /** As {@link #fromConfig(Map, Path, int)}, with the USB bus to use for USB kinds (tests pass a fake). */
    static GuardedPowerSwitch fromConfig(Map<String, Object> config, Path source, int line,
                                         Supplier<UsbBus> usb) throws ConfigError {
        Entry e = new Entry(config, source, line);
        String kind = e.string("kind", null);
        if (kind == null) {
            throw e.error("power switch has no 'kind' (one of " + String.join(", ", KINDS) + ")");
        }
        PowerSwitch driver;
        switch (kind) {
            case "scpi":
                driver = scpi(e);
                break;
            case "usb-hub":
                driver = usbHub(e, usb);
                break;
            case "hid-relay":
                driver = hidRelay(e, usb);
                break;
            case "serial-line":
                driver = serialLine(e);
                break;
            case "command":
                driver = command(e);
                break;
            default:
                throw e.error("unknown power switch kind '" + kind + "' (one of " + String.join(", ", KINDS) + ")");
        }
        long minOff = e.integer("min-off-ms", GuardedPowerSwitch.DEFAULT_MIN_OFF_MILLIS, 0, 600_000);
        e.integer(CUT_CYCLES, 0, 0, 100_000_000); // checked here, used by the power-cut campaign
        e.integer(CUT_OFF_MS, 0, 0, 600_000);
        // YAML 1.1 (SnakeYAML, hence Jackson) reads a bare on/off as true/false: take those as meant.
        Object rawFinal = config == null ? null : config.get("final-state");
        String fin = rawFinal instanceof Boolean ? ((Boolean) rawFinal ? "on" : "off")
                : e.choice("final-state", "off", "on", "off", "keep");
        PowerState finalState = fin.equals("on") ? PowerState.ON : fin.equals("off") ? PowerState.OFF
                : PowerState.UNKNOWN;
        return new GuardedPowerSwitch(driver, Duration.ofMillis(minOff), finalState, GuardedPowerSwitch.Ticker.SYSTEM,
                ev -> { }, true).retrying(LabRetry.DEFAULT);
    }

    private static PowerSwitch scpi(Entry e) throws ConfigError {
        e.allow("host", "port", "device", "baud", "channel", "channel-syntax", "idn", "timeout-ms");
        String host = e.string("host", null);
        String device = e.string("device", null);
        if ((host == null) == (device == null)) {
            throw e.error("a scpi power switch needs exactly one of 'host' (LXI socket) or 'device' (serial port)");
        }
        Duration timeout = Duration.ofMillis(e.integer("timeout-ms", 2000, 1, 600_000));
        ScpiPowerSwitch.Link link;
        if (host != null) {
            e.forbid("baud", "only a serial 'device' has a baud rate");
            link = ScpiPowerSwitch.tcp(host, (int) e.integer("port", ScpiPowerSwitch.LXI_RAW_PORT, 1, 65535), timeout);
        } else {
            e.forbid("port", "'port' is the TCP port of a 'host'; a serial supply is named by 'device'");
            link = ScpiPowerSwitch.serial(device, (int) e.integer("baud", 9600, 50, 4_000_000), timeout);
        }
        ChannelSyntax syntax = ChannelSyntax.NONE;
        int channel = 0;
        if (e.has("channel")) {
            channel = (int) e.integer("channel", 1, 1, 99);
            syntax = e.choice("channel-syntax", "nsel", "nsel", "list").equals("list") ? ChannelSyntax.LIST
                    : ChannelSyntax.NSEL;
        } else {
            e.forbid("channel-syntax", "'channel-syntax' needs a 'channel'");
        }
        return new ScpiPowerSwitch(link, syntax, channel, e.string("idn", null));
    }

    private static PowerSwitch usbHub(Entry e, Supplier<UsbBus> usb) throws ConfigError {
        e.allow("location", "id", "port", "allow-ganged", "timeout-ms");
        String location = e.string("location", null);
        String id = e.string("id", null);
        if ((location == null) == (id == null)) {
            throw e.error("a usb-hub power switch needs exactly one of 'location' (e.g. 1-1.4) or 'id' "
                    + "(vendor:product, e.g. 05e3:0610)");
        }
        UsbHubPortSwitch.HubSelector selector;
        try {
            selector = location != null ? UsbHubPortSwitch.HubSelector.byLocation(location)
                    : UsbHubPortSwitch.HubSelector.byVidPid(id);
        } catch (IllegalArgumentException ex) {
            throw e.error(ex.getMessage());
        }
        int port = (int) e.required("port", 1, 255);
        boolean allowGanged = e.bool("allow-ganged", false);
        int timeout = (int) e.integer("timeout-ms", 1000, 1, 60_000);
        UsbBus bus = usb.get();
        return new OwningBus(new UsbHubPortSwitch(bus, selector, port, allowGanged, timeout), bus);
    }

    private static PowerSwitch hidRelay(Entry e, Supplier<UsbBus> usb) throws ConfigError {
        e.allow("relay", "product", "serial", "timeout-ms");
        int relay = (int) e.required("relay", 1, 8);
        String serial = e.string("serial", null);
        if (serial != null && (serial.isEmpty() || serial.length() > HidRelaySwitch.SERIAL_LENGTH)) {
            throw e.error("'serial' of a hid-relay board has 1 to " + HidRelaySwitch.SERIAL_LENGTH + " characters");
        }
        String product = e.string("product", HidRelaySwitch.DEFAULT_PRODUCT);
        if (product.isEmpty()) {
            throw e.error("'product' must not be empty");
        }
        int timeout = (int) e.integer("timeout-ms", 1000, 1, 60_000);
        UsbBus bus = usb.get();
        return new OwningBus(new HidRelaySwitch(bus, product, serial, relay, timeout), bus);
    }

    private static PowerSwitch serialLine(Entry e) throws ConfigError {
        e.allow("device", "line", "active-low");
        String device = e.string("device", null);
        if (device == null || device.isBlank()) {
            throw e.error("a serial-line power switch needs 'device' (e.g. /dev/ttyUSB0)");
        }
        if (!e.has("line")) {
            throw e.error("a serial-line power switch needs 'line' (dtr or rts)");
        }
        Line line = e.choice("line", "dtr", "dtr", "rts").equals("rts") ? Line.RTS : Line.DTR;
        return new SerialLineSwitch(SerialLineSwitch.jSerialComm(device), line, e.bool("active-low", false));
    }

    private static PowerSwitch command(Entry e) throws ConfigError {
        e.allow("on", "off", "state", "timeout-ms", "dir");
        List<String> on = e.command("on", true);
        List<String> off = e.command("off", true);
        List<String> state = e.command("state", false);
        String dir = e.string("dir", null);
        Path workingDirectory = null;
        if (dir != null) {
            Path base = e.source.toAbsolutePath().getParent();
            workingDirectory = base == null ? Path.of(dir) : base.resolve(dir);
        }
        return new CommandSwitch(on, off, state, Duration.ofMillis(e.integer("timeout-ms", 10_000, 1, 3_600_000)),
                workingDirectory);
    }

    /** Typed access to one entry, every problem a {@link ConfigError}. */
    private static final class Entry {
        private final Map<String, Object> config;
        private final Path source;
        private final int line;
        private final String kind;

        Entry(Map<String, Object> config, Path source, int line) {
            this.config = config == null ? Map.of() : config;
            this.source = source;
            this.line = line;
            Object k = this.config.get("kind");
            this.kind = k instanceof String ? (String) k : "power";
        }

        ConfigError error(String message) {
            return new ConfigError(source, line, message);
        }

        boolean has(String key) {
            return config.get(key) != null;
        }

        void allow(String... keys) throws ConfigError {
            Set<String> known = new TreeSet<>(COMMON);
            known.addAll(List.of(keys));
            for (String key : config.keySet()) {
                if (!known.contains(key)) {
                    throw error("unknown key '" + key + "' for a " + kind + " power switch (known: "
                            + String.join(", ", known) + ")");
                }
            }
        }

        void forbid(String key, String why) throws ConfigError {
            if (has(key)) {
                throw error(why);
            }
        }

        String string(String key, String otherwise) throws ConfigError {
            Object v = config.get(key);
            if (v == null) {
                return otherwise;
            }
            if (!(v instanceof String)) {
                throw error("'" + key + "' must be text, got " + describeType(v));
            }
            return ((String) v).trim();
        }

        long required(String key, long min, long max) throws ConfigError {
            if (!has(key)) {
                throw error("a " + kind + " power switch needs '" + key + "' (" + min + " to " + max + ")");
            }
            return integer(key, min, min, max);
        }

        long integer(String key, long otherwise, long min, long max) throws ConfigError {
            Object v = config.get(key);
            if (v == null) {
                return otherwise;
            }
            long n;
            if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
                n = ((Number) v).longValue();
            } else {
                throw error("'" + key + "' must be a whole number, got " + describeType(v));
            }
            if (n < min || n > max) {
                throw error("'" + key + "' must be " + min + " to " + max + ", got " + n);
            }
            return n;
        }

        boolean bool(String key, boolean otherwise) throws ConfigError {
            Object v = config.get(key);
            if (v == null) {
                return otherwise;
            }
            if (!(v instanceof Boolean)) {
                throw error("'" + key + "' must be true or false, got " + describeType(v));
            }
            return (Boolean) v;
        }

        String choice(String key, String otherwise, String... choices) throws ConfigError {
            String v = string(key, otherwise).toLowerCase(Locale.ROOT);
            if (!List.of(choices).contains(v)) {
                throw error("'" + key + "' must be one of " + String.join(", ", choices) + ", got '" + v + "'");
            }
            return v;
        }

        List<String> command(String key, boolean required) throws ConfigError {
            Object v = config.get(key);
            if (v == null) {
                if (required) {
                    throw error("a command power switch needs '" + key + "': the program and its arguments as a"
                            + " list, e.g. [ykushcmd, -d, \"1\"]");
                }
                return null;
            }
            if (!(v instanceof List)) {
                throw error("'" + key + "' must be a list: the program and its arguments, e.g. [ykushcmd, -d, \"1\"]");
            }
            List<String> out = new ArrayList<>();
            for (Object o : (List<?>) v) {
                if (o instanceof String || o instanceof Number || o instanceof Boolean) {
                    out.add(String.valueOf(o));
                } else {
                    throw error("'" + key + "' element " + (out.size() + 1) + " must be text, got " + describeType(o));
                }
            }
            if (out.isEmpty() || out.get(0).isBlank()) {
                throw error("'" + key + "' must name a program");
            }
            return out;
        }

        /** The type only, never the value: a misplaced value may be a password or a serial. */
        private static String describeType(Object v) {
            if (v instanceof String) {
                return "text";
            }
            if (v instanceof Number) {
                return "a number";
            }
            if (v instanceof Boolean) {
                return "true/false";
            }
            if (v instanceof List) {
                return "a list";
            }
            if (v instanceof Map) {
                return "a mapping";
            }
            return v.getClass().getSimpleName();
        }
    }

    /** A USB driver together with the bus made for it: closing closes both. */
    static final class OwningBus implements PowerSwitch, AutoCloseable {
        private final PowerSwitch driver;
        private final UsbBus bus;

        OwningBus(PowerSwitch driver, UsbBus bus) {
            this.driver = driver;
            this.bus = bus;
        }

        PowerSwitch driver() {
            return driver;
        }

        @Override
        public void on() throws LabFault {
            driver.on();
        }

        @Override
        public void off() throws LabFault {
            driver.off();
        }

        @Override
        public PowerState state() throws LabFault {
            return driver.state();
        }

        @Override
        public String describe() {
            return driver.describe();
        }

        @Override
        public void close() {
            try {
                ((AutoCloseable) driver).close();
            } catch (Exception ignored) {
                // the USB drivers' close() throws nothing
            } finally {
                bus.close();
            }
        }
    }

    /** libusb started on first use, so reading an inventory never needs USB. */
    private static final class LazyLibUsbBus implements UsbBus {
        private LibUsbBus bus;

        private synchronized UsbBus bus() throws LabFault {
            if (bus == null) {
                bus = LibUsbBus.open();
            }
            return bus;
        }

        @Override
        public List<DeviceInfo> devices() throws LabFault {
            return bus().devices();
        }

        @Override
        public Handle open(DeviceInfo device) throws LabFault {
            return bus().open(device);
        }

        @Override
        public synchronized void close() {
            if (bus != null) {
                bus.close();
                bus = null;
            }
        }
    }
}
