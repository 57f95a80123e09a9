package dev.ampbench.cli;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.conductor.EmulatorLauncher;
import dev.ampbench.bench.conductor.InventoryDutProvider;
import dev.ampbench.bench.inventory.ManifestKey;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The lab DUT the commands that reach a device ({@code run}, {@code powercut}, {@code fuzz}, {@code replay}) name
 * with {@code --inventory FILE --dut NAME [--manifest-passphrase-file F | --manifest-key-file F]}: one set of checks
 * and one-line errors for all of them. A picocli mixin: the commands declare {@code @Mixin LabDuts labDut}.
 */
final class LabDuts {
    @Option(names = "--inventory", paramLabel = "FILE", description = "the lab inventory (YAML) that describes --dut")
    Path inventory;

    @Option(names = "--dut", paramLabel = "NAME", description = "the device under test, by its name in --inventory")
    String dutName;

    @Option(names = "--manifest-passphrase-file", paramLabel = "FILE",
            description = "file holding the passphrase of the DUT's key manifest")
    Path manifestPassphraseFile;

    @Option(names = "--manifest-key-file", paramLabel = "FILE", description = "32-byte key file of the key manifest")
    Path manifestKeyFile;

    /** Whether --inventory or --dut was given (a lab DUT, not the built-in emulator). */
    boolean given() {
        return inventory != null || dutName != null;
    }

    /** {@link #open(Path, String, Path, Path, EmulatorLauncher)} with this command's options. */
    InventoryDutProvider open(EmulatorLauncher emulator) {
        return open(inventory, dutName, manifestPassphraseFile, manifestKeyFile, emulator);
    }

    /**
     * @param emulator starts inventory DUTs of kind emulator; null where the command cannot
     * @return the DUT's provider, or null when neither {@code --inventory} nor {@code --dut} was given
     * @throws Main.UserError for options that do not go together, or an inventory or manifest that cannot be used
     */
    private static InventoryDutProvider open(Path inventory, String dutName, Path passphraseFile, Path keyFile,
                                             EmulatorLauncher emulator) {
        if (inventory == null && dutName == null) {
            return null;
        }
        if (inventory == null || dutName == null) {
            throw new Main.UserError("--inventory and --dut go together");
        }
        if (passphraseFile != null && keyFile != null) {
            throw new Main.UserError("choose --manifest-passphrase-file or --manifest-key-file, not both");
        }
        try {
            ManifestKey key = passphraseFile != null ? ManifestKey.passphraseFile(passphraseFile)
                    : keyFile != null ? ManifestKey.keyFile(keyFile) : null;
            return InventoryDutProvider.of(inventory, dutName, key, emulator);
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        }
    }
}
