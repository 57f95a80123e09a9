package dev.ampbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** Expected values are those of the published vector lorawan10-uplink-m (known-answers.json), not this code's. */
class DecodeCommandTest {
    private static final String UPLINK_M = "40f17dbe4900020001954378762b11ff0d";

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void aTableShowsEveryFieldWithItsMeaning() {
        Result r = run("decode", "--profile", "lorawan", UPLINK_M);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("lorawan UnconfirmedDataUp, 17 octets"), r.out());
        assertTrue(r.out().matches("(?s).*DevAddr\\s+ADDRESS\\s+f17dbe49 \\(49be7df1\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*FCnt\\s+COUNTER\\s+0200 \\(2\\).*"), r.out());
        assertTrue(r.out().matches("(?s).*MIC\\s+MIC\\s+2b11ff0d.*"), r.out());
    }

    @Test
    void jsonHasTheSameFields() throws Exception {
        Result r = run("decode", "--profile", "lorawan", "--json", UPLINK_M);
        JsonNode n = new ObjectMapper().readTree(r.out());
        assertEquals("UnconfirmedDataUp", n.get("type").asText());
        JsonNode mic = n.get("fields").get(n.get("fields").size() - 1);
        assertEquals("MIC", mic.get("kind").asText());
        assertEquals("2b11ff0d", mic.get("hex").asText());
        assertEquals(13, mic.get("offset").asInt());
    }

    @Test
    void aMalformedFrameNamesFieldAndOffsetAndExitsOne() {
        Result r = run("decode", "--profile", "lorawan", "40f17dbe49");
        assertEquals(1, r.code());
        assertTrue(r.out().contains("FCtrl at offset 5"), r.out());
    }

    @Test
    void notHexIsAUsageError() {
        Result r = run("decode", "--profile", "lorawan", "zz");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("ampbench: the frame is not hex"), r.err());
    }
}
