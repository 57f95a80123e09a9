package dev.ampbench.fuzz;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.ResetMode;
import dev.ampbench.protocol.wire.WireMessage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntFunction;

/**
 * A device under test over the bench wire protocol (real hardware or the emulator, over a serial port, a
 * pseudo-terminal or TCP). Every inject is followed by a HEARTBEAT (sent back to back with it, one round trip,
 * unless a settle time is set), which is both the liveness check and the
 * barrier: a device processes commands in arrival order (docs/bench-wire-protocol.md section 6.2, WIRE-R8) and
 * sends what a command causes after its response (WIRE-R17), so once the HEARTBEAT_ACK is in, every AIR_EMIT and
 * EVENT the injected frame caused has arrived. No quiet-time wait is needed.
 *
 * <p>A device whose receive path finishes after it answers HEARTBEAT would defeat the barrier; {@code settle}
 * (zero by default) adds a wait before the heartbeat for such firmware.
 */
public final class WireTarget implements FuzzTarget {
    /** How long a rebooted device may take to say EVENT BOOT (WIRE-R13: 5 s after a reset). */
    private static final Duration BOOT_WAIT = Duration.ofSeconds(5);

    private final WireSession wire;
    private final Profile profile;
    private final Role role;
    private final PowerSwitch power;
    private final Duration settle;
    private final ConcurrentLinkedQueue<WireMessage> inbox = new ConcurrentLinkedQueue<>();
    private long bootCounter;
    private Liveness pending;
    /** Whether the firmware's STATUS names this profile's state (asked once, on first use); null: not asked yet. */
    private Boolean statusStates;

    /**
     * @param power  the DUT's switch, or null: then a power cycle is a cold RESET over the wire
     * @param settle extra wait after an inject before the heartbeat barrier (zero for a conforming device)
     */
    public WireTarget(WireSession wire, Profile profile, Role role, PowerSwitch power, Duration settle) {
        this.wire = Objects.requireNonNull(wire, "wire");
        this.profile = Objects.requireNonNull(profile, "profile");
        this.role = Objects.requireNonNull(role, "role");
        this.power = power;
        this.settle = Objects.requireNonNull(settle, "settle");
        this.bootCounter = wire.bootCounter();
        wire.addListener(r -> {
            WireMessage m = r.message();
            // HEARTBEAT_ACKs and STATUSes too: in a batch (injectEach) each marks where one frame's notifications end.
            if (m instanceof WireMessage.AirEmit || m instanceof WireMessage.Event || m instanceof WireMessage.Log
                    || m instanceof WireMessage.HeartbeatAck || m instanceof WireMessage.Status) {
                inbox.add(m);
            }
        });
    }

