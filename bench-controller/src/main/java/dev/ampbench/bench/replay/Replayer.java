package dev.ampbench.bench.replay;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Conductor;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Plays one side of a recorded session to a device with the recorded timing, collects what the device does, and
 * judges it against the recording by structure and by the rules (docs/replay.md).
 *
 * <p>Timing: the first played frame goes at once; every later one at its recorded offset from the first, measured on
 * the bench's monotonic clock from the moment the first was sent (a frame whose time has passed, because the device
 * was slow to take the previous one, goes at once). The error of each is |actual offset - recorded offset|.
 *
 * <p>The device's answers are attributed to the played frame they follow (their arrival between the ACK of its
 * AIR_INJECT and the next one's: WIRE-R17 puts a command's response before anything it causes) and compared in order
 * with the frames the recording has after that played frame.
 */
public final class Replayer {
    /** How long the device must stay quiet after the last played frame before the replay ends. */
    public static final Duration TAIL = Conductor.DEFAULT_QUIET;
    /** A device that never falls quiet (a periodic beacon) still ends the replay: at most this many quiet times. */
    private static final int MAX_TAIL_WAITS = 10;

    private Replayer() {
    }

    /** The role a device must have to take the replayed side of a session recorded with {@code dutRole}. */
    public static Role deviceRole(Role recordedDutRole, ReplaySide side) {
        if (side == ReplaySide.BENCH) {
            return recordedDutRole;
        }
        return recordedDutRole == Role.DEVICE ? Role.INFRASTRUCTURE : Role.DEVICE;
    }

