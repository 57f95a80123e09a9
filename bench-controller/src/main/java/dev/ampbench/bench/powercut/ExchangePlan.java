package dev.ampbench.bench.powercut;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a power-cut campaign conducts for one profile and role, and what it checks after power returns: the
 * profile's main exchange (handshake, join, provisioning, paging) played by the protocol module's own machine for
 * the counterpart, which of the DUT's frames carry the DUT's own nonce, and the rules that apply.
 */
public interface ExchangePlan {
    Profile profile();

    Role role();

    /** Once per campaign, before anything runs (e.g. read the DUT's NV counters so the bench's side starts past them). */
    default void begin(Dut dut, MachineContext bench) throws LabFault {
    }

    /** Before every run of the exchange: brings the DUT to the state each run starts from. */
    default void prepare(Dut dut) throws LabFault {
    }

    /**
     * Whether {@link #prepare} runs again before the exchange that follows a cut. Normally not: that exchange must
     * work from whatever state the device kept. A plan whose preparation is an operator's step the rules say nothing
     * about across power loss (amp-prov gateway: the onboarding scan) repeats it.
     */
    default boolean prepareAfterCut() {
        return false;
    }

    /** A fresh counterpart for one run of the exchange, over the bench's context kept for the whole campaign. */
    Counterpart counterpart(Dut dut, MachineContext bench) throws LabFault;

    /** The nonce the DUT drew itself in a frame it sent, when that frame carries one. */
    Optional<byte[]> nonce(byte[] frameFromDut);

    /** What the nonce is called in the profile (SNonce, DevNonce ...). */
    String nonceName();

    /**
     * Whether the DUT's nonce is meant to be random (health tests apply) or a counter (LoRaWAN's DevNonce: only
     * repetition is checked).
     */
    default boolean randomNonce() {
        return true;
    }

    /** The rule a repeated nonce of the DUT breaks. */
    String nonceRule();

    /** The rule the DUT breaks when it cannot complete the exchange after power returned. */
    String recoveryRule();

    /** The rule to report when the bench's counterpart refuses the DUT's frame by {@code counterpartRule}. */
    default String blame(String counterpartRule) {
        return counterpartRule;
    }

    /**
     * Checks made right after the DUT booted again, before the exchange is repeated (e.g. "sends nothing under the
     * old keys").
     *
     * @param cut the run that was cut, with its counterpart (which may hold the keys of the session that was cut)
     */
    default Optional<Violation> afterBoot(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner runner)
            throws LabFault {
        return Optional.empty();
    }

    /**
     * Judges the repeated exchange after power returned; the default requires it to complete. A plan where the cut
     * may validly have completed the exchange on the DUT's side (amp-prov: provisioned) overrides it.
     */
    default Optional<Violation> recovery(Dut dut, ExchangeRunner.Outcome cut, ExchangeRunner.Outcome again,
                                         ExchangeRunner runner) throws LabFault {
        return again.completed() ? Optional.empty() : Optional.of(new Violation(recoveryRule(),
                "after power returned the exchange did not complete: " + again.summary()));
    }

    /**
     * Every run of the exchange (discovery, cut run, the exchange after power returned, nonce cycles), once it has
     * been judged: for plans whose checks need memory of what the DUT acknowledged in earlier runs (amp-sec tag: the
     * PMK generation it announced committed).
     */
    default void observe(ExchangeRunner.Outcome run) {
    }

    /** A broken rule and what the bench saw. */
    record Violation(String rule, String message) {
    }

    /**
     * The bench's side of one run: its machine, and the phases it goes through in order.
     */
    record Counterpart(ProtocolMachine machine, List<Phase> phases) {
        public Counterpart {
            phases = List.copyOf(phases);
        }
    }

    /**
     * One phase of an exchange: started by the bench's machine ({@code start}) or by asking the DUT (ACTION
     * {@code action}), over when {@code done} holds (or the air is quiet).
     */
    record Phase(String name, Supplier<List<Effect>> start, String action, Supplier<byte[]> actionArgs,
                 Predicate<ExchangeRunner.Progress> done) {
        public static Phase bench(String name, Supplier<List<Effect>> start) {
            return new Phase(name, start, null, null, ExchangeRunner.Progress::bothEstablished);
        }

        public static Phase action(String name, String action, byte[] args) {
            byte[] fixed = args.clone();
            return action(name, action, fixed::clone);
        }

        /**
         * An ACTION whose arguments are known only when the phase starts (e.g. the DevAddr a join of an earlier
         * phase gave).
         */
        public static Phase action(String name, String action, Supplier<byte[]> args) {
            return new Phase(name, null, action, args, ExchangeRunner.Progress::bothEstablished);
        }

        public Phase until(Predicate<ExchangeRunner.Progress> done) {
            return new Phase(name, start, action, actionArgs, done);
        }
    }
}
