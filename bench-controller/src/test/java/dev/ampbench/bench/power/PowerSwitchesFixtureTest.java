package dev.ampbench.bench.power;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The example inventory entries in fixtures/ (quoted in docs/power-switches.md) all build. */
class PowerSwitchesFixtureTest {

    @Test
    void everyExampleEntryBuilds() throws Exception {
        Path file = Path.of("..", "fixtures", "inventory", "power-switches.yaml");
        assertEquals(true, Files.isRegularFile(file), file.toAbsolutePath().toString());
        List<Map<String, Object>> entries = new ObjectMapper(new YAMLFactory())
                .readValue(file.toFile(), new TypeReference<>() { });
        List<String> described = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            described.add(PowerSwitches.fromConfig(entry, file, 0, RecordingUsbBus::new).describe());
        }
        assertEquals(List.of(
                "scpi tcp psu-3.lab.example:5025 channel 2",
                "scpi serial /dev/ttyUSB3 115200 8N1",
                "usb-hub 1-1.4 port 2",
                "usb-hub 05e3:0610 port 4",
                "hid-relay USBRelay relay 1 (board chosen by serial)",
                "serial-line /dev/ttyACM0 RTS active-low",
                "command ykushcmd"), described);
    }
}
