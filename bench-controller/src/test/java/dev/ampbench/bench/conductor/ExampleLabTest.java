package dev.ampbench.bench.conductor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.inventory.Dut;
import dev.ampbench.bench.inventory.LabInventory;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.bench.inventory.TransportSpec;
import dev.ampbench.bench.power.PowerSwitches;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example lab is what engineers copy: everything in it must build (no hardware is touched). */
class ExampleLabTest {
    private static final Path LAB = Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath()
            .resolve("fixtures/lab");

    @Test
    void everyPowerSwitchOfTheExampleLabBuilds() throws Exception {
        LabInventory inv = LabInventory.load(LAB.resolve("example-lab.yaml"));
        assertFalse(inv.duts().toList().isEmpty());
        for (Dut d : inv.duts().toList()) {
            if (d.power().isPresent()) {
                PowerSwitches.fromConfig(d.power().get().config(), inv.file(), d.power().get().line());
            }
        }
    }

    /**
     * Every DUT of the example lab, with its keys from the example manifest (amp-prov, amp-sec, aiot-s9 and lorawan
     * rows) and every transport (serial, usb-bulk, tcp), is accepted by run --inventory; the emulator DUT needs a
     * launcher, which only the command line has.
     */
    @Test
    void everyDutOfTheExampleLabIsAcceptedWithItsManifestKeys() throws Exception {
        Path inventory = LAB.resolve("example-lab.yaml");
        ManifestKey key = ManifestKey.passphraseFile(LAB.resolve("example-keys.TEST-ONLY-passphrase.txt"));
        List<String> accepted = new ArrayList<>();
        for (Dut d : LabInventory.load(inventory).duts().toList()) {
            if (d.transport() instanceof TransportSpec.Emulator) {
                ConfigError e = assertThrows(ConfigError.class, () -> InventoryDutProvider.of(inventory, d.name(),
                        key));
                assertEquals(inventory + ":" + d.line() + ": DUT " + d.name() + ": transport 'emulator' is started "
                        + "by ampbench run; elsewhere (Maven, an IDE) start it with 'ampbench emulate --tcp PORT' and "
                        + "describe it as a tcp DUT", e.getMessage());
                InventoryDutProvider.of(inventory, d.name(), key, (name, p, r, secrets) -> {
                    throw new AssertionError("not started here");
                });
            } else {
                InventoryDutProvider.of(inventory, d.name(), key);
            }
            accepted.add(d.name());
        }
        assertEquals(List.of("tag-prov-01", "tag-s9-02", "gw-lora-01", "tag-lora-03", "emu-sec-ap"), accepted);
    }
}
