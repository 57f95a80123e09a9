package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** docs/lab-inventory.md and docs/key-manifest.md say what the code does. */
class DocsInStepTest {

    @Test
    void theInventoryDocsExampleLoads() throws Exception {
        String doc = Files.readString(Fixtures.root().resolve("docs/lab-inventory.md"));
        Matcher m = Pattern.compile("## Example\n\n```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertTrue(m.find());
        LabInventory inv = LabInventory.parse(Path.of("/lab/doc.yaml"), m.group(1).getBytes(StandardCharsets.UTF_8));
        assertEquals(2, inv.benches().size());
        assertEquals(115200, ((TransportSpec.Serial) inv.dut("tag-prov-01").orElseThrow().transport()).baud());
    }

    @Test
    void theDocumentedErrorLooksLikeTheRealOne() {
        String yaml = """
                version: 1
                benches:
                  - name: b
                    duts:
                      - name: d
                        transport:
                          kind: serial
                          path: /dev/serial/by-id/x
                          bud: 9600
                        profiles: [amp-sec]
                        role: tag
                        firmware: "1"
                """;
        ConfigError e = org.junit.jupiter.api.Assertions.assertThrows(ConfigError.class,
                () -> LabInventory.parse(Path.of("lab.yaml"), yaml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("lab.yaml:9: benches[0].duts[0].transport: unknown key 'bud' (allowed: baud, kind, path, usb-id,"
                + " usb-serial)", e.getMessage());
        String doc;
        try {
            doc = Files.readString(Fixtures.root().resolve("docs/lab-inventory.md"));
        } catch (java.io.IOException ex) {
            throw new AssertionError(ex);
        }
        assertTrue(doc.contains(e.getMessage().substring("lab.yaml:9".length())), "the doc quotes the message");
    }

    @Test
    void everyManifestColumnIsDocumentedAndNothingElse() throws Exception {
        String doc = Files.readString(Fixtures.root().resolve("docs/key-manifest.md"));
        int start = doc.indexOf("### Columns");
        int end = doc.indexOf("## The container");
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(doc.substring(start, end));
        while (m.find()) {
            documented.add(m.group(1));
        }
        Set<String> code = Arrays.stream(ManifestColumn.values()).map(ManifestColumn::header)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(code, documented);
        for (ManifestColumn c : ManifestColumn.values()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + c.header() + "` \\| [^|]+ \\| ([S ]*)\\|").matcher(doc);
            assertTrue(row.find(), c.header());
            assertEquals(c.secret(), row.group(1).contains("S"), c.header() + " secret flag");
        }
    }
}