    public static ReplayReport replay(Dut dut, RecordedSession s, ReplaySide side)
            throws LabFault, ReplayInputException {
        Role deviceRole = deviceRole(s.dutRole(), side);
        if (dut.profile() != s.profile() || dut.role() != deviceRole) {
            throw new ReplayInputException("playing the " + side.name().toLowerCase() + " side of a " + s.profile().id()
                    + " " + s.dutRole().cliName() + " capture needs a " + s.profile().id() + " "
                    + deviceRole.cliName() + ", not " + dut.profile().id() + " " + dut.role().cliName());
        }
        List<RecordedFrame> frames = s.frames();
        boolean playFromDut = side == ReplaySide.DUT;
        List<Integer> played = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).fromDut() == playFromDut) {
                played.add(i);
            }
        }
        if (played.isEmpty()) {
            throw new ReplayInputException("link '" + s.link() + "' holds no frame of the " + side.name().toLowerCase()
                    + " side to play");
        }
        List<WireSession.Received> seen = new ArrayList<>();
        AtomicBoolean listening = new AtomicBoolean(true);
        dut.wire().clearNotifications();
        dut.wire().addListener(r -> {
            if (listening.get() && (r.message() instanceof WireMessage.AirEmit
                    || r.message() instanceof WireMessage.Event || r.message() instanceof WireMessage.Ack
                    || r.message() instanceof WireMessage.Log l && l.text().startsWith("delivered "))) {
                synchronized (seen) {
                    seen.add(r);
                }
            }
        });
        long recBase = frames.get(played.get(0)).epochNanos();
        long[] sentAt = new long[played.size()];
        long[] ackedAt = new long[played.size()];
        int[] tids = new int[played.size()];
        long start = System.nanoTime();
        for (int k = 0; k < played.size(); k++) {
            RecordedFrame f = frames.get(played.get(k));
            long target = start + Math.max(0, f.epochNanos() - recBase);
            for (long left = target - System.nanoTime(); left > 0; left = target - System.nanoTime()) {
                LockSupport.parkNanos(left);
            }
            sentAt[k] = System.nanoTime();
            byte[] bytes = f.bytes();
            int slot = k;
            WireMessage r = dut.wire().request(tid -> {
                tids[slot] = tid;
                return new WireMessage.AirInject(tid, s.profile(), 0, 0x7F, 0xFFFF, bytes);
            });
            ackedAt[k] = System.nanoTime();
            if (!(r instanceof WireMessage.Ack)) {
                throw new LabFault(dut.name() + " refused AIR_INJECT of frame #" + f.number() + ": " + r);
            }
        }
        int count = -1;
        for (int waits = 0; waits < MAX_TAIL_WAITS; waits++) {
            LockSupport.parkNanos(TAIL.toNanos());
            synchronized (seen) {
                if (seen.size() == count) {
                    break;
                }
                count = seen.size();
            }
        }
        listening.set(false);
        List<WireSession.Received> got;
        synchronized (seen) {
            got = List.copyOf(seen);
        }
        // WIRE-R17: a device answers a command before any notification it causes, so what arrives before the ACK
        // of frame k+1 was caused by frame k or earlier: the ACK's arrival splits the answers between played frames
        for (int k = 0; k < played.size(); k++) {
            int slot = k;
            got.stream().filter(r -> r.message() instanceof WireMessage.Ack a && a.tid() == tids[slot]
                    && r.nanos() >= sentAt[slot] && r.nanos() <= ackedAt[slot]).findFirst()
                    .ifPresent(r -> ackedAt[slot] = r.nanos());
        }
        return judge(s, side, deviceRole, played, sentAt, ackedAt, start,
                got.stream().filter(r -> !(r.message() instanceof WireMessage.Ack)).toList());
    }

    private static ReplayReport judge(RecordedSession s, ReplaySide side, Role deviceRole, List<Integer> played,
                                      long[] sentAt, long[] ackedAt, long start, List<WireSession.Received> got) {
        List<RecordedFrame> frames = s.frames();
        FrameComparison cmp = new FrameComparison(s.profile(), deviceRole);
        long recBase = frames.get(played.get(0)).epochNanos();
        List<ReplayReport.Row> rows = new ArrayList<>();
        List<Long> errors = new ArrayList<>();
        List<byte[]> playedBytes = new ArrayList<>();
        boolean sessionFresh = false;
        // the device frames of the recording this replay did not reproduce (skipped or missing), by capture index
        java.util.Set<Integer> notReproduced = new java.util.HashSet<>();
        for (int i = 0; i < played.get(0); i++) {
            notReproduced.add(i);
            RecordedFrame f = frames.get(i);
            rows.add(new ReplayReport.Row(f.number(), true, typeOrQ(cmp, f.bytes()), ms(f.epochNanos() - recBase),
                    Double.NaN, ReplayReport.Status.SKIPPED, Optional.empty(), "the recorded device opened the "
                    + "exchange on a command (ACTION) the capture does not hold"));
        }
        for (int k = 0; k < played.size(); k++) {
            int at = played.get(k);
            RecordedFrame p = frames.get(at);
            playedBytes.add(p.bytes());
            long from = ackedAt[k];
            long to = k + 1 < played.size() ? ackedAt[k + 1] : Long.MAX_VALUE;
            List<WireSession.Received> window = got.stream().filter(r -> r.nanos() >= from && r.nanos() < to)
                    .toList();
            List<WireSession.Received> answers = window.stream()
                    .filter(r -> r.message() instanceof WireMessage.AirEmit).toList();
            List<WireMessage.Event> events = window.stream().filter(r -> r.message() instanceof WireMessage.Event)
                    .map(r -> (WireMessage.Event) r.message()).toList();
            List<String> reactions = window.stream().filter(r -> !(r.message() instanceof WireMessage.AirEmit))
                    .map(r -> r.message() instanceof WireMessage.Event e ? "EVENT " + e.kind() + " " + e.name()
                            : "LOG " + ((WireMessage.Log) r.message()).text()).toList();
            Optional<WireMessage.Event> rejected = events.stream().filter(e -> e.kind() == EventKind.REJECTED)
                    .findFirst();
            long recOffset = p.epochNanos() - recBase;
            long actOffset = sentAt[k] - start;
            errors.add(Math.abs(actOffset - Math.max(0, recOffset)));
            boolean prot = cmp.isProtected(p.bytes());
            String type = typeOrQ(cmp, p.bytes());
            // the device frame the played one answers: the last device frame before it in the recording
            Optional<String> opener = Optional.empty();
            for (int j = at - 1; j >= 0; j--) {
                if (frames.get(j).fromDut() != (side == ReplaySide.DUT)) {
                    if (notReproduced.contains(j)) {
                        opener = Optional.of(typeOrQ(cmp, frames.get(j).bytes()) + " #" + frames.get(j).number());
                    }
                    break;
                }
            }
            rows.add(new ReplayReport.Row(p.number(), false, type, ms(recOffset), ms(actOffset),
                    ReplayReport.Status.PLAYED, Optional.empty(), (prot ? "protected; " : "") + (reactions.isEmpty()
                    ? "no EVENT" : String.join("; ", reactions))));
            List<RecordedFrame> recorded = new ArrayList<>();
            for (int j = at + 1; j < frames.size() && frames.get(j).fromDut() != (side == ReplaySide.DUT); j++) {
                recorded.add(frames.get(j));
            }
            int n = Math.max(recorded.size(), answers.size());
            for (int i = 0; i < n; i++) {
                if (i < recorded.size() && i < answers.size()) {
                    RecordedFrame r = recorded.get(i);
                    byte[] a = ((WireMessage.AirEmit) answers.get(i).message()).frame();
                    FrameComparison.Result res = cmp.compare(r.bytes(), a, playedBytes, sessionFresh);
                    sessionFresh |= res.fresh();
                    rows.add(new ReplayReport.Row(r.number(), true, res.type(), ms(r.epochNanos() - recBase),
                            ms(answers.get(i).nanos() - start), status(res.outcome()),
                            res.rule().map(x -> x.id()), String.join("; ", res.notes())));
                } else if (i < recorded.size()) {
                    RecordedFrame r = recorded.get(i);
                    notReproduced.add(at + 1 + i);
                    String why;
                    ReplayReport.Status st = ReplayReport.Status.EXPLAINED;
                    if (opener.isPresent()) {
                        why = "no answer: the device never sent the " + opener.get() + " that " + type + " #"
                                + p.number() + " answers (not reproduced in this replay)";
                    } else if (rejected.isPresent()) {
                        why = "no answer: the device refused " + type + " #" + p.number() + " citing "
                                + rejected.get().name();
                    } else if (prot) {
                        why = "no answer: the device refused the replayed protected " + type + " #" + p.number()
                                + ", stale for it (its keys or nonces are fresh)";
                    } else {
                        why = "no answer to the unprotected " + type + " #" + p.number() + "; the recording has one";
                        st = ReplayReport.Status.DIVERGED;
                    }
                    rows.add(new ReplayReport.Row(r.number(), true, typeOrQ(cmp, r.bytes()),
                            ms(r.epochNanos() - recBase), Double.NaN, st, Optional.empty(), why));
                } else {
                    WireSession.Received x = answers.get(i);
                    byte[] a = ((WireMessage.AirEmit) x.message()).frame();
                    rows.add(new ReplayReport.Row(0, true, typeOrQ(cmp, a), Double.NaN, ms(x.nanos() - start),
                            ReplayReport.Status.DIVERGED, Optional.empty(), "an answer to " + type + " #"
                            + p.number() + " the recording does not have" + (prot ? " (it took a replayed protected "
                            + "frame)" : "")));
                }
            }
        }
        return new ReplayReport(s.link(), s.profile(), deviceRole, side, rows, errors);
    }

    private static ReplayReport.Status status(FrameComparison.Outcome o) {
        return switch (o) {
            case BROKEN -> ReplayReport.Status.BROKEN;
            case DIVERGED -> ReplayReport.Status.DIVERGED;
            case EXPLAINED -> ReplayReport.Status.EXPLAINED;
            case IDENTICAL -> ReplayReport.Status.IDENTICAL;
        };
    }

    private static String typeOrQ(FrameComparison cmp, byte[] frame) {
        String t = cmp.typeOf(frame);
        return t == null ? "?" : t;
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
