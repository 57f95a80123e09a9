package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A lab inventory: the benches of a lab and the devices under test on each, as read from one YAML file
 * (docs/lab-inventory.md). Immutable. Bench names are unique, and DUT names are unique across the whole inventory
 * so that a command line can name a DUT alone.
 *
 * @param file    the file it was read from (relative paths inside it were resolved against its folder)
 * @param version the format version, 1
 * @param benches the benches, in file order
 */
public record LabInventory(Path file, int version, List<Bench> benches) {
    public static final int FORMAT_VERSION = 1;

    public LabInventory {
        Objects.requireNonNull(file, "file");
        benches = List.copyOf(benches);
    }

    /**
     * Reads and checks an inventory. Every mistake (syntax, unknown or missing key, wrong type, unknown profile or
     * role, duplicate name) is a {@link ConfigError} naming the file and the line of the offending key; a missing
     * or unreadable file is a ConfigError naming the file.
     */
    public static LabInventory load(Path file) throws ConfigError {
        return InventoryParser.load(file);
    }

    /** Parses inventory text as if it had been read from {@code file} (used for names and relative paths). */
    public static LabInventory parse(Path file, byte[] yaml) throws ConfigError {
        return InventoryParser.parse(file, yaml);
    }

    public Stream<Dut> duts() {
        return benches.stream().flatMap(b -> b.duts().stream());
    }

    public Optional<Bench> bench(String name) {
        return benches.stream().filter(b -> b.name().equals(name)).findFirst();
    }

    public Optional<Dut> dut(String name) {
        return duts().filter(d -> d.name().equals(name)).findFirst();
    }
}
