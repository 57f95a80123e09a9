package dev.ampbench.fuzz;

import java.util.Set;
import java.util.TreeSet;

/**
 * The states and transitions a campaign reached, as AFLNet counts them: a state is the device's state name, a
 * transition is (state before, frame type, state after). Both sets are bounded by the profile's state diagram and
 * frame types, so memory stays flat.
 */
public final class Coverage {
    private final Set<String> states = new TreeSet<>();
    private final Set<String> transitions = new TreeSet<>();

    void transition(String before, String frameType, String after) {
        states.add(before);
        states.add(after);
        transitions.add(before + " --" + frameType + "--> " + after);
    }

    public Set<String> states() {
        return Set.copyOf(states);
    }

    public Set<String> transitions() {
        return Set.copyOf(transitions);
    }

    void addAll(Set<String> s, Set<String> t) {
        states.addAll(s);
        transitions.addAll(t);
    }
}
