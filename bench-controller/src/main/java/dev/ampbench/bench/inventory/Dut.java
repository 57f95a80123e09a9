package dev.ampbench.bench.inventory;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device under test: how to reach it, how to power it, what it speaks, and where its secrets are.
 *
 * @param name      unique in the whole inventory
 * @param transport how the bench reaches the device's host interface
 * @param power     its power switch, if it has one (without one, power-cut tests are not possible)
 * @param profiles  the profiles it implements, at least one, no duplicates
 * @param role      {@link Role#DEVICE} (written {@code tag}) or {@link Role#INFRASTRUCTURE} ({@code gateway})
 * @param firmware  the firmware version as the user wrote it
 * @param secrets   the row of a key manifest that holds its keys, if any
 * @param line      the line of the DUT in the inventory file
 */
public record Dut(String name, TransportSpec transport, Optional<PowerSpec> power, List<Profile> profiles, Role role,
                  String firmware, Optional<SecretRef> secrets, int line) {
    public Dut {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(power, "power");
        profiles = List.copyOf(profiles);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(secrets, "secrets");
    }
}
