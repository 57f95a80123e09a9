package dev.ampbench.bench.conductor;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device under test as a suite sees it: its name, profile and role, its open wire session, a conductor over it,
 * the secrets the bench needs to play its counterpart (the profile's personalization records, from the key
 * manifest or from the built-in emulator), and its power control when the lab has one.
 */
public final class Dut implements AutoCloseable {
    private final String name;
    private final Profile profile;
    private final Role role;
    private final WireSession wire;
    private final Conductor conductor;
    private final List<?> secrets;
    private final PowerSwitch power;
    private final String firmware;
    private final AutoCloseable resources;
    private final java.util.OptionalLong seed;

    /**
     * @param secrets   the personalization records of the DUT's identity (a tag: its own; a gateway: the tags it
     *                  serves), as the profile's protocol package defines them
     * @param power     null when the lab cannot switch this DUT's power
     * @param resources closed with the DUT (an emulator the provider started, a switch)
     */
    public Dut(String name, Profile profile, Role role, WireSession wire, List<?> secrets, PowerSwitch power,
               AutoCloseable resources) {
        this(name, profile, role, wire, secrets, power, resources, java.util.OptionalLong.empty());
    }

    /**
     * @param seed the seed this DUT was built from (an emulated device: its identities and randomness), recorded as
     *             a parameter of every test so the run can be replayed; empty for hardware
     */
    public Dut(String name, Profile profile, Role role, WireSession wire, List<?> secrets, PowerSwitch power,
               AutoCloseable resources, java.util.OptionalLong seed) {
        this.seed = Objects.requireNonNull(seed, "seed");
        this.name = Objects.requireNonNull(name, "name");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.role = Objects.requireNonNull(role, "role");
        this.wire = Objects.requireNonNull(wire, "wire");
        this.secrets = List.copyOf(secrets);
        this.power = power;
        this.resources = resources;
        this.conductor = new Conductor(wire, profile, Conductor.DEFAULT_QUIET);
        this.firmware = wire.hello().firmwareVersion();
    }

    public String name() {
        return name;
    }

    public Profile profile() {
        return profile;
    }

    public Role role() {
        return role;
    }

    public WireSession wire() {
        return wire;
    }

    /**
     * The DUT's NVM record {@code key}, read with NV_READ; empty when the DUT has no such record or answers the read
     * with anything but NV_DATA (firmware without NV_READ).
     */
    public Optional<byte[]> nvRead(String key) throws LabFault {
        WireMessage r = wire.request(tid -> new WireMessage.NvRead(tid, key));
        return r instanceof WireMessage.NvData d ? Optional.of(d.value()) : Optional.empty();
    }

    public Conductor conductor() {
        return conductor;
    }

    public String firmware() {
        return firmware;
    }

    /** The seed an emulated DUT was built from; empty for hardware, whose randomness is its own. */
    public java.util.OptionalLong seed() {
        return seed;
    }

    /** The DUT's power switch (guarded: minimum off-time, switching record), when the lab has one. */
    public java.util.Optional<PowerSwitch> power() {
        return java.util.Optional.ofNullable(power);
    }

    /** The DUT's personalization records of the given type; fails loudly if the provider gave another profile's. */
    public <T> List<T> secrets(Class<T> type) {
        for (Object o : secrets) {
            if (!type.isInstance(o)) {
                throw new IllegalStateException("DUT " + name + " carries " + o.getClass().getSimpleName()
                        + " secrets, not " + type.getSimpleName());
            }
        }
        return secrets.stream().map(type::cast).toList();
    }

    @Override
    public void close() throws Exception {
        wire.close();
        if (power instanceof AutoCloseable c) {
            c.close();
        }
        if (resources != null) {
            resources.close();
        }
    }

    @Override
    public String toString() {
        return "Dut[" + name + ", " + profile.id() + " " + role.cliName() + ", " + wire.describe() + "]";
    }
}
