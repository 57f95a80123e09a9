package dev.ampbench.protocol.machine;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.List;

/**
 * One side of one profile, with no I/O: bytes in, effects out. Randomness, time and non-volatile storage come from
 * the {@link MachineContext} it was built with; its fields are its volatile RAM. A power cut is modelled by dropping
 * the object and building a new one on the same store.
 *
 * <p>Implementations never throw on malformed or hostile input: a frame that cannot be decoded or fails a check
 * yields {@link Effect.Rejected} naming the rule, or {@link Effect.Ignored} when it is addressed elsewhere.
 */
public interface ProtocolMachine {
    Profile profile();

    Role role();

    /** The current state's name, as the spec's state diagram names it; used for state coverage and differential checks. */
    String state();

    /** Handles one frame received over the air. */
    List<Effect> receive(byte[] frame);
}
