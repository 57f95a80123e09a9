package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.RandomSource;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * A protocol machine of this process as a target: the fuzzer's reference model of the device under test (a
 * conforming machine fed the same case), and a fast target for tests. Its RAM is the machine object; a power cycle
 * builds a new one on the same store, as the emulator does.
 */
public final class MachineTarget implements FuzzTarget {

    /** Starts a device-side action on a machine (the profile's {@code join}, {@code factory-reset}). */
    @FunctionalInterface
    public interface Actions {
        List<Effect> act(ProtocolMachine machine, String name, byte[] args);
    }

    private final Function<MachineContext, ProtocolMachine> boot;
    private final Actions actions;
    private final MachineContext ctx;
    private ProtocolMachine machine;

    /**
     * @param boot   builds the machine at every power-up from the context (its store survives power cycles)
     * @param random the device's entropy source; it outlives power cycles, as a hardware generator does
     */
    public MachineTarget(Function<MachineContext, ProtocolMachine> boot, Actions actions, RandomSource random) {
        this.boot = Objects.requireNonNull(boot, "boot");
        this.actions = Objects.requireNonNull(actions, "actions");
        this.ctx = new MachineContext(random, new ManualClock(0), new InMemoryStore());
        this.machine = boot.apply(ctx);
    }

    public ProtocolMachine machine() {
        return machine;
    }

    @Override
    public Profile profile() {
        return machine.profile();
    }

    @Override
    public Role role() {
        return machine.role();
    }

    @Override
    public Reaction inject(byte[] frame) {
        return reaction(machine.receive(frame));
    }

    @Override
    public Optional<Reaction> action(String name, byte[] args) {
        try {
            return Optional.of(reaction(actions.act(machine, name, args)));
        } catch (IllegalStateException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The reaction a machine's effects amount to. */
    public static Reaction reaction(List<Effect> effects) {
        Reaction.Builder b = new Reaction.Builder();
        for (Effect e : effects) {
            if (e instanceof Effect.Transmit t) {
                b.emitted(t.frame());
            } else if (e instanceof Effect.Established) {
                b.established();
            } else if (e instanceof Effect.Deliver) {
                b.delivered();
            } else if (e instanceof Effect.Rejected r) {
                b.rejected(r.rule().id());
            } else if (e instanceof Effect.Ignored) {
                b.ignored();
            }
        }
        return b.build();
    }

    @Override
    public Liveness heartbeat() {
        return Liveness.ALIVE;
    }

    @Override
    public void powerCycle() {
        machine = boot.apply(ctx);
    }

    @Override
    public Optional<String> state() {
        return Optional.of(machine.state());
    }

    @Override
    public String describe() {
        return "in-process " + machine.profile().id() + " " + machine.role().cliName() + " machine";
    }

    @Override
    public String firmware() {
        return "ampbench-protocol reference machine";
    }
}