    @Override
    public Profile profile() {
        return profile;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public Reaction inject(byte[] frame) throws LabFault {
        inbox.clear();
        wire.clearNotifications(); // the session's own queue is not read here: keep it from growing
        if (pending == Liveness.HUNG) {
            return Reaction.NOTHING; // silent already this case: the heartbeat after it says so
        }
        if (settle.isZero()) {
            // Pipelined: AIR_INJECT and the HEARTBEAT barrier go out back to back and cost one round trip. The
            // device handles them in arrival order (WIRE-R8) and sends what the inject caused right after the
            // inject's answer (WIRE-R17), so before HEARTBEAT_ACK: the barrier holds as with two round trips.
            WireMessage[] a = wire.pipeline(List.of(
                    tid -> new WireMessage.AirInject(tid, profile, 0, 0x7F, 0xFFFF, frame),
                    WireMessage.Heartbeat::new));
            if (a[0] == null) {
                pending = Liveness.HUNG;
                return Reaction.NOTHING;
            }
            Reaction.Builder b = new Reaction.Builder();
            if (a[0] instanceof WireMessage.ErrorResponse) {
                b.refusedByTransport();
            }
            return collect(b, a[1] == null ? Liveness.HUNG : verdict(a[1]));
        }
        WireMessage r;
        try {
            r = wire.request(tid -> new WireMessage.AirInject(tid, profile, 0, 0x7F, 0xFFFF, frame));
        } catch (NoResponse e) {
            pending = Liveness.HUNG;
            return Reaction.NOTHING;
        }
        Reaction.Builder b = new Reaction.Builder();
        if (r instanceof WireMessage.ErrorResponse) {
            b.refusedByTransport();
        }
        return barrier(b);
    }

    /**
     * Whether the firmware reports its state: asked once with STATUS_GET (docs/bench-wire-protocol.md 5.5), true when
     * the STATUS lists a state for this target's profile. A device that does not answer it, or answers an ERROR or a
     * STATUS without that profile, is driven as before (the state oracle then needs the reference alone).
     */
    @Override
    public boolean reportsStateOnRequest() {
        if (statusStates == null) {
            try {
                statusStates = stateIn(wire.request(WireMessage.StatusGet::new)) != null;
            } catch (LabFault e) {
                statusStates = false;
            }
        }
        return statusStates;
    }

    /**
     * The inject with a STATUS_GET just before and just after it, all pipelined with the heartbeat barrier
     * (STATUS_GET, AIR_INJECT, HEARTBEAT, STATUS_GET: one round trip, as an inject alone). The device answers in
     * arrival order (WIRE-R8), so the first STATUS is the state before the frame and the second the state after
     * everything the frame caused. With a settle time, or a firmware without states, it is an inject and two
     * STATUS_GETs one after the other, or the plain inject.
     */
    @Override
    public StatedReaction injectReportingState(byte[] frame) throws LabFault {
        if (!reportsStateOnRequest() || pending == Liveness.HUNG) {
            return new StatedReaction(inject(frame), null, null);
        }
        if (!settle.isZero()) {
            String before = askState();
            Reaction r = inject(frame);
            return new StatedReaction(r, before, pending == Liveness.HUNG ? null : askState());
        }
        inbox.clear();
        wire.clearNotifications();
        WireMessage[] a = wire.pipeline(List.of(WireMessage.StatusGet::new,
                tid -> new WireMessage.AirInject(tid, profile, 0, 0x7F, 0xFFFF, frame),
                WireMessage.Heartbeat::new, WireMessage.StatusGet::new));
        if (a[1] == null) {
            pending = Liveness.HUNG;
            return new StatedReaction(Reaction.NOTHING, stateIn(a[0]), null);
        }
        Reaction.Builder b = new Reaction.Builder();
        if (a[1] instanceof WireMessage.ErrorResponse) {
            b.refusedByTransport();
        }
        Reaction r = collect(b, a[2] == null ? Liveness.HUNG : verdict(a[2]));
        return new StatedReaction(r, stateIn(a[0]), stateIn(a[3]));
    }

    private String askState() throws LabFault {
        try {
            return stateIn(wire.request(WireMessage.StatusGet::new));
        } catch (NoResponse e) {
            return null;
        }
    }

    /** This profile's state in a STATUS, or null (no STATUS, or no state for the profile). */
    private String stateIn(WireMessage m) {
        if (m instanceof WireMessage.Status s) {
            for (WireMessage.ProfileState ps : s.states()) {
                if (ps.profile() == profile) {
                    return ps.state();
                }
            }
        }
        return null;
    }

    /**
     * The most frames one round trip of {@link #injectEach} carries: each is an AIR_INJECT and its barrier (a
     * HEARTBEAT, or a STATUS_GET when the states are asked), and the wire protocol allows 15 outstanding commands
     * (section 6.2).
     */
    public static final int MAX_BATCH = 7;

    /** The most frames a batch carries to this device: lowered when it answers ERROR BUSY to a batch twice. */
    private int batchLimit = MAX_BATCH;
    /** The last batch was refused BUSY (a second refusal in a row lowers the limit). */
    private boolean busyOnce;

    @Override
    public int batch() {
        return settle.isZero() ? batchLimit : 1;
    }

    /**
     * Sends the frames {@link #MAX_BATCH} at a time, each AIR_INJECT followed by its barrier, all in one round trip,
     * and gives each frame what arrived between its barrier's answer and the one before (the device handles commands
     * in arrival order, WIRE-R8, and sends what a command causes right after its answer, WIRE-R17; the session's
     * listeners see every message before its answer is handed over, so the inbox holds each barrier's answer in its
     * place). The barrier is a HEARTBEAT, or, when the states are asked, a STATUS_GET: its STATUS carries the boot
     * counter as HEARTBEAT_ACK does (docs/bench-wire-protocol.md 5.5), so it is the liveness verdict and the state
     * after the frame at once. Once a frame leaves the device silent, the frames after it answer HUNG (the chunks
     * after it are not sent). With a settle time, frames go one by one as {@link FuzzTarget#injectEach} does.
     */
    @Override
    public List<Answer> injectEach(List<byte[]> frames, boolean states) throws LabFault {
        if (!settle.isZero() || pending != null) {
            return FuzzTarget.super.injectEach(frames, states);
        }
        boolean asked = states && reportsStateOnRequest();
        List<Answer> out = new ArrayList<>(frames.size());
        for (int from = 0; from < frames.size(); from += MAX_BATCH) {
            List<byte[]> chunk = frames.subList(from, Math.min(frames.size(), from + MAX_BATCH));
            if (!out.isEmpty() && out.get(out.size() - 1).liveness() == Liveness.HUNG) {
                chunk.forEach(f -> out.add(new Answer(Reaction.NOTHING, Liveness.HUNG)));
            } else {
                out.addAll(batch(chunk, asked));
            }
        }
        return out;
    }

    private List<Answer> batch(List<byte[]> frames, boolean states) throws LabFault {
        inbox.clear();
        wire.clearNotifications();
        List<IntFunction<WireMessage>> commands = new ArrayList<>(2 * frames.size());
        for (byte[] f : frames) {
            commands.add(tid -> new WireMessage.AirInject(tid, profile, 0, 0x7F, 0xFFFF, f));
            commands.add(states ? WireMessage.StatusGet::new : WireMessage.Heartbeat::new);
        }
        WireMessage[] a = wire.pipeline(commands);
        for (int i = 0; i < a.length; i++) {
            if (a[i] instanceof WireMessage.ErrorResponse e && e.knownCode().orElse(null) == ErrorCode.BUSY) {
                // WIRE section 6.2: a device that cannot queue a command answers ERROR BUSY, for a full queue or
                // a passing reason (a flash write). Which of the later frames reached it is unknown. Once may be
                // passing; twice in a row, the commands before the BUSY one are what it queues.
                String why = wire.describe() + " answered ERROR BUSY to command " + (i + 1) + " of a batch of "
                        + commands.size();
                if (!busyOnce) {
                    busyOnce = true;
                    throw new BatchRefused(why + "; the same size is tried again");
                }
                busyOnce = false;
                batchLimit = Math.max(1, Math.min(batchLimit - 1, i / 2));
                throw new BatchRefused(why + " again (its firmware queues fewer commands than the wire protocol's "
                        + "15): batches of at most " + batchLimit + " frame" + (batchLimit == 1 ? "" : "s")
                        + " from now on");
            }
            if (a[i] instanceof WireMessage.ErrorResponse e && i % 2 == 1) {
                // A barrier refused (an ERROR to STATUS_GET): no verdict for this frame. Stop asking the state.
                statusStates = states ? Boolean.FALSE : statusStates;
                throw new BatchRefused(wire.describe() + " answered " + (states ? "STATUS_GET" : "HEARTBEAT")
                        + " in a batch with " + e);
            }
        }
        busyOnce = false;
        List<Answer> out = new ArrayList<>(frames.size());
        boolean silent = false;
        for (int i = 0; i < frames.size(); i++) {
            if (silent || a[2 * i] == null) {
                silent = true;
                out.add(new Answer(Reaction.NOTHING, Liveness.HUNG));
                continue;
            }
            Reaction.Builder b = new Reaction.Builder();
            if (a[2 * i] instanceof WireMessage.ErrorResponse) {
                b.refusedByTransport();
            }
            WireMessage barrier = a[2 * i + 1];
            Liveness now = barrier == null ? Liveness.HUNG : verdict(barrier);
            boolean booted = drainOneFrame(b);
            out.add(new Answer(b.build(), booted ? Liveness.REBOOTED : now, stateIn(barrier)));
            silent = now == Liveness.HUNG;
        }
        pending = null;
        return out;
    }

    /** Takes in the notifications up to the next barrier's answer (one frame's); true if the device booted among them. */
    private boolean drainOneFrame(Reaction.Builder b) {
        boolean booted = false;
        WireMessage m;
        while ((m = inbox.poll()) != null && !(m instanceof WireMessage.HeartbeatAck)
                && !(m instanceof WireMessage.Status)) {
            booted |= take(m, b);
        }
        return booted;
    }

    /** Adds one notification to a reaction; true when it is the device's EVENT BOOT. */
    private static boolean take(WireMessage m, Reaction.Builder b) {
        if (m instanceof WireMessage.AirEmit e) {
            b.emitted(e.frame());
        } else if (m instanceof WireMessage.Event e) {
            if (e.kind() == EventKind.ESTABLISHED) {
                b.established();
            } else if (e.kind() == EventKind.REJECTED) {
                b.rejected(e.name());
            } else if (e.kind() == EventKind.BOOT) {
                return true;
            }
        } else if (m instanceof WireMessage.Log l && l.text().startsWith("delivered ")) {
            b.delivered();
        }
        return false;
    }

    @Override
    public Optional<Reaction> action(String name, byte[] args) throws LabFault {
        inbox.clear();
        wire.clearNotifications();
        WireMessage r = wire.request(tid -> new WireMessage.Action(tid, profile, name, args));
        if (r instanceof WireMessage.ErrorResponse e && e.knownCode().orElse(null) == ErrorCode.ACTION_FAILED) {
            return Optional.empty();
        }
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(wire.describe() + " refused ACTION " + name + ": " + r);
        }
        return Optional.of(barrier(new Reaction.Builder()));
    }

