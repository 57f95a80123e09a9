package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Conductor;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.replay.Protection;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The replay attack of the conformance run (docs/replay.md): the bench conducts a valid session, keeps every frame
 * it injected, and re-injects each integrity-protected one (a) into the same session after it completed and (b)
 * into a fresh session (a power cycle and/or a new valid session, as each suite's profile requires: docs/replay.md).
 * The device must refuse every one.
 *
 * <p>Protected ({@link Protection}): every frame whose field descriptors hold a MIC field, and the LoRaWAN JoinAccept
 * (its MIC is inside the encryption, so its outer descriptors show only the ciphertext). Unprotected frames (a
 * Trigger, a beacon) are never replayed: a device may legitimately answer them again.
 *
 * <p>Refusal is judged at the wire, as for real hardware, within the conductor's quiet time after each injection:
 * the device accepted the replay if it reports EVENT ESTABLISHED, logs a delivery ({@code LOG delivered N octets}),
 * or answers with a protected frame (it spent its keys on a stale frame: a reference counterpart would take such an
 * answer). EVENT REJECTED (naming a rule) or silence is a refusal; an unprotected frame on the air is neither.
 */
final class ReplayAttack {
    /** How long the bench watches the device after each replayed frame. */
    static final Duration WINDOW = Conductor.DEFAULT_QUIET;

    private ReplayAttack() {
    }

    /** Conducts one valid session and returns its air, in order, as a capture of it would hold it. */
    @FunctionalInterface
    interface Session {
        List<AirFrame> run() throws LabFault;
    }

    /** The air of several conducted exchanges, in order: one session. */
    static List<AirFrame> air(Transcript... parts) {
        List<AirFrame> all = new ArrayList<>();
        for (Transcript t : parts) {
            all.addAll(t.frames());
        }
        return all;
    }

    /** One recorded bench frame that must be refused when replayed. */
    record Replayed(int number, String type, byte[] bytes, String rule) {
        @Override
        public String toString() {
            return "frame #" + number + " (" + type + " " + Hex.encode(bytes) + ")";
        }
    }

    /** Brings the device into a fresh session (a power cycle, a new handshake); returns how, for verdicts. */
    @FunctionalInterface
    interface Fresh {
        String start() throws LabFault;
    }

    /**
     * Runs the attack.
     *
     * @param session    conducts a valid session (and fails the test with its own verdicts if it is not valid)
     * @param fresh      starts a fresh session after the same-session replays
     * @param ruleByType for each protected frame type the bench injects, the rule a device that accepts its replay
     *                   breaks
     */
    static void run(Dut dut, Session session, Fresh fresh, Map<String, String> ruleByType) throws LabFault {
        List<Replayed> frames = protectedBenchFrames(dut.profile(), session.run(), ruleByType);
        if (frames.isEmpty()) {
            throw new IllegalStateException("bench bug: the recorded session has no protected bench frame");
        }
        replayAll(dut, frames, "the same session, after it completed");
        replayAll(dut, frames, "a fresh session (" + fresh.start() + ")");
    }

    /**
     * The usual fresh session: a power cycle when the lab can switch the DUT, then a new valid session. Use it where
     * the profile's replay rules hold across power loss.
     */
    static Fresh powerCycleAndNew(Dut dut, Session session) {
        return () -> {
            Optional<PowerSwitch> power = dut.power();
            if (power.isPresent()) {
                AmpSecAir.powerCycle(dut, power.get());
            }
            session.run();
            return (power.isPresent() ? "after a power cycle and " : "after ") + "a new valid session";
        };
    }

    /**
     * A power cycle alone, where the lab can switch the DUT: for a profile whose session survives power loss (its
     * keys and counters are in non-volatile memory), the sharpest fresh start; without a switch, a new valid session.
     */
    static Fresh powerCycleOr(Dut dut, Session otherwise) {
        return () -> {
            Optional<PowerSwitch> power = dut.power();
            if (power.isPresent()) {
                AmpSecAir.powerCycle(dut, power.get());
                return "right after a power cycle, which the session survives";
            }
            otherwise.run();
            return "after a new valid exchange; the lab cannot cycle its power";
        };
    }

    /** The bench's frames of a recorded session that carry integrity protection, numbered as in the session. */
    static List<Replayed> protectedBenchFrames(Profile profile, List<AirFrame> air, Map<String, String> ruleByType) {
        ProfileCodec codec = Profiles.codec(profile);
        List<Replayed> out = new ArrayList<>();
        for (int i = 0; i < air.size(); i++) {
            AirFrame f = air.get(i);
            if (f.fromDut()) {
                continue;
            }
            Frame decoded;
            try {
                decoded = codec.decode(f.bytes());
            } catch (FrameDecodeException e) {
                throw new IllegalStateException("bench bug: the bench injected a frame that does not decode: " + f, e);
            }
            if (isProtected(decoded)) {
                String rule = ruleByType.get(decoded.type());
                if (rule == null) {
                    throw new IllegalStateException("bench bug: no replay rule for a " + decoded.type());
                }
                out.add(new Replayed(i + 1, decoded.type(), f.bytes(), rule));
            }
        }
        return out;
    }

    /** Whether a frame carries integrity protection (see the class comment). */
    static boolean isProtected(Frame f) {
        return Protection.isProtected(f);
    }

    private static void replayAll(Dut dut, List<Replayed> frames, String where) throws LabFault {
        for (Replayed f : frames) {
            inject(dut, f.bytes());
            Optional<String> accepted = acceptance(dut, WINDOW);
            if (accepted.isPresent()) {
                throw Verdicts.broken(f.rule(), "accepted " + f + " of the recorded session replayed into "
                        + where + ": it " + accepted.get());
            }
        }
    }

    /** Injects a frame of the DUT's profile (earlier notifications dropped first); it must be taken (ACK). */
    static void inject(Dut dut, byte[] frame) throws LabFault {
        dut.wire().clearNotifications();
        WireMessage r = dut.wire().request(tid -> new WireMessage.AirInject(tid, dut.profile(), 0, 0x7F, 0xFFFF,
                frame));
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused AIR_INJECT of a " + frame.length + "-octet frame: " + r);
        }
    }

    /** What shows the device took the frame just injected, if anything does within {@code window}. */
    static Optional<String> acceptance(Dut dut, Duration window) throws LabFault {
        ProfileCodec codec = Profiles.codec(dut.profile());
        long end = System.nanoTime() + window.toNanos();
        while (true) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Optional<WireMessage> m = dut.wire().await(x -> x instanceof WireMessage.AirEmit
                    || x instanceof WireMessage.Event e && (e.kind() == EventKind.ESTABLISHED
                    || e.kind() == EventKind.REJECTED)
                    || x instanceof WireMessage.Log l && l.text().startsWith("delivered "), Duration.ofNanos(left));
            if (m.isEmpty()) {
                return Optional.empty();
            }
            WireMessage x = m.get();
            if (x instanceof WireMessage.Event e && e.kind() == EventKind.REJECTED) {
                return Optional.empty();
            }
            if (x instanceof WireMessage.Event e) {
                return Optional.of("reported EVENT ESTABLISHED " + e.name());
            }
            if (x instanceof WireMessage.Log l) {
                return Optional.of("logged '" + l.text() + "'");
            }
            byte[] answer = ((WireMessage.AirEmit) x).frame();
            try {
                Frame a = codec.decode(answer);
                if (isProtected(a)) {
                    return Optional.of("answered with a protected " + a.type() + " " + Hex.encode(answer));
                }
            } catch (FrameDecodeException e) {
                // not a frame of the profile: nothing a counterpart would take
            }
        }
    }
}
