package dev.ampbench.bench.suites;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Conductor;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.opentest4j.TestAbortedException;

/**
 * What both amp-sec suites do at the air and the wire: inject a frame, wait for what the device does about it (a
 * frame on the air, an EVENT, a delivery), cut its power. Waits that must be answered return as soon as the answer
 * comes; only checks for silence wait the conductor's quiet time.
 */
final class AmpSecAir {
    /** How long something the device must do may take. */
    static final Duration MUST = Duration.ofSeconds(2);
    /** How long the air must stay quiet before the bench concludes the device stays silent. */
    static final Duration QUIET = Conductor.DEFAULT_QUIET;

    private AmpSecAir() {
    }

    /** A context for the bench's own machine: unpredictable nonces, wall clock, its own store. */
    static MachineContext benchContext() {
        return new MachineContext(new SecureRandomSource(), System::currentTimeMillis, new InMemoryStore());
    }

    static byte[] random(int n) {
        return new SecureRandomSource().bytes(n);
    }

    /** The one frame the bench's machine transmits; a bench bug (never the DUT's) if there is none. */
    static byte[] tx(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Transmit).map(e -> ((Effect.Transmit) e).frame())
                .findFirst().orElseThrow(() -> new IllegalStateException("the bench machine transmitted nothing: "
                        + effects));
    }

    static Optional<Effect.Rejected> rejection(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Rejected).map(e -> (Effect.Rejected) e).findFirst();
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static byte[] delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst().orElse(null);
    }

    /** A copy with the octet at {@code index} (negative: from the end) inverted. */
    static byte[] flip(byte[] frame, int index) {
        byte[] f = frame.clone();
        int i = index < 0 ? f.length + index : index;
        f[i] ^= (byte) 0xff;
        return f;
    }

    /**
     * Injects a frame (earlier notifications are dropped first, so what follows is this frame's doing) and returns
     * the device's answer to AIR_INJECT: ACK, or an ERROR.
     */
    static WireMessage inject(Dut dut, byte[] frame) throws LabFault {
        dut.wire().clearNotifications();
        return dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AMP_SEC, 0, 0x7F, 0xFFFF, frame));
    }

    /** Injects a frame the device must take (ACK); anything else is a lab fault, not a verdict. */
    static void injectOk(Dut dut, byte[] frame) throws LabFault {
        WireMessage r = inject(dut, frame);
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused AIR_INJECT of a " + frame.length + "-octet frame: " + r);
        }
    }

    /** ACTION on the gateway; it must be acknowledged. */
    static void action(Dut dut, String name, byte[] args) throws LabFault {
        dut.wire().clearNotifications();
        WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AMP_SEC, name, args));
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused ACTION " + name + " (" + args.length + " octets): " + r);
        }
    }

    static Optional<byte[]> emitted(Dut dut, Duration wait) throws LabFault {
        return dut.wire().await(m -> m instanceof WireMessage.AirEmit, wait)
                .map(m -> ((WireMessage.AirEmit) m).frame());
    }

    static Optional<WireMessage.Event> event(Dut dut, Duration wait, EventKind... kinds) throws LabFault {
        Set<EventKind> want = Set.of(kinds);
        return dut.wire().await(m -> m instanceof WireMessage.Event e && want.contains(e.kind()), wait)
                .map(m -> (WireMessage.Event) m);
    }

    /** What the device did about a frame: the first frame it sent, EVENT it reported, or payload it delivered. */
    record Reaction(WireMessage message) {
        boolean emitted() {
            return message instanceof WireMessage.AirEmit;
        }

        byte[] frame() {
            return ((WireMessage.AirEmit) message).frame();
        }

        boolean is(EventKind kind) {
            return message instanceof WireMessage.Event e && e.kind() == kind;
        }

        boolean delivered() {
            return message instanceof WireMessage.Log l && l.text().startsWith("delivered ");
        }

        @Override
        public String toString() {
            if (message == null) {
                return "nothing";
            }
            if (message instanceof WireMessage.AirEmit a) {
                return "AIR_EMIT " + Hex.encode(a.frame());
            }
            if (message instanceof WireMessage.Event e) {
                return "EVENT " + e.kind() + " " + e.name() + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")");
            }
            if (message instanceof WireMessage.Log l) {
                return "LOG '" + l.text() + "'";
            }
            return message.toString();
        }
    }

    /**
     * The first of: a frame on the air, EVENT ESTABLISHED / REJECTED / BOOT, a delivery log; an empty reaction
     * when none comes within {@code wait}.
     */
    static Reaction react(Dut dut, Duration wait) throws LabFault {
        return new Reaction(dut.wire().await(m -> m instanceof WireMessage.AirEmit
                || m instanceof WireMessage.Event e && (e.kind() == EventKind.ESTABLISHED
                || e.kind() == EventKind.REJECTED || e.kind() == EventKind.BOOT)
                || m instanceof WireMessage.Log l && l.text().startsWith("delivered "), wait).orElse(null));
    }

    /**
     * Injects a frame the device must deliver. The bench sees a delivery only in the device's LOG
     * {@code delivered N octets of application data} (the emulator's, and what lab firmware is asked to print): a
     * device that reports neither that nor a rejection cannot be judged on deliveries, so the test is aborted
     * rather than passed or failed.
     */
    static void mustDeliver(Dut dut, byte[] frame, int octets, String rule, String what) throws LabFault {
        injectOk(dut, frame);
        expectDelivery(dut, octets, rule, what + " " + hex(frame));
    }

    /** As {@link #mustDeliver} for a delivery something already sent causes. */
    static void expectDelivery(Dut dut, int octets, String rule, String what) throws LabFault {
        Reaction r = react(dut, MUST);
        if (r.message() == null) {
            throw new TestAbortedException("the device reported neither delivering nor rejecting " + what
                    + " within " + MUST.toMillis() + " ms (no LOG 'delivered N octets of application data'): "
                    + "the bench cannot judge its deliveries");
        }
        Verdicts.require(r.delivered(), rule, "did not deliver " + what + "; it answered " + r);
        String text = ((WireMessage.Log) r.message()).text();
        Verdicts.require(text.startsWith("delivered " + octets + " "), rule, "delivered " + what + " as '" + text
                + "', not " + octets + " octets");
    }

    /** Whether the device reported delivering application data ({@code LOG delivered N octets}). */
    static Optional<String> deliveryLog(Dut dut, Duration wait) throws LabFault {
        return dut.wire().await(m -> m instanceof WireMessage.Log l && l.text().startsWith("delivered "), wait)
                .map(m -> ((WireMessage.Log) m).text());
    }

    /**
     * Checks that a device still runs after a hostile frame: it answers HEARTBEAT (else it hung: the bench power-
     * cycles it, when it can, so later tests find it working) with the boot counter it had (else it crashed).
     */
    static void stillAlive(Dut dut, String rule, long boots, String what) throws LabFault {
        WireMessage.HeartbeatAck hb;
        try {
            hb = dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        } catch (NoResponse silent) {
            Optional<PowerSwitch> power = dut.power();
            if (power.isPresent()) {
                powerCycle(dut, power.get());
            }
            throw Verdicts.broken(rule, "stopped answering (HEARTBEAT unanswered) after " + what + " (hang)"
                    + (power.isPresent() ? "; the bench power-cycled it" : ""));
        }
        Verdicts.require(hb.bootCounter() == boots, rule, "rebooted after " + what + " (crash): boot counter "
                + boots + " -> " + hb.bootCounter());
    }

    static long bootCounter(Dut dut) throws LabFault {
        return dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class).bootCounter();
    }

    static PowerSwitch power(Dut dut) {
        return dut.power().orElseThrow(() -> new TestAbortedException("the lab has no power switch for "
                + dut.name() + ": this power-loss test needs one"));
    }

    /** Cuts power and restores it; returns the boot counter of the EVENT BOOT that follows (WIRE-R12 checked). */
    static long powerCycle(Dut dut, PowerSwitch power) throws LabFault {
        long before = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        power.off();
        power.on();
        WireMessage.Event boot = event(dut, Duration.ofSeconds(5), EventKind.BOOT)
                .orElseThrow(() -> new LabFault(dut.name() + " did not boot after its power returned"));
        Verdicts.require(boot.value() == before + 1, "WIRE-R12", "the boot counter went from " + before + " to "
                + boot.value() + " across one power cycle");
        return boot.value();
    }

    static String hex(byte[] b) {
        return Hex.encode(b);
    }

    static boolean same(byte[] a, byte[] b) {
        return Arrays.equals(a, b);
    }
}
