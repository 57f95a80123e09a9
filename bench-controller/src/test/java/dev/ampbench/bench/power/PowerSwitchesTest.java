package dev.ampbench.bench.power;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.power.TinyScpiInstrument.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PowerSwitchesTest {

    private static final Path INVENTORY = Path.of("lab/bench-7.yaml");

    @TempDir
    Path dir;

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static GuardedPowerSwitch build(Map<String, Object> config) throws ConfigError {
        return PowerSwitches.fromConfig(config, INVENTORY, 12, RecordingUsbBus::new);
    }

    private static String error(Map<String, Object> config) {
        ConfigError e = assertThrows(ConfigError.class, () -> build(config));
        assertEquals(INVENTORY, e.file());
        assertEquals(12, e.line());
        return e.getMessage();
    }

    @Test
    void scpiOverTcpWithDefaultsSwitchesARealInstrument() throws Exception {
        try (TinyScpiInstrument inst = new TinyScpiInstrument("AMPBENCH,VPSU-1,SN1,1.0", Mode.NORMAL)) {
            GuardedPowerSwitch s = build(map("kind", "scpi", "host", "127.0.0.1", "port", inst.port()));
            assertEquals(Duration.ofMillis(500), s.minOffTime());
            assertEquals(PowerState.OFF, s.finalState());
            s.on();
            assertTrue(inst.output(1));
            s.close();
            assertFalse(inst.output(1), "final state off by default");
        }
    }

    @Test
    void everyKindBuildsWithoutTouchingHardware() throws ConfigError {
        assertEquals("scpi tcp psu-3.lab:5025 channel 2",
                build(map("kind", "scpi", "host", "psu-3.lab", "channel", 2, "channel-syntax", "list",
                        "min-off-ms", 1000, "final-state", "keep")).describe());
        assertEquals("scpi serial /dev/ttyUSB3 115200 8N1",
                build(map("kind", "scpi", "device", "/dev/ttyUSB3", "baud", 115200)).describe());
        assertEquals("usb-hub 1-1.4 port 2", build(map("kind", "usb-hub", "location", "1-1.4", "port", 2)).describe());
        assertEquals("usb-hub 05e3:0610 port 1", build(map("kind", "usb-hub", "id", "05E3:0610", "port", 1,
                "allow-ganged", true)).describe());
        assertEquals("hid-relay USBRelay relay 3 (board chosen by serial)",
                build(map("kind", "hid-relay", "relay", 3, "serial", "QWERT")).describe());
        assertEquals("serial-line /dev/ttyACM0 RTS active-low",
                build(map("kind", "serial-line", "device", "/dev/ttyACM0", "line", "RTS", "active-low", true))
                        .describe());
        assertEquals("command ykushcmd", build(map("kind", "command", "on", List.of("ykushcmd", "-u", 1),
                "off", List.of("ykushcmd", "-d", 1))).describe());
        GuardedPowerSwitch keep = build(map("kind", "command", "on", List.of("true"), "off", List.of("true"),
                "final-state", "on", "min-off-ms", 0));
        assertEquals(PowerState.ON, keep.finalState());
        assertEquals(Duration.ZERO, keep.minOffTime());
    }

    @Test
    void usbSwitchesUseTheGivenBusAndCloseIt() throws Exception {
        RecordingUsbBus bus = new RecordingUsbBus();
        UsbHubPortSwitchTest.FakeHub hub = new UsbHubPortSwitchTest.FakeHub(false, 1);
        bus.add(new UsbBus.DeviceInfo(1, List.of(4), 0x05e3, 0x0610, 0x0200, 9, 0), hub, Map.of());
        GuardedPowerSwitch s = PowerSwitches.fromConfig(map("kind", "usb-hub", "location", "1-4", "port", 3),
                INVENTORY, 3, () -> bus);
        s.on();
        s.close(); // final state off
        assertFalse(hub.power[3]);
        assertEquals(1, bus.closedHandles);
    }

    @Test
    void commandDirIsRelativeToTheInventory() throws Exception {
        Files.writeString(dir.resolve("marker"), "");
        GuardedPowerSwitch s = PowerSwitches.fromConfig(map("kind", "command", "on", List.of("test", "-f", "marker"),
                "off", List.of("true"), "dir", "."), dir.resolve("inventory.yaml"), 1);
        s.on();
        GuardedPowerSwitch elsewhere = PowerSwitches.fromConfig(map("kind", "command", "on",
                List.of("test", "-f", "marker"), "off", List.of("true")), Path.of("/inventory.yaml"), 1);
        assertThrows(dev.ampbench.bench.LabFault.class, elsewhere::on);
    }

    @Test
    void mistakesNameFileLineAndKey() {
        assertEquals("lab/bench-7.yaml:12: power switch has no 'kind' (one of scpi, usb-hub, hid-relay, serial-line,"
                + " command)", error(map("host", "x")));
        assertEquals("lab/bench-7.yaml:12: unknown power switch kind 'relay' (one of scpi, usb-hub, hid-relay,"
                + " serial-line, command)", error(map("kind", "relay")));
        assertEquals("lab/bench-7.yaml:12: unknown key 'prot' for a scpi power switch (known: baud, channel,"
                + " channel-syntax, cut-cycles, cut-off-ms, device, final-state, host, idn, kind, min-off-ms, port,"
                + " timeout-ms)",
                error(map("kind", "scpi", "host", "h", "prot", 5025)));
        assertEquals("lab/bench-7.yaml:12: a scpi power switch needs exactly one of 'host' (LXI socket) or 'device'"
                + " (serial port)", error(map("kind", "scpi", "host", "h", "device", "/dev/ttyS0")));
        assertEquals("lab/bench-7.yaml:12: 'port' must be a whole number, got text",
                error(map("kind", "scpi", "host", "h", "port", "5025")));
        assertEquals("lab/bench-7.yaml:12: 'port' must be 1 to 65535, got 70000",
                error(map("kind", "scpi", "host", "h", "port", 70000)));
        assertEquals("lab/bench-7.yaml:12: 'channel-syntax' needs a 'channel'",
                error(map("kind", "scpi", "host", "h", "channel-syntax", "list")));
        assertEquals("lab/bench-7.yaml:12: 'channel-syntax' must be one of nsel, list, got 'at'",
                error(map("kind", "scpi", "host", "h", "channel", 1, "channel-syntax", "at")));
        assertEquals("lab/bench-7.yaml:12: a usb-hub power switch needs 'port' (1 to 255)",
                error(map("kind", "usb-hub", "location", "1-1")));
        assertEquals("lab/bench-7.yaml:12: USB location '1-1.x': port 'x' is not a number (expected e.g. 1-1.4)",
                error(map("kind", "usb-hub", "location", "1-1.x", "port", 1)));
        assertEquals("lab/bench-7.yaml:12: '05e3-0610' is not vendor:product in hex, e.g. 05e3:0610",
                error(map("kind", "usb-hub", "id", "05e3-0610", "port", 1)));
        assertEquals("lab/bench-7.yaml:12: 'allow-ganged' must be true or false, got text",
                error(map("kind", "usb-hub", "id", "05e3:0610", "port", 1, "allow-ganged", "yes")));
        assertEquals("lab/bench-7.yaml:12: 'relay' must be 1 to 8, got 9", error(map("kind", "hid-relay", "relay", 9)));
        assertEquals("lab/bench-7.yaml:12: a serial-line power switch needs 'line' (dtr or rts)",
                error(map("kind", "serial-line", "device", "/dev/ttyUSB0")));
        assertEquals("lab/bench-7.yaml:12: 'cut-cycles' must be 0 to 100000000, got -3",
                error(map("kind", "serial-line", "device", "/dev/ttyUSB0", "line", "dtr", "cut-cycles", -3L)));
        assertEquals("lab/bench-7.yaml:12: 'cut-off-ms' must be a whole number, got text",
                error(map("kind", "serial-line", "device", "/dev/ttyUSB0", "line", "dtr", "cut-off-ms", "soon")));
        assertEquals("lab/bench-7.yaml:12: 'final-state' must be one of on, off, keep, got 'restore'",
                error(map("kind", "serial-line", "device", "/dev/ttyUSB0", "line", "dtr", "final-state", "restore")));
        assertEquals("lab/bench-7.yaml:12: a command power switch needs 'off': the program and its arguments as a"
                + " list, e.g. [ykushcmd, -d, \"1\"]", error(map("kind", "command", "on", List.of("x"))));
        assertEquals("lab/bench-7.yaml:12: 'on' must be a list: the program and its arguments, e.g. [ykushcmd, -d,"
                + " \"1\"]", error(map("kind", "command", "on", "ykushcmd -u 1", "off", List.of("x"))));
        assertEquals("lab/bench-7.yaml:12: 'min-off-ms' must be 0 to 600000, got -5",
                error(map("kind", "command", "on", List.of("x"), "off", List.of("x"), "min-off-ms", -5)));
    }

    @Test
    void errorsNeverEchoAMisplacedSecret() {
        String m = error(map("kind", "hid-relay", "relay", 1, "serial", "TOO-LONG-SECRET"));
        assertFalse(m.contains("TOO-LONG-SECRET"), m);
        String n = error(map("kind", "command", "on", List.of("pdu", Map.of("password", "hunter2")),
                "off", List.of("x")));
        assertFalse(n.contains("hunter2"), n);
        assertEquals("lab/bench-7.yaml:12: 'on' element 2 must be text, got a mapping", n);
    }

    @Test
    void yamlBooleansForOnAndOffAreTakenAsMeant() throws ConfigError {
        Map<String, Object> base = map("kind", "command", "on", List.of("true"), "off", List.of("true"));
        base.put("final-state", Boolean.FALSE);
        assertEquals(PowerState.OFF, build(base).finalState());
        base.put("final-state", Boolean.TRUE);
        assertEquals(PowerState.ON, build(base).finalState());
        base.put("final-state", "keep");
        assertEquals(PowerState.UNKNOWN, build(base).finalState());
    }

    @Test
    void theGuardOwnsTheDriver() throws ConfigError {
        GuardedPowerSwitch s = build(map("kind", "hid-relay", "relay", 1));
        assertInstanceOf(PowerSwitches.OwningBus.class, s.delegate());
        assertInstanceOf(HidRelaySwitch.class, ((PowerSwitches.OwningBus) s.delegate()).driver());
    }
}
