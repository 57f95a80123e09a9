package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Conductor;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.ampprov.AmpProvKdf;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.ampprov.TemporalKeys;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The air-level verbs both amp-prov suites share: inject a frame and take the DUT's answer, wait for silence,
 * read the DUT's state, cycle its power, and check that it neither crashed nor hung. A step that expects an answer
 * returns as soon as it comes; only a step that expects silence waits the conductor's quiet time.
 */
final class AmpProvAir {
    /** How long an answer the protocol requires may take before it counts as missing. */
    static final Duration ANSWER = Duration.ofSeconds(2);
    /** How long the air must stay quiet before silence counts as the answer (the conductor's quiet time). */
    static final Duration QUIET = Conductor.DEFAULT_QUIET;
    static final String R15 = "AMP-PROV-R15";

    private AmpProvAir() {
    }

    /** The bench's machines draw their nonces from the platform's secure generator: a lab DUT must not predict them. */
    static MachineContext benchContext() {
        return new MachineContext(new SecureRandomSource(), System::currentTimeMillis, new InMemoryStore());
    }

    static byte[] random(int n) {
        return new SecureRandomSource().bytes(n);
    }

    /** Injects one frame that the DUT must take off the air (ACK); anything else is the lab's problem. */
    static void inject(Dut dut, byte[] frame) throws LabFault {
        WireMessage r = dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                frame));
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " did not take a " + frame.length + "-octet frame off the air: " + r);
        }
    }

    /** Injects a frame and returns the first frame the DUT transmits within {@code wait}, or null for silence. */
    static byte[] exchange(Dut dut, byte[] frame, Duration wait) throws LabFault {
        dut.wire().clearNotifications();
        inject(dut, frame);
        return nextFrame(dut, wait);
    }

    /** The next frame the DUT transmits within {@code wait}, or null. */
    static byte[] nextFrame(Dut dut, Duration wait) throws LabFault {
        return dut.wire().await(m -> m instanceof WireMessage.AirEmit, wait)
                .map(m -> ((WireMessage.AirEmit) m).frame()).orElse(null);
    }

    /** The next EVENT of this kind within {@code wait}. */
    static Optional<WireMessage.Event> event(Dut dut, EventKind kind, Duration wait) throws LabFault {
        return dut.wire().await(m -> m instanceof WireMessage.Event e && e.kind() == kind, wait)
                .map(m -> (WireMessage.Event) m);
    }

    /** An ACTION the DUT must accept; a refusal means the lab set it up wrongly (or it lacks the action). */
    static void action(Dut dut, String name, byte[] args) throws LabFault {
        WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AMP_PROV, name, args));
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused ACTION " + name + ": " + r);
        }
    }

    /** The amp-prov machine's state as STATUS reports it. */
    static String state(Dut dut) throws LabFault {
        WireMessage.Status s = dut.wire().call(WireMessage.StatusGet::new, WireMessage.Status.class);
        return s.states().stream().filter(p -> p.profile() == Profile.AMP_PROV).map(WireMessage.ProfileState::state)
                .findFirst().orElseThrow(() -> new LabFault(dut.name() + " reports no amp-prov state in STATUS"));
    }

    static PowerSwitch power(Dut dut) {
        return dut.power().orElseThrow(() -> new org.opentest4j.TestAbortedException(
                "the lab has no power switch for " + dut.name() + ": power-loss rules not tested"));
    }

    /** Cuts the DUT's power and restores it; returns once it booted again. */
    static void powerCycle(Dut dut, PowerSwitch power) throws LabFault {
        long boots = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        power.off();
        power.on();
        awaitBoot(dut, boots);
    }

    static void awaitBoot(Dut dut, long bootsBefore) throws LabFault {
        dut.wire().await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() > bootsBefore, Duration.ofSeconds(5))
                .orElseThrow(() -> new LabFault(dut.name() + " did not boot after its power returned"));
        dut.wire().clearNotifications();
    }

    /** The frames a machine transmitted among its effects. */
    static List<byte[]> sent(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Transmit).map(e -> ((Effect.Transmit) e).frame())
                .toList();
    }

    /** The one frame the bench's own machine transmitted; anything else is a bench bug. */
    static byte[] one(List<Effect> effects) {
        List<byte[]> frames = sent(effects);
        if (frames.size() != 1) {
            throw new IllegalStateException("the bench's machine sent " + frames.size() + " frames: " + effects);
        }
        return frames.get(0);
    }

    static Optional<Effect.Rejected> rejection(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Rejected).map(e -> (Effect.Rejected) e).findFirst();
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static Optional<byte[]> delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst();
    }

    /** Fails with the rule the bench's machine says the DUT broke, naming the frame it refused. */
    static void noRejection(List<Effect> effects, byte[] frame) {
        rejection(effects).ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench refused the DUT's frame " + hex(frame) + ": "
                    + r.reason());
        });
    }

    static byte[] corrupt(byte[] frame, int offset) {
        byte[] b = frame.clone();
        b[offset] ^= 0x5a;
        return b;
    }

    static String hex(byte[] frame) {
        return frame == null ? "nothing" : Hex.encode(frame);
    }

    static ProvRequest request(byte[] frame) {
        try {
            return ProvRequest.decode(frame);
        } catch (FrameDecodeException e) {
            throw new IllegalStateException("not a PROV_REQUEST: " + hex(frame), e);
        }
    }

    static ProvResponse response(byte[] frame) {
        try {
            return ProvResponse.decode(frame);
        } catch (FrameDecodeException e) {
            throw new IllegalStateException("not a PROV_RESPONSE: " + hex(frame), e);
        }
    }

    /**
     * TK1, TK2 and KCK of one provisioning as the tag derives them (spec section 7), from the personalization the
     * bench holds and the nonces it saw on the air; {@code mode} may differ from the tag's to forge a downgrade.
     */
    static TemporalKeys keys(AmpProvPersonalization p, KdfMode mode, byte[] tagNonce, byte[] tkNonce, int localAddr) {
        byte[] asPublic = X25519.publicKey(p.asPrivateKey());
        KeyMaterial shared = mode == KdfMode.STRONG ? X25519.agree(p.tagPrivateKey(), asPublic).orElseThrow() : null;
        KeyMaterial prk = AmpProvKdf.prk(mode, p.serialNumber(), asPublic, shared, tagNonce, tkNonce);
        return AmpProvKdf.temporalKeys(prk, p.gatewayId(), tkNonce, localAddr);
    }

    /** A personalization with the DUT's public identity but another secret serial number: the wrong key. */
    static AmpProvPersonalization wrongSerial(AmpProvPersonalization p) {
        return new AmpProvPersonalization(KeyMaterial.of(random(AmpProvPersonalization.GENERATED_SERIAL_LEN)),
                p.tagPrivateKey(), p.asPrivateKey(), p.gatewayId(), p.mode());
    }

    /** Injects a truncated frame; the DUT must refuse it without rebooting or going silent (R15). */
    static void survivesTruncated(Dut dut, byte[] truncated, String what) throws LabFault {
        long boots = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        try {
            dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF, truncated));
        } catch (NoResponse silent) {
            // judged below: a reboot or a hang
        }
        stillAlive(dut, boots, what + " (" + hex(truncated) + ")");
    }

    /**
     * Injects a frame one octet longer than the largest amp-prov frame (275 octets) and then the largest one: the
     * first must be refused (ERROR TOO_LARGE, or taken and refused by the codec), neither may hang or reset the DUT.
     * A hung DUT is power-cycled (when the lab can) so the rest of the suite still runs.
     */
    static void survivesOversized(Dut dut, int type) throws LabFault {
        long boots = dut.wire().bootCounter();
        byte[] oversized = new byte[276];
        oversized[0] = (byte) type;
        WireMessage r;
        try {
            r = dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                    oversized));
        } catch (NoResponse silent) {
            recover(dut);
            throw Verdicts.broken(R15, "hung on a 276-octet frame (type 0x" + Integer.toHexString(type)
                    + ", one octet over the 275-octet maximum): " + silent.getMessage());
        }
        require(r instanceof WireMessage.Ack || r instanceof WireMessage.ErrorResponse e
                && e.knownCode().equals(Optional.of(ErrorCode.TOO_LARGE)), R15,
                "answered a 276-octet frame with " + r + " (expected ERROR TOO_LARGE)");
        stillAlive(dut, boots, "a 276-octet frame");
        try {
            inject(dut, java.util.Arrays.copyOf(oversized, 275));
        } catch (NoResponse silent) {
            recover(dut);
            throw Verdicts.broken(R15, "hung on a 275-octet frame (the largest length): " + silent.getMessage());
        }
        stillAlive(dut, boots, "a 275-octet frame of zeros");
    }

    private static void recover(Dut dut) {
        if (dut.power().isPresent()) {
            try {
                powerCycle(dut, dut.power().get());
            } catch (LabFault ignored) {
                // the verdict stands; the next tests will report the lab fault themselves
            }
        }
    }

    static void stillAlive(Dut dut, long boots, String what) throws LabFault {
        WireMessage.HeartbeatAck hb;
        try {
            hb = dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        } catch (NoResponse silent) {
            recover(dut);
            throw Verdicts.broken(R15, "stopped answering (hang: no HEARTBEAT_ACK) after " + what);
        }
        require(hb.bootCounter() == boots, R15, "rebooted (crash) after " + what + ": boot counter " + boots
                + " -> " + hb.bootCounter());
    }
}
