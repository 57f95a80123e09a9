package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabInventoryTest {
    private static final Path FILE = Path.of("/lab/inv.yaml");

    private static LabInventory parse(String yaml) throws ConfigError {
        return LabInventory.parse(FILE, yaml.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses, expects a ConfigError, and checks it names the file, the line and the given words. */
    private static ConfigError fails(String yaml, int line, String... words) {
        ConfigError e = assertThrows(ConfigError.class, () -> parse(yaml));
        assertEquals(FILE, e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(line > 0 ? "/lab/inv.yaml:" + line + ": " : "/lab/inv.yaml: "),
                e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), () -> "'" + w + "' not in: " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e;
    }

    private static final String HEAD = """
            version: 1
            benches:
              - name: b1
                duts:
            """;

    /** A valid DUT at lines 5..12 of HEAD + this; {@code extra} lines go after line 12. */
    private static String dut(String extra) {
        return HEAD + """
                  - name: d1
                    transport:
                      kind: tcp
                      host: localhost
                      port: 7000
                    profiles: [amp-sec]
                    role: tag
                    firmware: "1.0"
                """.indent(4) + extra;
    }

    @Test
    void readsTheExampleLab() throws ConfigError {
        LabInventory inv = LabInventory.load(Fixtures.exampleInventory());
        assertEquals(1, inv.version());
        assertEquals(List.of("bench-uart-01", "bench-gw-01", "bench-emu"),
                inv.benches().stream().map(Bench::name).toList());
        assertEquals(List.of("tag-prov-01", "tag-s9-02", "gw-lora-01", "tag-lora-03", "emu-sec-ap"),
                inv.duts().map(Dut::name).toList());

        Dut prov = inv.dut("tag-prov-01").orElseThrow();
        assertEquals(new TransportSpec.Serial(
                Optional.of("/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A10KZ3QF-if00-port0"), Optional.empty(),
                Optional.empty(), 115200), prov.transport());
        assertEquals(List.of(Profile.AMP_PROV, Profile.AMP_SEC), prov.profiles());
        assertEquals(Role.DEVICE, prov.role());
        assertEquals("1.4.2-rc1", prov.firmware());
        PowerSpec power = prov.power().orElseThrow();
        assertEquals("scpi", power.kind());
        assertEquals(Map.of("host", "192.168.10.21", "port", 5555L, "channel", 1L, "idn", "DP832", "timeout-ms", 3000L),
                power.params());
        assertEquals(14, power.line());
        assertEquals(List.of("kind", "host", "port", "channel", "idn", "timeout-ms"),
                List.copyOf(power.config().keySet()));
        SecretRef ref = prov.secrets().orElseThrow();
        assertEquals(Fixtures.lab().resolve("example-keys.csv.enc").toAbsolutePath().normalize(), ref.manifest());
        assertEquals("tag-prov-01", ref.id());
        assertEquals(24, ref.line());

        assertEquals(new TransportSpec.Serial(Optional.empty(), Optional.of("A10KZ3QG"),
                Optional.of(new TransportSpec.UsbId(0x0403, 0x6001)), 115200),
                inv.dut("tag-s9-02").orElseThrow().transport());
        Dut gw = inv.dut("gw-lora-01").orElseThrow();
        assertEquals(new TransportSpec.Tcp("gw-lora-01.lab.example", 7000), gw.transport());
        assertEquals(Role.INFRASTRUCTURE, gw.role());
        assertEquals(Map.of("kind", "usb-hub", "location", "1-1.4", "port", 2L), gw.power().orElseThrow().config());
        assertEquals(new TransportSpec.UsbBulk(new TransportSpec.UsbId(0x1209, 0xa3b0), Optional.of("AMP-0003"), 1,
                0x02, 0x82), inv.dut("tag-lora-03").orElseThrow().transport());
        assertEquals(new TransportSpec.Emulator(), inv.dut("emu-sec-ap").orElseThrow().transport());
        assertTrue(inv.bench("bench-emu").orElseThrow().dut("emu-sec-ap").isPresent());
    }

    @Test
    void theExampleLabsSecretsAreAllInTheExampleManifest() throws ConfigError {
        LabInventory inv = LabInventory.load(Fixtures.exampleInventory());
        KeyManifest m = Fixtures.exampleManifestOpened();
        int rows = 0;
        for (Dut d : inv.duts().toList()) {
            SecretRef ref = d.secrets().orElseThrow();
            assertEquals(Fixtures.exampleManifest().toAbsolutePath().normalize(), ref.manifest());
            for (Profile p : d.profiles()) {
                assertEquals(d.name(), m.require(inv.file(), ref, p).id());
                rows++;
            }
        }
        assertEquals(m.entries().size(), rows, "every manifest row belongs to a DUT of the example lab");
    }

    @Test
    void minimalDutHasDefaults() throws ConfigError {
        Dut d = parse(dut("")).dut("d1").orElseThrow();
        assertEquals(Optional.empty(), d.power());
        assertEquals(Optional.empty(), d.secrets());
        assertEquals(5, d.line());
        assertEquals(115200, ((TransportSpec.Serial) parse(HEAD + """
                  - name: d1
                    transport: {kind: serial, path: /dev/ttyACM0}
                    profiles: lorawan
                    role: gateway
                    firmware: 2
                """.indent(6)).dut("d1").orElseThrow().transport()).baud());
    }

    @Test
    void firmwareKeepsItsTextEvenWhenYamlSeesANumber() throws ConfigError {
        assertEquals("1.20", parse(dut("").replace("firmware: \"1.0\"", "firmware: 1.20")).dut("d1").orElseThrow()
                .firmware());
    }

    @Test
    void usbBulkDefaultsAndHexEndpoints() throws ConfigError {
        LabInventory inv = parse(HEAD + """
                  - name: d1
                    transport:
                      kind: usb-bulk
                      usb-id: "1209:A3B0"
                    profiles: [aiot-s9]
                    role: tag
                    firmware: x
                  - name: d2
                    transport: {kind: usb-bulk, usb-id: "1209:a3b0", endpoint-out: 0x03, endpoint-in: "0x84", interface: 2}
                    profiles: [aiot-s9]
                    role: tag
                    firmware: x
                """.indent(6));
        assertEquals(new TransportSpec.UsbBulk(new TransportSpec.UsbId(0x1209, 0xa3b0), Optional.empty(), 0, TransportSpec.UsbBulk.DISCOVER,
                        TransportSpec.UsbBulk.DISCOVER),
                inv.dut("d1").orElseThrow().transport());
        assertEquals(new TransportSpec.UsbBulk(new TransportSpec.UsbId(0x1209, 0xa3b0), Optional.empty(), 2, 3, 0x84),
                inv.dut("d2").orElseThrow().transport());
    }

    // --- every kind of mistake names the file and the line of the offending key ---------------------------------

    @Test
    void unknownKey() {
        fails(dut("        colour: red\n"), 13, "unknown key 'colour'", "benches[0].duts[0]");
        fails(dut("").replace("port: 7000", "port: 7000\n          prot: 1"), 10, "unknown key 'prot'",
                "transport");
        fails("version: 1\nbenchs: []\n", 2, "unknown key 'benchs'");
    }

    @Test
    void missingKey() {
        fails(dut("").replace("        role: tag\n", ""), 5, "missing key 'role'");
        fails(dut("").replace("          port: 7000\n", ""), 7, "missing key 'port'");
        fails(dut("").replace("          kind: tcp\n", ""), 6, "missing key 'kind'");
        fails("benches: []\n", 1, "missing key 'version'");
    }

    @Test
    void wrongType() {
        fails(dut("").replace("port: 7000", "port: seven"), 9, "port", "expected an integer", "a string");
        fails(dut("").replace("firmware: \"1.0\"", "firmware: [1, 0]"), 12, "firmware", "expected a string");
        fails(dut("").replace("transport:\n          kind: tcp\n          host: localhost\n          port: 7000\n",
                "transport: tcp\n"), 6, "transport",
                "expected a mapping");
        fails("version: 1\nbenches: {name: x}\n", 2, "benches", "expected a list");
        fails("- 1\n- 2\n", 1, "expected a mapping");
        fails(dut("        power: off\n"), 13, "power", "expected a mapping", "a boolean");
    }

    @Test
    void unknownProfileAndRole() {
        fails(dut("").replace("profiles: [amp-sec]", "profiles:\n          - amp-sec\n          - zigbee"), 12,
                "unknown profile 'zigbee'", "amp-prov, amp-sec, aiot-s9, lorawan");
        fails(dut("").replace("profiles: [amp-sec]", "profiles: []"), 10, "at least one profile");
        fails(dut("").replace("profiles: [amp-sec]", "profiles: [amp-sec, amp-sec]"), 10, "listed twice");
        fails(dut("").replace("role: tag", "role: device"), 11, "unknown role 'device'", "tag or gateway");
    }

    @Test
    void duplicateNames() {
        String twoDuts = dut("") + """
                  - name: d1
                    transport: {kind: emulator}
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(4);
        fails(twoDuts, 13, "duplicate DUT name 'd1'", "line 5");
        String twoBenches = dut("") + """
              - name: b1
                duts:
                  - name: d2
                    transport: {kind: emulator}
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
              """.indent(2);
        fails(twoBenches, 13, "duplicate bench name 'b1'", "line 3");
        String dutsAcrossBenches = dut("") + """
              - name: b2
                duts:
                  - name: d1
                    transport: {kind: emulator}
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
              """.indent(2);
        fails(dutsAcrossBenches, 15, "duplicate DUT name 'd1'");
        fails(dut("").replace("host: localhost\n", "host: localhost\n          host: other\n"), 9,
                "duplicate key 'host'", "first on line 8");
    }

    @Test
    void transportMistakes() {
        fails(dut("").replace("kind: tcp", "kind: bluetooth"), 7, "unknown transport 'bluetooth'");
        fails(dut("").replace("port: 7000", "port: 70000"), 9, "out of range (1..65535)");
        fails(HEAD + """
                  - name: d1
                    transport:
                      kind: serial
                      path: /dev/ttyUSB0
                      usb-id: "0403:6001"
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(6), 8, "either 'path' or 'usb-serial'/'usb-id'");
        fails(HEAD + """
                  - name: d1
                    transport:
                      kind: serial
                      baud: 9600
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(6), 6, "needs 'path', or 'usb-serial' and/or 'usb-id'");
        fails(HEAD + """
                  - name: d1
                    transport:
                      kind: usb-bulk
                      usb-id: "403:6001"
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(6), 8, "usb-id", "four hex digits");
        fails(HEAD + """
                  - name: d1
                    transport:
                      kind: usb-bulk
                      usb-id: "0403:6001"
                      endpoint-in: 0x01
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(6), 9, "endpoint-in", "out of range");
        fails(HEAD + """
                  - name: d1
                    transport: {kind: emulator, port: 3}
                    profiles: [amp-sec]
                    role: tag
                    firmware: x
                """.indent(6), 6, "unknown key 'port'");
    }

    @Test
    void otherMistakes() {
        fails("version: 2\nbenches: []\n", 1, "version 1, not 2");
        fails("version: 1\nbenches: []\n", 2, "at least one bench");
        fails(dut("").replace("name: d1", "name: \"d 1\""), 5, "not a valid name");
        fails(dut("        power: {voltage: 3}\n"), 13, "power", "missing key 'kind'");
        fails(dut("        secrets: {manifest: k.enc}\n"), 13, "missing key 'id'");
        fails(dut("        secrets: {manifest: k.enc, id: \"\"}\n"), 13, "id: must not be empty");
        fails(dut("        secrets: {manifest: k.enc, id: \"tag 1\"}\n"), 13, "cannot be a manifest row id");
        fails(dut("").replace("kind: tcp\n          host: localhost\n          port: 7000",
                "kind: serial\n          usb-serial: \" \""), 8, "usb-serial: must not be empty");
        fails("version: 1\nbenches: [\n", 3, "not valid YAML", "found '<stream end>'");
        fails("version: 1\n---\nversion: 1\n", 3, "more than one YAML document");
        fails("", 0, "empty");
        fails("version: 1\nbenches:\n\t- x\n", 3, "not valid YAML");
    }

    @Test
    void aMissingOrUnreadableFileIsAConfigErrorNamingIt(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("nope.yaml");
        ConfigError e = assertThrows(ConfigError.class, () -> LabInventory.load(missing));
        assertEquals(missing, e.file());
        assertEquals(0, e.line());
        assertEquals(missing + ": no such file", e.getMessage());

        ConfigError d = assertThrows(ConfigError.class, () -> LabInventory.load(dir));
        assertEquals(dir, d.file());
        assertTrue(d.getMessage().contains("cannot read the inventory"), d.getMessage());

        Path good = dir.resolve("lab.yaml");
        Files.writeString(good, dut(""));
        assertEquals("d1", LabInventory.load(good).duts().findFirst().orElseThrow().name());
    }

    @Test
    void secretsPathIsResolvedAgainstTheInventoryFolder() throws ConfigError {
        SecretRef ref = parse(dut("        secrets: {manifest: ../keys/batch7.csv.enc, id: d1}\n")).dut("d1")
                .orElseThrow().secrets().orElseThrow();
        assertEquals(Path.of("/keys/batch7.csv.enc"), ref.manifest());
        assertEquals(13, ref.line());
    }
}
