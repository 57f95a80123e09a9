package dev.ampbench.bench.conductor;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ampbench.bench.inventory.Dut;
import dev.ampbench.bench.inventory.LabInventory;
import dev.ampbench.bench.power.PowerSwitches;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The example lab is what engineers copy: every power switch in it must build (no hardware is touched). */
class ExampleLabTest {

    @Test
    void everyPowerSwitchOfTheExampleLabBuilds() throws Exception {
        Path root = Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath();
        LabInventory inv = LabInventory.load(root.resolve("fixtures/lab/example-lab.yaml"));
        assertFalse(inv.duts().toList().isEmpty());
        for (Dut d : inv.duts().toList()) {
            if (d.power().isPresent()) {
                PowerSwitches.fromConfig(d.power().get().config(), inv.file(), d.power().get().line());
            }
        }
    }
}
