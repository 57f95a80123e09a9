package dev.ampbench.bench.replay;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.machine.Deviation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Compares a frame a device sent during a replay with the one recorded in its place, by structure and by the rules,
 * never byte for byte (docs/replay.md, "Structural comparison"):
 *
 * <ul>
 *   <li>the same frame type and the same field layout (names, lengths and kinds of every field, in order), else the
 *       device diverged;</li>
 *   <li>fields that identify or describe (TYPE, ADDRESS, LENGTH, PARAMETER) are equal, else it diverged;</li>
 *   <li>a NONCE must be fresh: a different value is expected; the recorded value again is a reused nonce (the
 *       profile's nonce rule), unless it is an echo of a nonce in a frame the replay played;</li>
 *   <li>COUNTER and KEY_ID may have moved on; MIC and PAYLOAD may differ when something fresh went into them (a
 *       fresh nonce or counter in this frame or in an earlier answer of the replay: new session keys). A MIC or
 *       payload that differs over identical inputs is a divergence (another key).</li>
 * </ul>
 */
public final class FrameComparison {
    /** How a frame compares, worst first. */
    public enum Outcome {
        /** The difference breaks a rule of the profile. */
        BROKEN,
        /** A difference the rules do not explain. */
        DIVERGED,
        /** Differences, each explained by freshness. */
        EXPLAINED,
        /** Identical. */
        IDENTICAL
    }

    /**
     * @param rule  the rule broken, for {@link Outcome#BROKEN}
     * @param notes what differed and why, field by field
     */
    public record Result(Outcome outcome, Optional<Rule> rule, String type, List<String> notes, boolean fresh) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    private final Profile profile;
    private final Role deviceRole;
    private final ProfileCodec codec;

    /**
     * @param deviceRole the role of the device whose answers are compared (its nonce rule differs by role)
     */
    public FrameComparison(Profile profile, Role deviceRole) {
        this.profile = profile;
        this.deviceRole = deviceRole;
        this.codec = Profiles.codec(profile);
    }

    /** The frame's type, or null when it does not decode. */
    public String typeOf(byte[] frame) {
        try {
            return codec.decode(frame).type();
        } catch (FrameDecodeException e) {
            return null;
        }
    }

    public boolean isProtected(byte[] frame) {
        try {
            return Protection.isProtected(codec.decode(frame));
        } catch (FrameDecodeException e) {
            return false;
        }
    }

    /**
     * @param played       every frame the replay played so far (an answer's nonce may echo one of theirs)
     * @param sessionFresh whether an earlier answer of this replay already carried something fresh
     */
    public Result compare(byte[] recorded, byte[] actual, List<byte[]> played, boolean sessionFresh) {
        Frame r;
        Frame a;
        try {
            r = codec.decode(recorded);
        } catch (FrameDecodeException e) {
            return new Result(Arrays.equals(recorded, actual) ? Outcome.IDENTICAL : Outcome.DIVERGED, Optional.empty(),
                    "?", List.of("the recorded frame does not decode (" + e.getMessage() + ")"), false);
        }
        try {
            a = codec.decode(actual);
        } catch (FrameDecodeException e) {
            return new Result(Outcome.DIVERGED, Optional.empty(), r.type(), List.of("the device's frame does not "
                    + "decode as a " + profile.id() + " frame: " + e.getMessage()), false);
        }
        if (!r.type().equals(a.type())) {
            return new Result(Outcome.DIVERGED, Optional.empty(), r.type(), List.of("a " + a.type()
                    + " where a " + r.type() + " was recorded"), false);
        }
        if (!layout(r).equals(layout(a))) {
            return new Result(Outcome.DIVERGED, Optional.empty(), r.type(), List.of("field layout " + layout(a)
                    + " where " + layout(r) + " was recorded"), false);
        }
        List<String> diverged = new ArrayList<>();
        List<String> explained = new ArrayList<>();
        List<String> reused = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        boolean fresh = false;
        for (int i = 0; i < r.fields().size(); i++) {
            FieldDescriptor d = r.fields().get(i);
            byte[] rv = Arrays.copyOfRange(recorded, d.offset(), d.end());
            byte[] av = Arrays.copyOfRange(actual, d.offset(), d.end());
            boolean same = Arrays.equals(rv, av);
            switch (d.kind()) {
                case ADDRESS -> {
                    if (!same && concealed(d)) {
                        opaque.add(d.name());
                    } else if (!same) {
                        diverged.add(d.name() + " (" + d.kind() + ") differs");
                    }
                }
                case TYPE, LENGTH, PARAMETER -> {
                    if (!same) {
                        diverged.add(d.name() + " (" + d.kind() + ") differs");
                    }
                }
                case NONCE -> {
                    boolean echo = played.stream().anyMatch(p -> Bytes.indexOf(p, rv) >= 0);
                    if (same && !echo && rv.length > 0) {
                        reused.add(d.name());
                    } else if (!same && echo) {
                        diverged.add(d.name() + " echoes another nonce than the played frame's");
                    } else if (!same) {
                        explained.add(d.name() + " fresh");
                        fresh = true;
                    }
                }
                case COUNTER, KEY_ID -> {
                    if (!same) {
                        explained.add(d.name() + " moved on");
                        fresh = true;
                    }
                }
                case MIC, PAYLOAD -> {
                    if (!same) {
                        opaque.add(d.name());
                    }
                }
            }
        }
        if (!opaque.isEmpty()) {
            if (encryptedWhole(r)) {
                explained.add(String.join(", ", opaque) + " differ" + (opaque.size() == 1 ? "s" : "")
                        + " (the frame is encrypted whole: its fresh fields are inside, not judged without keys)");
            } else if (fresh || sessionFresh) {
                explained.add(String.join(", ", opaque) + " differ" + (opaque.size() == 1 ? "s" : "")
                        + " (computed over fresh input" + (fresh ? "" : ": the session's new keys") + ")");
            } else {
                diverged.add(String.join(", ", opaque) + " differ" + (opaque.size() == 1 ? "s" : "")
                        + " over identical inputs (another key?)");
            }
        }
        if (!reused.isEmpty()) {
            Deviation dev = deviceRole == Role.DEVICE ? Deviation.NONCE_REUSED_AFTER_POWER_LOSS
                    : Deviation.NONCE_NOT_FRESH;
            Optional<Rule> rule = Profiles.ruleBrokenBy(profile, dev);
            List<String> notes = new ArrayList<>();
            notes.add(String.join(", ", reused) + " repeats the recorded value: not fresh");
            notes.addAll(diverged);
            notes.addAll(explained);
            return new Result(rule.isPresent() ? Outcome.BROKEN : Outcome.DIVERGED, rule, r.type(), notes, fresh);
        }
        if (!diverged.isEmpty()) {
            List<String> notes = new ArrayList<>(diverged);
            notes.addAll(explained);
            return new Result(Outcome.DIVERGED, Optional.empty(), r.type(), notes, fresh);
        }
        if (!explained.isEmpty()) {
            return new Result(Outcome.EXPLAINED, Optional.empty(), r.type(), explained, fresh);
        }
        return new Result(Outcome.IDENTICAL, Optional.empty(), r.type(), List.of("identical"), false);
    }

    /**
     * An identifier sent concealed, fresh ciphertext every time by design: aiot-s9's ProtectedDeviceId (AIOT-S9-R2),
     * whatever other profile names a field "Protected...". It is compared like a payload.
     */
    private static boolean concealed(FieldDescriptor d) {
        return d.name().startsWith("Protected");
    }

    /** A frame with nothing in clear but its type: the LoRaWAN JoinAccept. */
    private static boolean encryptedWhole(Frame f) {
        return f.fields().stream().allMatch(d -> d.kind() == FieldKind.TYPE || d.kind() == FieldKind.PAYLOAD
                || d.kind() == FieldKind.MIC || d.kind() == FieldKind.PARAMETER && d.length() == 0);
    }

    private static List<String> layout(Frame f) {
        return f.fields().stream().map(d -> d.name() + ":" + d.length() + ":" + d.kind()).toList();
    }
}
