package dev.ampbench.bench.suites;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.Aes;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.opentest4j.TestAbortedException;

/**
 * What both lorawan suites do on the bench wire (docs/emulator/lorawan.md): inject a frame and watch for the first
 * decisive answer, act, power-cycle, read a counter record, and open or re-seal a JoinAccept with the bench's copy
 * of the root key to forge the negative cases.
 */
final class LoRaWanAir {
    /** How long a DUT has to react to a frame before its silence counts as ignoring it (the conductor's quiet). */
    static final Duration QUIET = Duration.ofMillis(300);
    /** How long a DUT has to show a frame that answers (AIR_EMIT) or a report it owes (EVENT, LOG). */
    static final Duration ANSWER = Duration.ofSeconds(1);
    static final String ACTION_SEND = "send";
    static final String ACTION_JOIN = "join";

    private LoRaWanAir() {
    }

    /** Injects one frame; returns the DUT's answer to the AIR_INJECT itself (ACK, or an ERROR that is evidence). */
    static WireMessage inject(Dut dut, byte[] frame) throws LabFault {
        return dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.LORAWAN, 0, 0x7F, 0xFFFF, frame));
    }

    static WireMessage action(Dut dut, String name, byte[] args) throws LabFault {
        return dut.wire().request(tid -> new WireMessage.Action(tid, Profile.LORAWAN, name, args));
    }

    /** An action the test needs to proceed: a refusal here is the DUT's answer, so it is reported, with the rule. */
    static void actionOk(Dut dut, String name, byte[] args, String rule, String why) throws LabFault {
        WireMessage r = action(dut, name, args);
        Verdicts.require(r instanceof WireMessage.Ack, rule, why + ": ACTION " + name + " " + Hex.encode(args)
                + " answered " + describe(r));
    }

    /**
     * The first decisive thing the DUT shows within {@code wait}: a frame on the air, EVENT ESTABLISHED, REJECTED or
     * BOOT, or the LOG line of delivered application data. Empty: it stayed silent.
     */
    static Optional<WireMessage> watch(Dut dut, Duration wait) throws LabFault {
        return dut.wire().await(LoRaWanAir::decisive, wait);
    }

    static boolean decisive(WireMessage m) {
        return m instanceof WireMessage.AirEmit || delivered(m) || m instanceof WireMessage.Event e
                && (e.kind() == EventKind.ESTABLISHED || e.kind() == EventKind.REJECTED || e.kind() == EventKind.BOOT);
    }

    static boolean delivered(WireMessage m) {
        return m instanceof WireMessage.Log l && l.text().startsWith("delivered");
    }

    static boolean event(WireMessage m, EventKind kind) {
        return m instanceof WireMessage.Event e && e.kind() == kind;
    }

    static String describe(WireMessage m) {
        if (m instanceof WireMessage.AirEmit a) {
            return "AIR_EMIT " + Hex.encode(a.frame());
        }
        if (m instanceof WireMessage.Event e) {
            return "EVENT " + e.kind() + " '" + e.name() + "'";
        }
        if (m instanceof WireMessage.Log l) {
            return "LOG '" + l.text() + "'";
        }
        if (m instanceof WireMessage.ErrorResponse e) {
            return "ERROR " + e.knownCode().map(Enum::name).orElse("0x" + Integer.toHexString(e.code())) + " ("
                    + e.text() + ")";
        }
        return String.valueOf(m.messageType());
    }

    static String describe(Optional<WireMessage> m) {
        return m.map(LoRaWanAir::describe).orElse("silence");
    }

    /** The frames among a machine's effects (the first one), or null. */
    static byte[] transmitted(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Transmit).map(e -> ((Effect.Transmit) e).frame())
                .findFirst().orElse(null);
    }

    static Optional<Effect.Rejected> rejection(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Rejected).map(e -> (Effect.Rejected) e).findFirst();
    }

    static Optional<byte[]> deliveredPayload(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst();
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    /** The power switch, or an abort naming the missing switch: a lab without one cannot run the test. */
    static PowerSwitch power(Dut dut) {
        return dut.power().orElseThrow(() -> new TestAbortedException("the lab has no power switch for "
                + dut.name() + ": the power-loss rules cannot be checked"));
    }

    /** Power off, on, and the EVENT BOOT of the new boot; the boot counter must advance (WIRE-R12). */
    static void powerCycle(Dut dut, PowerSwitch power) throws LabFault {
        long boots = dut.wire().bootCounter();
        power.off();
        powerOnAndBoot(dut, power, boots);
    }

    static void powerOnAndBoot(Dut dut, PowerSwitch power, long bootsBefore) throws LabFault {
        power.on();
        dut.wire().await(m -> event(m, EventKind.BOOT), Duration.ofSeconds(5))
                .orElseThrow(() -> new LabFault(dut.name() + " did not boot after its power returned"));
        Verdicts.require(dut.wire().bootCounter() > bootsBefore, "WIRE-R12",
                "the boot counter did not advance across a power cycle");
        dut.wire().clearNotifications();
    }

    /**
     * After a malformed frame: the DUT still answers a heartbeat (no hang) with the same boot counter (no crash). A
     * hung DUT is power-cycled, when the lab can, so that the rest of the suite still runs.
     */
    static void stillAlive(Dut dut, long boots, String what) throws LabFault {
        WireMessage.HeartbeatAck hb;
        try {
            hb = dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        } catch (NoResponse silent) {
            recover(dut);
            throw Verdicts.broken("LORAWAN-R1", "stopped answering (even HEARTBEAT) after " + what + " (hang)");
        }
        Verdicts.require(hb.bootCounter() == boots, "LORAWAN-R1", "rebooted after " + what + " (crash): boot counter "
                + boots + " -> " + hb.bootCounter());
    }

    /** Best effort: power-cycles a hung DUT so the next test finds it alive. */
    static void recover(Dut dut) {
        dut.power().ifPresent(p -> {
            try {
                powerCycle(dut, p);
            } catch (LabFault | AssertionError ignored) {
                // the verdict already says what went wrong; the next test reports a DUT that stays down
            }
        });
    }

    /**
     * Injects a malformed frame and checks it is refused without a crash or a hang. ERROR TOO_LARGE (the radio
     * cannot take it) and ACK are both acceptable answers to the AIR_INJECT; what the DUT may not do is act on it.
     */
    static void malformedSurvived(Dut dut, byte[] frame, String what) throws LabFault {
        long boots = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        WireMessage r;
        try {
            r = inject(dut, frame);
        } catch (NoResponse silent) {
            recover(dut);
            throw Verdicts.broken("LORAWAN-R1", "hung on " + what + " (" + frame.length + " octets): "
                    + silent.getMessage());
        }
        Verdicts.require(r instanceof WireMessage.Ack || r instanceof WireMessage.ErrorResponse e
                && e.knownCode().equals(Optional.of(ErrorCode.TOO_LARGE)), "LORAWAN-R1",
                "answered " + what + " with " + describe(r));
        stillAlive(dut, boots, what);
        Optional<WireMessage> seen = r instanceof WireMessage.Ack ? watch(dut, QUIET) : Optional.empty();
        Verdicts.require(seen.isEmpty() || event(seen.get(), EventKind.REJECTED), "LORAWAN-R1",
                "acted on " + what + " " + Hex.encode(frame) + ": " + describe(seen));
    }

    /** A JoinAccept decrypted as the device does (docs §6.2): MHDR, then aes_encrypt(NwkKey, EncryptedPayload). */
    static byte[] openJoinAccept(KeyMaterial nwkKey, byte[] frame) {
        byte[] plain = new byte[frame.length];
        plain[0] = frame[0];
        byte[] body = Aes.ecbEncrypt(nwkKey, Arrays.copyOfRange(frame, 1, frame.length));
        System.arraycopy(body, 0, plain, 1, body.length);
        return plain;
    }

    /** The inverse of {@link #openJoinAccept}: what the Join Server puts on the air for a plaintext JoinAccept. */
    static byte[] sealJoinAccept(KeyMaterial nwkKey, byte[] plain) {
        byte[] frame = new byte[plain.length];
        frame[0] = plain[0];
        byte[] body = Aes.ecbDecrypt(nwkKey, Arrays.copyOfRange(plain, 1, plain.length));
        System.arraycopy(body, 0, frame, 1, body.length);
        return frame;
    }

    /** The JoinNonce (3 octets LE at offset 1) of a decrypted JoinAccept. */
    static int joinNonce(byte[] plainJoinAccept) {
        return (plainJoinAccept[1] & 0xff) | (plainJoinAccept[2] & 0xff) << 8 | (plainJoinAccept[3] & 0xff) << 16;
    }

    /** A copy of a frame whose MIC octet {@code octet} (0..3, in air order) is flipped. */
    static byte[] micOctetFlipped(byte[] frame, int octet) {
        byte[] f = frame.clone();
        f[f.length - 4 + octet] ^= 0x5a;
        return f;
    }
}
