package dev.ampbench.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The worked examples of docs/bench-wire-protocol.md section 10, byte for byte against the reference codec. */
class WorkedExamplesTest {
    private static final Pattern LINE =
            Pattern.compile("^(message|frame) ([a-z0-9-]+):\\s+([0-9a-f ]+?)\\s*$", Pattern.MULTILINE);

    private static Map<String, WireMessage> expected() {
        Map<String, WireMessage> m = new LinkedHashMap<>();
        m.put("hello-request", new WireMessage.Hello(1));
        m.put("hello-response", new WireMessage.HelloResponse(1, 1, 0, Role.DEVICE,
                WireMessage.HelloResponse.bitmap(EnumSet.of(Profile.AMP_SEC, Profile.LORAWAN)),
                WireMessage.Capabilities.NV_WRITE_EVENTS | WireMessage.Capabilities.ENERGY_REPORT
                        | WireMessage.Capabilities.POWER_CUT_MID_FRAME | WireMessage.Capabilities.PERSONALIZE
                        | WireMessage.Capabilities.AIR_BYPASS | WireMessage.Capabilities.EMULATOR,
                7, 1024, "emu-0.1.0", "tag-01"));
        m.put("air-inject", new WireMessage.AirInject(2, Profile.LORAWAN, 1_000_000, -87, 3,
                Hex.decode("007e7d1113f8")));
        m.put("air-inject-ack", new WireMessage.Ack(2, MessageType.AIR_INJECT));
        return m;
    }

    private static Map<String, String> fromDoc(String kind) throws IOException {
        String doc = Files.readString(KnownAnswers.repoRoot().resolve("docs/bench-wire-protocol.md"),
                StandardCharsets.UTF_8);
        Map<String, String> out = new TreeMap<>();
        Matcher m = LINE.matcher(doc);
        while (m.find()) {
            if (m.group(1).equals(kind)) {
                out.put(m.group(2), m.group(3).replace(" ", ""));
            }
        }
        return out;
    }

    @Test
    void messagesInTheDocMatchTheEncoder() throws IOException {
        Map<String, String> doc = fromDoc("message");
        assertEquals(new TreeMap<>(expected()).keySet(), doc.keySet(), "examples in the doc");
        expected().forEach((name, msg) -> assertEquals(doc.get(name), Hex.encode(msg.encode()), name));
    }

    @Test
    void framesInTheDocMatchTheFramer() throws IOException {
        Map<String, String> doc = fromDoc("frame");
        assertEquals(new TreeMap<>(expected()).keySet(), doc.keySet(), "examples in the doc");
        expected().forEach((name, msg) ->
                assertEquals(doc.get(name), Hex.encode(HdlcFramer.encode(msg.encode())), name));
    }

    @Test
    void framesInTheDocDecodeToTheExamples() throws IOException, FrameDecodeException {
        Map<String, String> doc = fromDoc("frame");
        HdlcDeframer d = new HdlcDeframer();
        for (Map.Entry<String, WireMessage> e : expected().entrySet()) {
            List<byte[]> got = d.accept(Hex.decode(doc.get(e.getKey())));
            assertEquals(1, got.size(), e.getKey());
            assertEquals(e.getValue(), WireCodec.decode(got.get(0)), e.getKey());
        }
        assertEquals(0, d.badFcsFrames() + d.garbageOctets());
    }