    private Reaction barrier(Reaction.Builder b) throws LabFault {
        if (!settle.isZero()) {
            try {
                Thread.sleep(settle.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LabFault("interrupted");
            }
        }
        return collect(b, ping());
    }

    /** Takes in what arrived before the barrier's HEARTBEAT_ACK (whose verdict is {@code now}). */
    private Reaction collect(Reaction.Builder b, Liveness now) {
        if (pending == null || pending == Liveness.ALIVE) {
            pending = now;
        }
        WireMessage m;
        while ((m = inbox.poll()) != null) {
            if (take(m, b)) {
                pending = Liveness.REBOOTED;
            }
        }
        return b.build();
    }

    private Liveness ping() throws LabFault {
        WireMessage r;
        try {
            r = wire.request(WireMessage.Heartbeat::new);
        } catch (NoResponse e) {
            return Liveness.HUNG;
        }
        return verdict(r);
    }

    /** The liveness a barrier's answer tells: a HEARTBEAT_ACK's or a STATUS's boot counter against the last one. */
    private Liveness verdict(WireMessage r) throws LabFault {
        long counter;
        if (r instanceof WireMessage.HeartbeatAck ack) {
            counter = ack.bootCounter();
        } else if (r instanceof WireMessage.Status s) {
            counter = s.bootCounter();
        } else {
            throw new LabFault(wire.describe() + " answered HEARTBEAT (or STATUS_GET) with " + r);
        }
        long before = bootCounter;
        bootCounter = counter;
        return before == counter ? Liveness.ALIVE : Liveness.REBOOTED;
    }

    @Override
    public Liveness heartbeat() throws LabFault {
        // The barrier after the last inject was a heartbeat already: its verdict stands for the case.
        Liveness p = pending;
        pending = null;
        return p != null ? p : ping();
    }

    @Override
    public void powerCycle() throws LabFault {
        inbox.clear();
        wire.clearNotifications();
        if (power != null) {
            power.off();
            power.on();
        } else {
            wire.request(tid -> new WireMessage.Reset(tid, ResetMode.COLD));
        }
        Optional<WireMessage> boot = wire.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT,
                BOOT_WAIT);
        if (boot.isEmpty()) {
            throw new LabFault(wire.describe() + " did not boot within " + BOOT_WAIT.toSeconds()
                    + " s of a power cycle");
        }
        inbox.clear();
        pending = null;
        if (ping() == Liveness.HUNG) {
            throw new LabFault(wire.describe() + " does not answer HEARTBEAT after a power cycle");
        }
    }

    @Override
    public String describe() {
        return wire.describe();
    }

    @Override
    public String firmware() {
        return wire.hello().firmwareVersion();
    }
}
