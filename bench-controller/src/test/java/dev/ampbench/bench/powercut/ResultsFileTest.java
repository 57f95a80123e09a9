package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultsFileTest {
    @TempDir
    Path dir;

    @Test
    void everyLineIsWrittenAtOnceAndKeysNeverReachTheFile() throws Exception {
        Redactor redactor = new Redactor();
        try (Dut dut = EmulatedDuts.open(Profile.LORAWAN, Role.DEVICE, Set.of(), 9)) {
            assertEquals(2, SecretRegistry.register(dut, redactor), "AppKey and NwkKey");
            String nwkKey = Hex.encode(dut.secrets(LoRaWanPersonalization.class).get(0).nwkKey().bytes());
            try (ResultsFile f = ResultsFile.create(dir, redactor)) {
                f.step(new StepResult(Profile.LORAWAN, Role.DEVICE, 3, "frame 1 (DUT->bench JoinRequest, 23 octets): "
                        + "after (on AIR_EMIT)", "AIR_EMIT", StepResult.Verdict.FAILED, "LORAWAN-R2",
                        "a message quoting the key " + nwkKey, 1234, null, 1000, 1500));
                // Flushed with the line: readable while the campaign still runs.
                List<String> lines = Files.readAllLines(dir.resolve(ResultsFile.FILE_NAME));
                assertEquals(1, lines.size());
                assertFalse(lines.get(0).contains(nwkKey), lines.get(0));
                JsonNode n = new ObjectMapper().readTree(lines.get(0));
                assertEquals("step", n.get("kind").asText());
                assertEquals("LORAWAN-R2", n.get("rule").asText());
                assertEquals(3, n.get("cycle").asInt());
                assertEquals(1.234, n.get("delay_us").asDouble(), 1e-9);
                assertEquals(500, n.get("millis").asInt());
                assertTrue(n.get("message").asText().startsWith("a message quoting the key "));
            }
        }
    }
}
