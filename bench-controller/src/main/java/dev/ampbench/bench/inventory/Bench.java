package dev.ampbench.bench.inventory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One test bench: a place in the lab (a host with its USB ports, supplies and network) and the devices under test
 * wired to it.
 *
 * @param name        unique in the inventory
 * @param description free text for people, may be empty
 * @param duts        at least one
 * @param line        the line of the bench in the inventory file
 */
public record Bench(String name, String description, List<Dut> duts, int line) {
    public Bench {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        duts = List.copyOf(duts);
    }

    public Optional<Dut> dut(String dutName) {
        return duts.stream().filter(d -> d.name().equals(dutName)).findFirst();
    }
}