    @Test
    void ruleIdsInTheDocAreExactlyTheEnum() throws IOException {
        String doc = Files.readString(KnownAnswers.repoRoot().resolve("docs/bench-wire-protocol.md"),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^\\| (WIRE-R\\d+) \\|", Pattern.MULTILINE).matcher(doc);
        List<String> inDoc = m.results().map(r -> r.group(1)).toList();
        List<String> inCode = java.util.Arrays.stream(WireRule.values()).map(WireRule::id).toList();
        assertEquals(inCode, inDoc);
    }

    @Test
    void typeCodesInTheDocAreExactlyTheEnum() throws IOException {
        String doc = Files.readString(KnownAnswers.repoRoot().resolve("docs/bench-wire-protocol.md"),
                StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("^\\| 0x([0-9A-F]{2}) \\| ([A-Z_]+) \\| (command|response|notification) \\|",
                Pattern.MULTILINE).matcher(doc);
        Map<String, Integer> inDoc = new TreeMap<>();
        m.results().forEach(r -> inDoc.put(r.group(2), Integer.parseInt(r.group(1), 16)));
        Map<String, Integer> inCode = new TreeMap<>();
        for (MessageType t : MessageType.values()) {
            inCode.put(t.name(), t.code());
        }
        assertEquals(inCode, inDoc);
    }

    private static String doc() throws IOException {
        return Files.readString(KnownAnswers.repoRoot().resolve("docs/bench-wire-protocol.md"), StandardCharsets.UTF_8);
    }

    private static String section(String doc, String from, String to) {
        int a = doc.indexOf(from);
        int b = doc.indexOf(to, a + 1);
        if (a < 0 || b < 0) {
            throw new AssertionError("doc section " + from + " not found");
        }
        return doc.substring(a, b);
    }

    /** Rows "| 0xNN | NAME |" of a doc section, as name -> code. */
    private static Map<String, Integer> codeTable(String text) {
        Map<String, Integer> out = new TreeMap<>();
        Pattern.compile("^\\| 0x([0-9A-F]{2}) \\| ([A-Z_]+) \\|", Pattern.MULTILINE).matcher(text).results()
                .forEach(r -> out.put(r.group(2), Integer.parseInt(r.group(1), 16)));
        return out;
    }

    @Test
    void errorCodesInTheDocAreExactlyTheEnum() throws IOException {
        Map<String, Integer> inCode = new TreeMap<>();
        for (ErrorCode c : ErrorCode.values()) {
            inCode.put(c.name(), c.code());
        }
        assertEquals(inCode, codeTable(section(doc(), "## 7 Errors", "## 8 Rules")));
    }

    @Test
    void eventKindsInTheDocAreExactlyTheEnum() throws IOException {
        Map<String, Integer> inCode = new TreeMap<>();
        for (EventKind k : EventKind.values()) {
            inCode.put(k.name(), k.code());
        }
        assertEquals(inCode, codeTable(section(doc(), "### 5.15 EVENT", "### 5.16 LOG")));
    }

    @Test
    void personalizeItemTagsInTheDocAreTheConstants() throws IOException {
        Map<String, Integer> inCode = new TreeMap<>(Map.of("DEVICE_ID", WireMessage.Item.DEVICE_ID,
                "NETWORK_ID", WireMessage.Item.NETWORK_ID, "DEVICE_ADDRESS", WireMessage.Item.DEVICE_ADDRESS,
                "ROOT_KEY", WireMessage.Item.ROOT_KEY, "NETWORK_KEY", WireMessage.Item.NETWORK_KEY,
                "APP_KEY", WireMessage.Item.APP_KEY, "PASSPHRASE", WireMessage.Item.PASSPHRASE));
        assertEquals(inCode, codeTable(section(doc(), "### 5.4 PERSONALIZE", "### 5.5")));
    }

    /** One message of every type, with every conditional field present, to compare with the field tables. */
    private static List<WireMessage> samples() {
        byte[] three = {1, 2, 3};
        return List.of(new WireMessage.Hello(1),
                new WireMessage.HelloResponse(1, 1, 0, Role.INFRASTRUCTURE, 1, 0, 1, 256, "fw", "label"),
                new WireMessage.Reset(1, ResetMode.COLD),
                new WireMessage.Personalize(1, Profile.AMP_PROV, List.of(new WireMessage.Item(1, three))),
                new WireMessage.StatusGet(1),
                new WireMessage.Status(1, 1, 2, true, java.util.Optional.of(new WireMessage.Energy(1, 2, 3)),
                        List.of(new WireMessage.ProfileState(Profile.AMP_SEC, "IDLE"))),
                new WireMessage.NvRead(1, "k"), new WireMessage.NvData(1, "k", three),
                new WireMessage.NvErase(1, false, "k"), new WireMessage.Heartbeat(1),
                new WireMessage.HeartbeatAck(1, 1, 2),
                new WireMessage.AirInject(1, Profile.LORAWAN, 1, -1, 1, three),
                new WireMessage.AirEmit(Profile.LORAWAN, 1, 1, three),
                new WireMessage.Action(1, Profile.AIOT_S9, "page", three),
                new WireMessage.Event(EventKind.REJECTED, java.util.Optional.of(Profile.AMP_SEC), 1, 0, "AMP-SEC-R7",
                        "x"),
                new WireMessage.Log(LogLevel.INFO, "x"), new WireMessage.Ack(1, 1),
                new WireMessage.ErrorResponse(1, ErrorCode.BUSY, 1, "x"));
    }

    @Test
    void fieldTablesInTheDocMatchTheEncoderLayout() throws IOException {
        String doc = doc();
        Pattern heading = Pattern.compile("^### 5\\.\\d+ ([A-Z_]+) \\(0x([0-9A-F]{2})\\)", Pattern.MULTILINE);
        Pattern row = Pattern.compile("^\\| (\\d+) \\| (\\d+) \\| ([^|]+?) \\| ([A-Za-z]+) \\|", Pattern.MULTILINE);
        Map<String, String> sections = new TreeMap<>();
        Matcher h = heading.matcher(doc);
        while (h.find()) {
            int end = doc.indexOf("\n#", h.end());
            MessageType t = MessageType.valueOf(h.group(1));
            assertEquals(t.code(), Integer.parseInt(h.group(2), 16), t.name());
            sections.put(t.name(), doc.substring(h.end(), end));
        }
        Map<String, WireMessage> byType = new TreeMap<>();
        samples().forEach(m -> byType.put(m.type(), m));
        assertEquals(byType.keySet(), sections.keySet(), "every message type has a field table");
        assertEquals(MessageType.values().length, byType.size());
        int checked = 0;
        for (Map.Entry<String, WireMessage> e : byType.entrySet()) {
            Map<String, dev.ampbench.protocol.codec.FieldDescriptor> fields = new TreeMap<>();
            e.getValue().fields().forEach(f -> fields.putIfAbsent(f.name(), f));
            Matcher r = row.matcher(sections.get(e.getKey()));
            while (r.find()) {
                String name = r.group(4);
                var f = fields.get(name);
                String where = e.getKey() + "." + name;
                if (f == null) {
                    throw new AssertionError(where + " is in the doc but not written by the encoder");
                }
                assertEquals(Integer.parseInt(r.group(1)), f.offset(), where + " offset");
                assertEquals(Integer.parseInt(r.group(2)), f.length(), where + " size");
                if (f.length() > 1 && !r.group(3).equals("-")) {
                    assertEquals("LE", r.group(3), where + " order");
                    assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, f.order(), where + " order");
                }
                checked++;
            }
        }
        assertEquals(48, checked, "fixed-offset rows in the field tables");
    }

    @Test
    void profileCodesInTheDocAreTheEnumOrder() throws IOException {
        // The wire uses Profile's declaration order: reordering the enum would silently change the wire.
        Map<String, Integer> inDoc = new TreeMap<>();
        Pattern.compile("^  \\| (\\d) \\| ([a-z0-9-]+) \\|$", Pattern.MULTILINE).matcher(doc()).results()
                .forEach(r -> inDoc.put(r.group(2), Integer.parseInt(r.group(1))));
        Map<String, Integer> inCode = new TreeMap<>();
        for (Profile p : Profile.values()) {
            inCode.put(p.id(), p.ordinal());
        }
        assertEquals(inCode, inDoc);
        assertEquals(List.of(Profile.AMP_PROV, Profile.AMP_SEC, Profile.AIOT_S9, Profile.LORAWAN),
                List.of(Profile.values()));
    }
}
