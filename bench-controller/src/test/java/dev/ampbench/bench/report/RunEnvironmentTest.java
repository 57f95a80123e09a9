package dev.ampbench.bench.report;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RunEnvironmentTest {
    @Test
    void propertiesAreOrderedEscapedAndReadBackByJavaProperties() throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("seed", "42");
        p.put("power cut:offsets", "3,17 = µs");
        RunEnvironment env = new RunEnvironment("0.1.0", "tag-7 (ttyUSB0)", "fw 1.2=rc1", "amp-sec", p);
        String text = env.toProperties(new Redactor());
        assertEquals("""
                bench.version=0.1.0
                device=tag-7 (ttyUSB0)
                firmware=fw 1.2\\=rc1
                profile=amp-sec
                seed=42
                power\\ cut\\:offsets=3,17 \\= \\u00b5s
                """, text);
        Properties read = new Properties();
        read.load(new StringReader(text));
        assertEquals("fw 1.2=rc1", read.getProperty("firmware"));
        assertEquals("3,17 = µs", read.getProperty("power cut:offsets"));
        assertEquals(6, read.size());
    }

    @Test
    void secretsInValuesAreRedacted() {
        Redactor r = new Redactor();
        r.register("serial of tag-7", HexFormat.of().parseHex("0011223344556677"));
        RunEnvironment env = new RunEnvironment("0.1.0", "tag 00-11-22-33-44-55-66-77", "1.0", "lorawan", Map.of());
        assertEquals("device=tag [REDACTED serial of tag-7]", env.toProperties(r).lines().toList().get(1));
    }
}
