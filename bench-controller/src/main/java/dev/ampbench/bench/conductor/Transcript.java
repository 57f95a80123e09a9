package dev.ampbench.bench.conductor;

import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.List;
import java.util.Optional;

/**
 * Everything that happened in one conducted exchange: the frames on the air in order, what the bench's counterpart
 * machine concluded (Established, Rejected with the rule the DUT broke, Deliver), and what the DUT reported over the
 * wire (EVENT ESTABLISHED, EVENT REJECTED with the rule it says the bench broke, ERROR answers).
 */
public record Transcript(List<AirFrame> frames, List<Effect> counterpart, List<WireMessage> dutReports) {
    public Transcript {
        frames = List.copyOf(frames);
        counterpart = List.copyOf(counterpart);
        dutReports = List.copyOf(dutReports);
    }

    public boolean counterpartEstablished() {
        return counterpart.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    public boolean dutEstablished() {
        return dutReports.stream().anyMatch(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.ESTABLISHED);
    }

    /** The first rule the bench's counterpart says the DUT broke. */
    public Optional<Effect.Rejected> counterpartRejection() {
        return counterpart.stream().filter(e -> e instanceof Effect.Rejected).map(e -> (Effect.Rejected) e)
                .findFirst();
    }

    /** The rule id of the first EVENT REJECTED the DUT reported, if any. */
    public Optional<String> dutRejection() {
        return dutReports.stream()
                .filter(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.REJECTED)
                .map(m -> ((WireMessage.Event) m).name()).findFirst();
    }

    public List<AirFrame> fromDut() {
        return frames.stream().filter(AirFrame::fromDut).toList();
    }
}
