package dev.ampbench.fuzz;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the fuzzer drives: a device under test of one profile and role. Implementations: {@link WireTarget} (a real
 * or emulated device over the bench wire protocol, through a {@code WireSession}), {@link MachineTarget} (a protocol
 * machine in this process: the reference model, and a fast target for tests), and, where the emulator may be used
 * (cli, perf, tests), the emulator's device driven without the wire.
 *
 * <p>Every call returns only when everything the call caused has been reported (the wire target uses a heartbeat
 * as the barrier, see docs/fuzzing.md), so the engine needs no quiet-time waits.
 */
public interface FuzzTarget extends AutoCloseable {

    /** The liveness verdict of a heartbeat. */
    enum Liveness {
        /** Answered, same boot counter. */
        ALIVE,
        /** Answered with a new boot counter (or a boot event arrived): the device rebooted by itself. */
        REBOOTED,
        /** Silent past the heartbeat timeout. */
        HUNG
    }

    Profile profile();

    Role role();

    /** Hands {@code frame} to the target as if received over the air; returns what it did about it. */
    Reaction inject(byte[] frame) throws LabFault;

    /**
     * Starts one of the target's own actions (a LoRaWAN {@code join}, an amp-prov {@code factory-reset}).
     *
     * @return what the target did, or empty when it refused the action in its present state (ERROR ACTION_FAILED:
     *         the device is not where the valid scenario should have brought it)
     */
    Optional<Reaction> action(String name, byte[] args) throws LabFault;

    /**
     * Asks whether the target is alive and has not rebooted since the last heartbeat (or power cycle). Called after
     * every case.
     */
    Liveness heartbeat() throws LabFault;

    /**
     * What one frame of {@link #injectEach} did: its reaction, the verdict of the barrier after it, and the target's
     * state after it (null unless asked for and told).
     */
    record Answer(Reaction reaction, Liveness liveness, String stateAfter) {
        public Answer(Reaction reaction, Liveness liveness) {
            this(reaction, liveness, null);
        }
    }

    /**
     * How many frames {@link #injectEach} hands over at once for the price of one: 1 (the default) when sending them
     * together gains nothing, and the campaign then does not batch cases.
     */
    default int batch() {
        return 1;
    }

    /**
     * A batch the target could not take whole (a wire DUT answered ERROR BUSY to one of its commands: its firmware
     * queues fewer commands than the wire protocol allows). Some of the batch's frames may have reached the device,
     * so none of its answers can be trusted; the target has lowered its {@link #batch()} to what the device took.
     */
    final class BatchRefused extends LabFault {
        public BatchRefused(String message) {
            super(message);
        }
    }

    /** {@link #injectEach(List, boolean)} without asking the state. */
    default List<Answer> injectEach(List<byte[]> frames) throws LabFault {
        return injectEach(frames, false);
    }

    /**
     * Hands each frame to the target in turn, each followed by its heartbeat: exactly {@link #inject} (or
     * {@link #injectReportingState} when {@code states}) then {@link #heartbeat} per frame, which is what this
     * default does. A target that can do better sends them all at once ({@link WireTarget}: one round trip for up to
     * {@link #batch()} frames). The campaign batches cases that each meet the device in the same state (cases that
     * start from the kept state, docs/fuzzing.md "Batches over the wire").
     *
     * @param states also ask the target's state after each frame (a target that tells it only on request)
     * @return one answer per frame, in order
     * @throws BatchRefused when the target could not take the batch whole (then nothing of it is answered)
     */
    default List<Answer> injectEach(List<byte[]> frames, boolean states) throws LabFault {
        List<Answer> out = new ArrayList<>(frames.size());
        for (byte[] f : frames) {
            if (states) {
                StatedReaction r = injectReportingState(f);
                out.add(new Answer(r.reaction(), heartbeat(), r.after()));
            } else {
                Reaction r = inject(f);
                out.add(new Answer(r, heartbeat()));
            }
        }
        return out;
    }

    /** Cuts the target's power and restores it (or resets it when the lab cannot switch its power). */
    void powerCycle() throws LabFault;

    /** The target's current state name, when it can tell (an in-process device can; a wire DUT need not). */
    default Optional<String> state() {
        return Optional.empty();
    }

    /** What a frame did, with the target's state just before and just after it (null: the target did not tell). */
    record StatedReaction(Reaction reaction, String before, String after) {
    }

    /**
     * Whether the target tells its state when asked, though {@link #state()} is empty because asking costs a message:
     * a wire DUT whose firmware answers STATUS_GET with its profile's state. The campaign then asks only for the
     * frames where the state oracle needs it ({@link #injectReportingState}).
     */
    default boolean reportsStateOnRequest() {
        return false;
    }

    /** {@link #inject} that also reports the target's state just before and just after the frame. */
    default StatedReaction injectReportingState(byte[] frame) throws LabFault {
        String before = state().orElse(null);
        Reaction r = inject(frame);
        return new StatedReaction(r, before, state().orElse(null));
    }

    /** What the target is, for reports: never a key or serial. */
    String describe();

    /** The firmware the target runs, for reproducers. */
    String firmware();

    @Override
    default void close() throws Exception {
    }
}
