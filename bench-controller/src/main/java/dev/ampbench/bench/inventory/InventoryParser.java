package dev.ampbench.bench.inventory;

import com.fasterxml.jackson.core.JsonToken;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.inventory.YamlTree.Entry;
import dev.ampbench.bench.inventory.YamlTree.ListNode;
import dev.ampbench.bench.inventory.YamlTree.MapNode;
import dev.ampbench.bench.inventory.YamlTree.Node;
import dev.ampbench.bench.inventory.YamlTree.ScalarNode;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the YAML of docs/lab-inventory.md into {@link LabInventory}, strictly. */
final class InventoryParser {
    private static final Pattern USB_ID = Pattern.compile("([0-9A-Fa-f]{4}):([0-9A-Fa-f]{4})");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path file;
    private final Map<String, Integer> benchNames = new HashMap<>();
    private final Map<String, Integer> dutNames = new HashMap<>();

    private InventoryParser(Path file) {
        this.file = file;
    }

    static LabInventory load(Path file) throws ConfigError {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file, 0, "no such file");
        } catch (IOException | SecurityException e) {
            throw new ConfigError(file, 0, "cannot read the inventory (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + ")");
        }
        return parse(file, bytes);
    }

    static LabInventory parse(Path file, byte[] yaml) throws ConfigError {
        Node root = YamlTree.parse(file, yaml);
        return new InventoryParser(file).inventory(root);
    }

    private LabInventory inventory(Node root) throws ConfigError {
        MapNode m = map(root, "the inventory");
        keys(m, "the inventory", Set.of("version", "benches"), Set.of("version", "benches"));
        Entry v = m.entries().get("version");
        long version = integer(v, "version");
        if (version != LabInventory.FORMAT_VERSION) {
            throw error(v.keyLine(), "version: this ampbench reads inventory version " + LabInventory.FORMAT_VERSION
                    + ", not " + version);
        }
        Entry b = m.entries().get("benches");
        ListNode list = list(b, "benches");
        if (list.items().isEmpty()) {
            throw error(b.keyLine(), "benches: the list is empty; an inventory names at least one bench");
        }
        List<Bench> benches = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            benches.add(bench(list.items().get(i), "benches[" + i + "]"));
        }
        return new LabInventory(file, (int) version, benches);
    }

    private Bench bench(Node node, String where) throws ConfigError {
        MapNode m = map(node, where);
        keys(m, where, Set.of("name", "description", "duts"), Set.of("name", "duts"));
        Entry nameEntry = m.entries().get("name");
        String name = name(nameEntry, where + ".name");
        Integer first = benchNames.putIfAbsent(name, nameEntry.keyLine());
        if (first != null) {
            throw error(nameEntry.keyLine(), where + ".name: duplicate bench name '" + name + "' (first on line "
                    + first + ")");
        }
        String description = optionalString(m, "description", where).orElse("");
        Entry d = m.entries().get("duts");
        ListNode list = list(d, where + ".duts");
        if (list.items().isEmpty()) {
            throw error(d.keyLine(), where + ".duts: the list is empty; a bench has at least one DUT");
        }
        List<Dut> duts = new ArrayList<>();
        for (int i = 0; i < list.items().size(); i++) {
            duts.add(dut(list.items().get(i), where + ".duts[" + i + "]"));
        }
        return new Bench(name, description, duts, m.line());
    }

    private Dut dut(Node node, String where) throws ConfigError {
        MapNode m = map(node, where);
        keys(m, where, Set.of("name", "transport", "power", "profiles", "role", "firmware", "secrets"),
                Set.of("name", "transport", "profiles", "role", "firmware"));
        Entry nameEntry = m.entries().get("name");
        String name = name(nameEntry, where + ".name");
        Integer first = dutNames.putIfAbsent(name, nameEntry.keyLine());
        if (first != null) {
            throw error(nameEntry.keyLine(), where + ".name: duplicate DUT name '" + name + "' (first on line "
                    + first + "); DUT names are unique across the inventory");
        }
        TransportSpec transport = transport(m.entries().get("transport"), where + ".transport");
        Optional<PowerSpec> power = Optional.empty();
        Entry p = m.entries().get("power");
        if (p != null) {
            power = Optional.of(power(p, where + ".power"));
        }
        List<Profile> profiles = profiles(m.entries().get("profiles"), where + ".profiles");
        Role role = role(m.entries().get("role"), where + ".role");
        String firmware = string(m.entries().get("firmware"), where + ".firmware");
        if (firmware.isBlank()) {
            throw error(m.entries().get("firmware").keyLine(), where + ".firmware: must not be empty");
        }
        Optional<SecretRef> secrets = Optional.empty();
        Entry s = m.entries().get("secrets");
        if (s != null) {
            secrets = Optional.of(secretRef(s, where + ".secrets"));
        }
        return new Dut(name, transport, power, profiles, role, firmware, secrets, m.line());
    }

    private TransportSpec transport(Entry e, String where) throws ConfigError {
        MapNode m = map(e, where);
        Entry kindEntry = m.entries().get("kind");
        if (kindEntry == null) {
            throw error(e.keyLine(), where + ": missing key 'kind' (one of serial, usb-bulk, tcp, emulator)");
        }
        String kind = string(kindEntry, where + ".kind");
        switch (kind) {
            case "serial": {
                keys(m, where, Set.of("kind", "path", "usb-serial", "usb-id", "baud"), Set.of("kind"));
                Optional<String> path = optionalString(m, "path", where);
                Optional<String> serial = optionalNonBlank(m, "usb-serial", where);
                Optional<TransportSpec.UsbId> id = optionalUsbId(m, where);
                if (path.isPresent() && (serial.isPresent() || id.isPresent())) {
                    throw error(m.entries().get("path").keyLine(), where + ": give either 'path' or 'usb-serial'"
                            + "/'usb-id', not both");
                }
                if (path.isEmpty() && serial.isEmpty() && id.isEmpty()) {
                    throw error(e.keyLine(), where + ": a serial port needs 'path', or 'usb-serial' and/or 'usb-id'");
                }
                if (path.isPresent() && path.get().isBlank()) {
                    throw error(m.entries().get("path").keyLine(), where + ".path: must not be empty");
                }
                int baud = TransportSpec.Serial.DEFAULT_BAUD;
                Entry baudEntry = m.entries().get("baud");
                if (baudEntry != null) {
                    baud = (int) range(baudEntry, where + ".baud", 1, 100_000_000);
                }
                return new TransportSpec.Serial(path, serial, id, baud);
            }
            case "usb-bulk": {
                keys(m, where, Set.of("kind", "usb-id", "usb-serial", "interface", "endpoint-out", "endpoint-in"),
                        Set.of("kind", "usb-id"));
                TransportSpec.UsbId id = optionalUsbId(m, where).orElseThrow();
                Optional<String> serial = optionalNonBlank(m, "usb-serial", where);
                int iface = 0;
                if (m.entries().containsKey("interface")) {
                    iface = (int) range(m.entries().get("interface"), where + ".interface", 0, 255);
                }
                int out = TransportSpec.UsbBulk.DISCOVER;
                if (m.entries().containsKey("endpoint-out")) {
                    out = (int) range(m.entries().get("endpoint-out"), where + ".endpoint-out", 0x01, 0x0F);
                }
                int in = TransportSpec.UsbBulk.DISCOVER;
                if (m.entries().containsKey("endpoint-in")) {
                    in = (int) range(m.entries().get("endpoint-in"), where + ".endpoint-in", 0x81, 0x8F);
                }
                return new TransportSpec.UsbBulk(id, serial, iface, out, in);
            }
            case "tcp": {
                keys(m, where, Set.of("kind", "host", "port"), Set.of("kind", "host", "port"));
                String host = string(m.entries().get("host"), where + ".host");
                if (host.isBlank() || host.chars().anyMatch(Character::isWhitespace)) {
                    throw error(m.entries().get("host").keyLine(), where + ".host: not a host name or address");
                }
                int port = (int) range(m.entries().get("port"), where + ".port", 1, 65535);
                return new TransportSpec.Tcp(host, port);
            }
            case "emulator": {
                keys(m, where, Set.of("kind"), Set.of("kind"));
                return new TransportSpec.Emulator();
            }
            default:
                throw error(kindEntry.keyLine(), where + ".kind: unknown transport '" + kind
                        + "' (one of serial, usb-bulk, tcp, emulator)");
        }
    }

    private PowerSpec power(Entry e, String where) throws ConfigError {
        MapNode m = map(e, where);
        Entry kindEntry = m.entries().get("kind");
        if (kindEntry == null) {
            throw error(e.keyLine(), where + ": missing key 'kind'");
        }
        String kind = string(kindEntry, where + ".kind");
        if (kind.isBlank()) {
            throw error(kindEntry.keyLine(), where + ".kind: must not be empty");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Entry p : m.entries().values()) {
            if (!p.key().equals("kind")) {
                params.put(p.key(), plain(p.value(), where + "." + p.key()));
            }
        }
        return new PowerSpec(kind, params, e.keyLine());
    }

    /** A YAML value as plain Java: String, Long, Double, Boolean, null, List, Map. */
    private Object plain(Node n, String where) throws ConfigError {
        if (n instanceof MapNode m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Entry e : m.entries().values()) {
                out.put(e.key(), plain(e.value(), where + "." + e.key()));
            }
            return out;
        }
        if (n instanceof ListNode l) {
            List<Object> out = new ArrayList<>();
            for (Node item : l.items()) {
                out.add(plain(item, where));
            }
            return out;
        }
        ScalarNode s = (ScalarNode) n;
        switch (s.token()) {
            case VALUE_NULL:
                return null;
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
                try {
                    return parseInteger(s.text());
                } catch (NumberFormatException ex) {
                    throw error(s.line(), where + ": integer out of range");
                }
            case VALUE_NUMBER_FLOAT:
                try {
                    return Double.parseDouble(s.text());
                } catch (NumberFormatException ex) {
                    throw error(s.line(), where + ": not a number");
                }
            default:
                return s.text();
        }
    }

    private List<Profile> profiles(Entry e, String where) throws ConfigError {
        List<Node> items;
        if (e.value() instanceof ScalarNode) {
            items = List.of(e.value());
        } else {
            items = list(e, where).items();
        }
        if (items.isEmpty()) {
            throw error(e.keyLine(), where + ": the list is empty; name at least one profile");
        }
        Set<Profile> out = new LinkedHashSet<>();
        for (Node item : items) {
            String id = scalarText(item, where);
            Profile p = Profile.byId(id).orElseThrow(() -> error(item.line(), where + ": unknown profile '" + id
                    + "' (one of " + Arrays.stream(Profile.values()).map(Profile::id).collect(Collectors.joining(", "))
                    + ")"));
            if (!out.add(p)) {
                throw error(item.line(), where + ": profile '" + id + "' listed twice");
            }
        }
        return List.copyOf(out);
    }

    private Role role(Entry e, String where) throws ConfigError {
        String r = string(e, where);
        for (Role role : Role.values()) {
            if (role.cliName().equals(r)) {
                return role;
            }
        }
        throw error(e.keyLine(), where + ": unknown role '" + r + "' (tag or gateway)");
    }

    private SecretRef secretRef(Entry e, String where) throws ConfigError {
        MapNode m = map(e, where);
        keys(m, where, Set.of("manifest", "id"), Set.of("manifest", "id"));
        Entry me = m.entries().get("manifest");
        String manifest = string(me, where + ".manifest");
        Path path;
        try {
            if (manifest.isBlank()) {
                throw new InvalidPathException(manifest, "empty");
            }
            Path dir = file.toAbsolutePath().getParent();
            path = dir == null ? Path.of(manifest) : dir.resolve(manifest).normalize();
        } catch (InvalidPathException ex) {
            throw error(me.keyLine(), where + ".manifest: not a valid path");
        }
        Entry ie = m.entries().get("id");
        String id = string(ie, where + ".id");
        if (id.isBlank()) {
            throw error(ie.keyLine(), where + ".id: must not be empty");
        }
        if (!NAME.matcher(id).matches()) {
            throw error(ie.keyLine(), where + ".id: '" + id + "' cannot be a manifest row id (letters, digits, '.',"
                    + " '_', '-'; starts with a letter or digit; at most 64 characters)");
        }
        return new SecretRef(path, id, e.keyLine());
    }

    // --- typed access -----------------------------------------------------------------------------------------

    private void keys(MapNode m, String where, Set<String> allowed, Set<String> required) throws ConfigError {
        for (Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                throw error(e.keyLine(), where + ": unknown key '" + e.key() + "' (allowed: "
                        + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
        for (String r : required.stream().sorted().toList()) {
            if (!m.entries().containsKey(r)) {
                throw error(m.line(), where + ": missing key '" + r + "'");
            }
        }
    }

    private MapNode map(Node n, String where) throws ConfigError {
        if (n instanceof MapNode m) {
            return m;
        }
        throw error(n.line(), where + ": expected a mapping of keys, found " + n.kindName());
    }

    private MapNode map(Entry e, String where) throws ConfigError {
        if (e.value() instanceof MapNode m) {
            return m;
        }
        throw error(e.keyLine(), where + ": expected a mapping of keys, found " + e.value().kindName());
    }

    private ListNode list(Entry e, String where) throws ConfigError {
        if (e.value() instanceof ListNode l) {
            return l;
        }
        throw error(e.keyLine(), where + ": expected a list, found " + e.value().kindName());
    }

    /** A string field: any non-null scalar, taken as written (so firmware 1.20 stays "1.20"). */
    private String string(Entry e, String where) throws ConfigError {
        if (e.value() instanceof ScalarNode s && !s.isNull() && s.token() != JsonToken.VALUE_EMBEDDED_OBJECT) {
            return s.text();
        }
        throw error(e.keyLine(), where + ": expected a string, found " + e.value().kindName());
    }

    private String scalarText(Node n, String where) throws ConfigError {
        if (n instanceof ScalarNode s && !s.isNull() && s.token() != JsonToken.VALUE_EMBEDDED_OBJECT) {
            return s.text();
        }
        throw error(n.line(), where + ": expected a string, found " + n.kindName());
    }

    private Optional<String> optionalString(MapNode m, String key, String where) throws ConfigError {
        Entry e = m.entries().get(key);
        return e == null ? Optional.empty() : Optional.of(string(e, where + "." + key));
    }

    /** An optional string that, when given, must not be blank (a USB serial number). */
    private Optional<String> optionalNonBlank(MapNode m, String key, String where) throws ConfigError {
        Optional<String> v = optionalString(m, key, where);
        if (v.isPresent() && v.get().isBlank()) {
            throw error(m.entries().get(key).keyLine(), where + "." + key + ": must not be empty");
        }
        return v;
    }

    private String name(Entry e, String where) throws ConfigError {
        String n = string(e, where);
        if (!NAME.matcher(n).matches()) {
            throw error(e.keyLine(), where + ": '" + n + "' is not a valid name (letters, digits, '.', '_', '-';"
                    + " starts with a letter or digit; at most 64 characters)");
        }
        return n;
    }

    private Optional<TransportSpec.UsbId> optionalUsbId(MapNode m, String where) throws ConfigError {
        Entry e = m.entries().get("usb-id");
        if (e == null) {
            return Optional.empty();
        }
        String text = string(e, where + ".usb-id");
        Matcher mt = USB_ID.matcher(text);
        if (!mt.matches()) {
            throw error(e.keyLine(), where + ".usb-id: expected vendor:product as four hex digits each, e.g."
                    + " \"0403:6001\"");
        }
        return Optional.of(new TransportSpec.UsbId(Integer.parseInt(mt.group(1), 16),
                Integer.parseInt(mt.group(2), 16)));
    }

    /** An integer, written in decimal or as 0x-prefixed hex (plain or quoted). */
    private long integer(Entry e, String where) throws ConfigError {
        if (e.value() instanceof ScalarNode s
                && (s.token() == JsonToken.VALUE_NUMBER_INT || s.token() == JsonToken.VALUE_STRING)) {
            try {
                return parseInteger(s.text());
            } catch (NumberFormatException ex) {
                // fall through to the error below
            }
        }
        throw error(e.keyLine(), where + ": expected an integer, found " + e.value().kindName());
    }

    private long range(Entry e, String where, long min, long max) throws ConfigError {
        long v = integer(e, where);
        if (v < min || v > max) {
            throw error(e.keyLine(), where + ": " + v + " is out of range (" + min + ".." + max + ")");
        }
        return v;
    }

    static long parseInteger(String text) {
        String t = text.strip().replace("_", "");
        boolean neg = t.startsWith("-");
        String body = neg || t.startsWith("+") ? t.substring(1) : t;
        String sign = neg ? "-" : "";
        if ((body.startsWith("0x") || body.startsWith("0X")) && body.length() > 2
                && body.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            return Long.parseLong(sign + body.substring(2), 16);
        }
        if (!body.isEmpty() && body.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Long.parseLong(sign + body); // with its sign, so Long.MIN_VALUE fits
        }
        throw new NumberFormatException("not an integer");
    }

    private ConfigError error(int line, String message) {
        return new ConfigError(file, line, message);
    }
}
