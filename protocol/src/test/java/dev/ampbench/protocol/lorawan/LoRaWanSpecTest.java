package dev.ampbench.protocol.lorawan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/protocols/lorawan.md and the code name the same rules, fields and states. */
class LoRaWanSpecTest {
    private static String spec() throws IOException {
        return Files.readString(KnownAnswers.repoRoot().resolve("docs/protocols/lorawan.md"));
    }

    @Test
    void everyRuleInTheSpecIsAConstantAndViceVersa() throws IOException {
        Matcher m = Pattern.compile("(?m)^- \\*\\*(LORAWAN-R\\d+)\\*\\*").matcher(spec());
        Set<String> documented = new TreeSet<>();
        while (m.find()) {
            assertTrue(documented.add(m.group(1)), "listed twice: " + m.group(1));
        }
        Set<String> coded = Arrays.stream(LoRaWanRule.values()).map(LoRaWanRule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(coded, documented);
    }

    @Test
    void everyCodecFieldNameAppearsInAFieldTable() throws IOException {
        String spec = spec();
        List<Frame> samples = List.of(
                new JoinRequest(1, 2, 3, new byte[4]),
                new JoinAccept(new byte[32]),
                new JoinAcceptContent(1, 2, 3, 0x80, 1, new byte[16], new byte[4]),
                new DataFrame(MType.CONFIRMED_DATA_UP, 1, 0x20, 2, new byte[] {2}, 1, new byte[] {9}, new byte[4]));
        Set<String> names = new LinkedHashSet<>();
        for (Frame f : samples) {
            for (FieldDescriptor d : f.fields()) {
                names.add(d.name());
                assertTrue(spec.contains("| " + d.name() + " | " + d.kind() + " |"),
                        () -> "no table row for " + d.name() + " as " + d.kind());
            }
        }
        assertEquals(17, names.size(), () -> "every field of every frame type sampled: " + names);
    }

    @Test
    void everyStateIsDocumented() throws IOException {
        String spec = spec();
        for (String state : List.of(LoRaWanDevice.IDLE, LoRaWanDevice.JOINING, LoRaWanDevice.JOINED,
                LoRaWanNetwork.READY, LoRaWanNetwork.SERVING)) {
            assertTrue(spec.contains("| `" + state + "` |"), state);
        }
    }

    @Test
    void everyNvmRecordIsDocumented() throws IOException {
        String spec = spec();
        for (String record : List.of(LoRaWanDevice.NVM_DEV_NONCE, LoRaWanDevice.NVM_JOIN_NONCE,
                LoRaWanDevice.NVM_SESSION, "lorawan.js.<DevEUI>.devnonce", "lorawan.js.<DevEUI>.joinnonce")) {
            assertTrue(spec.contains("`" + record + "`"), record);
        }
        assertEquals("lorawan.js.0000000000000001.devnonce", JoinServer.devNonceRecord(1));
    }
}
