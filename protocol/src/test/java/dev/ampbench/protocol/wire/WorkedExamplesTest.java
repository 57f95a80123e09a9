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
}
