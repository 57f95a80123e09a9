package dev.ampbench.protocol.machine;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs two machines against each other in memory: every {@link Effect.Transmit} of one is given to the other,
 * until neither has anything left to send or {@code maxFrames} frames have passed. For tests, the emulator's
 * in-process endpoint and benchmarks.
 */
public final class Exchange {
    private Exchange() {
    }

    /** One frame on the simulated air. */
    public record Sent(boolean fromFirst, byte[] frame) {
    }

    /** Everything that happened: frames in order, and each side's effects other than transmissions. */
    public record Transcript(List<Sent> frames, List<Effect> firstEffects, List<Effect> secondEffects) {
        public boolean firstEstablished() {
            return firstEffects.stream().anyMatch(e -> e instanceof Effect.Established);
        }

        public boolean secondEstablished() {
            return secondEffects.stream().anyMatch(e -> e instanceof Effect.Established);
        }

        public boolean anyRejected() {
            return firstEffects.stream().anyMatch(e -> e instanceof Effect.Rejected)
                    || secondEffects.stream().anyMatch(e -> e instanceof Effect.Rejected);
        }
    }

    /**
     * @param first           the side that starts
     * @param firstInitial    the effects of first's starting action (e.g. a beacon or a JoinRequest)
     * @param second          the other side
     * @param maxFrames       bound on frames passed, so a ping-pong bug cannot loop forever
     */
    public static Transcript run(ProtocolMachine first, List<Effect> firstInitial, ProtocolMachine second,
                                 int maxFrames) {
        List<Sent> frames = new ArrayList<>();
        List<Effect> firstEffects = new ArrayList<>();
        List<Effect> secondEffects = new ArrayList<>();
        List<byte[]> toSecond = new ArrayList<>();
        List<byte[]> toFirst = new ArrayList<>();
        sort(firstInitial, toSecond, firstEffects);
        while ((!toSecond.isEmpty() || !toFirst.isEmpty()) && frames.size() < maxFrames) {
            if (!toSecond.isEmpty()) {
                byte[] f = toSecond.remove(0);
                frames.add(new Sent(true, f));
                sort(second.receive(f), toFirst, secondEffects);
            } else {
                byte[] f = toFirst.remove(0);
                frames.add(new Sent(false, f));
                sort(first.receive(f), toSecond, firstEffects);
            }
        }
        return new Transcript(List.copyOf(frames), List.copyOf(firstEffects), List.copyOf(secondEffects));
    }

    private static void sort(List<Effect> effects, List<byte[]> outbox, List<Effect> others) {
        for (Effect e : effects) {
            if (e instanceof Effect.Transmit t) {
                outbox.add(t.frame());
            } else {
                others.add(e);
            }
        }
    }
}
