package dev.ampbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ampbench audit on the golden captures (clean), on doctored and on corrupt ones. */
class AuditCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    static Path golden(String name) {
        Path p = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("fixtures/captures"))) {
            p = p.getParent();
        }
        return p.resolve("fixtures/captures/" + name + ".pcapng");
    }

    @Test
    void everyGoldenCaptureIsCleanExitZero() {
        for (String name : new String[] {"amp-prov-tag", "amp-prov-gateway", "amp-sec-tag", "amp-sec-gateway",
                "aiot-s9-tag", "aiot-s9-gateway", "lorawan-tag", "lorawan-gateway"}) {
            Result r = run("audit", golden(name).toString());
            assertEquals(0, r.code(), name + ": " + r.out() + r.err());
            assertTrue(r.out().contains("verdict: clean"), r.out());
        }
    }

    @Test
    void aCaptureWithARepeatedFrameExitsOneNamingRuleAndFrame(@TempDir Path dir) throws Exception {
        // amp-sec tag: Trigger, Response, Confirm; append the Response's EPB again: SNonce reused (AMP-SEC-R3)
        byte[] g = Files.readAllBytes(golden("amp-sec-tag"));
        int[] blocks = blockOffsets(g);
        assertEquals(6, blocks.length); // SHB, IDB, EPB 1, EPB 2 (Response), EPB 3, end of file
        int responseEpb = blocks[3];
        int len = blocks[4] - responseEpb;
        byte[] doctored = Arrays.copyOf(g, g.length + len);
        System.arraycopy(g, responseEpb, doctored, g.length, len);
        Path f = dir.resolve("doctored.pcapng");
        Files.write(f, doctored);

        Result r = run("audit", f.toString());
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("frame 4: AMP-SEC-R3: DUT → bench SNonce"), r.out());

        Result j = run("audit", "--json", f.toString());
        assertEquals(1, j.code());
        JsonNode root = new ObjectMapper().readTree(j.out());
        assertEquals("findings", root.get("verdict").asText());
        assertEquals(4, root.get("findings").get(0).get("frame").asInt());
        assertEquals("AMP-SEC-R3", root.get("findings").get(0).get("rule").asText());
    }

    @Test
    void aCorruptOrMissingCaptureIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        byte[] g = Files.readAllBytes(golden("aiot-s9-tag"));
        g[g.length - 1] ^= 0x40; // the last block's trailing length
        Path f = dir.resolve("corrupt.pcapng");
        Files.write(f, g);
        Result r = run("audit", f.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("is not a valid capture: at offset " + (g.length - 4)), r.err());

        Result missing = run("audit", dir.resolve("nope.pcapng").toString());
        assertEquals(2, missing.code());
        assertEquals("ampbench: no capture file " + dir.resolve("nope.pcapng"), missing.err().strip());
    }

    /** Start offsets of every block, then the file length. */
    private static int[] blockOffsets(byte[] g) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int pos = 0;
        while (pos < g.length) {
            out.add(pos);
            pos += java.nio.ByteBuffer.wrap(g, pos + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt();
        }
        out.add(g.length);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
