package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Frames;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.PagingResponse;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Conformance of an aiot-s9 device (tag role) against the bench playing the AIoT function and reader with the
 * protocol module's own machine. Rules: docs/protocols/aiot-s9.md.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.AIOT_S9, role = Role.DEVICE)
@DisplayName("aiot-s9 tag")
public class AiotS9TagSuite {

    private static AiotS9Personalization me(Dut dut) {
        return dut.secrets(AiotS9Personalization.class).get(0);
    }

    private static AiotS9Infrastructure aiotf(Dut dut) {
        return new AiotS9Infrastructure(dut.secrets(AiotS9Personalization.class),
                new MachineContext(new SecureRandomSource(), System::currentTimeMillis, new InMemoryStore()), Set.of());
    }

    private static byte[] freshNonce() {
        return new SecureRandomSource().bytes(8);
    }

    /** Injects one frame; returns what the DUT transmitted in answer (null for silence). */
    private static byte[] answerTo(Dut dut, byte[] frame) throws LabFault {
        Transcript t = dut.conductor().run(aiotf(dut), List.of(new Effect.Transmit(frame)));
        List<AirFrame> out = t.fromDut();
        return out.isEmpty() ? null : out.get(0).bytes();
    }

    @Test
    @DisplayName("answers a paging and authenticates the network")
    @Checks({"AIOT-S9-R2", "AIOT-S9-R5"})
    void pagingAuthenticates(Dut dut) throws LabFault {
        AiotS9Infrastructure net = aiotf(dut);
        Transcript t = dut.conductor().run(net, net.page(me(dut).deviceId()));
        require(!t.fromDut().isEmpty(), "AIOT-S9-R5", "no answer to a correctly protected paging");
        t.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench's AIoTF refused the answer: " + r.reason());
        });
        require(t.counterpartEstablished(), "AIOT-S9-R2", "the answer did not authenticate the device");
        byte[] id = me(dut).deviceId();
        for (AirFrame f : t.fromDut()) {
            require(Bytes.indexOf(f.bytes(), id) < 0, "AIOT-S9-R2", "the device ID travels in clear: " + f);
        }
    }

    @Test
    @DisplayName("executes a command under each policy at or above its minimum")
    @Checks({"AIOT-S9-R6"})
    void commandsUnderAcceptedPolicies(Dut dut) throws LabFault {
        for (SecurityPolicy p : List.of(SecurityPolicy.INTEGRITY, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY)) {
            AiotS9Infrastructure net = aiotf(dut);
            Transcript t = dut.conductor().run(net, net.command(me(dut).deviceId(), p, new byte[] {1, 2, 3}));
            t.counterpartRejection().ifPresent(r -> {
                throw Verdicts.broken(r.rule().id(), "command under " + p + ": " + r.reason());
            });
            require(t.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver), "AIOT-S9-R6",
                    "no valid command response under " + p);
        }
    }

    @Test
    @DisplayName("refuses a paging whose MAC was corrupted")
    @Checks({"AIOT-S9-R5"})
    void corruptedMacRefused(Dut dut) throws LabFault {
        for (int octetFromEnd : new int[] {1, 8}) {
            byte[] paging = AiotS9Frames.paging(me(dut), freshNonce()).encode();
            paging[paging.length - octetFromEnd] ^= 0x01;
            require(answerTo(dut, paging) == null, "AIOT-S9-R5",
                    "answered a paging whose MAC octet " + (9 - octetFromEnd) + " of 8 was corrupted");
        }
    }

    @Test
    @DisplayName("refuses a replayed paging")
    @Checks({"AIOT-S9-R7"})
    void replayRefused(Dut dut) throws LabFault {
        byte[] paging = AiotS9Frames.paging(me(dut), freshNonce()).encode();
        require(answerTo(dut, paging) != null, "AIOT-S9-R5", "no answer to a correct paging");
        require(answerTo(dut, paging) == null, "AIOT-S9-R7", "answered the same paging (same network nonce) twice");
    }

    /**
     * R7 holds "since power-on": a device may keep accepted NetworkNonces in RAM only, so the fresh session here is a
     * new paging and command in the same power-on, not a power cycle (docs/replay.md).
     */
    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"AIOT-S9-R7"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        ReplayAttack.Session session = () -> {
            AiotS9Infrastructure net = aiotf(dut);
            dut.wire().clearNotifications();
            Transcript paged = dut.conductor().run(net, net.page(me(dut).deviceId()));
            require(paged.counterpartEstablished(), "AIOT-S9-R5", "the session to replay has no authenticated "
                    + "paging response: " + paged.frames());
            Transcript cmd = dut.conductor().run(net, net.command(me(dut).deviceId(),
                    SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY, new byte[] {9, 8, 7}));
            require(cmd.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver), "AIOT-S9-R6",
                    "the session to replay has no valid command response: " + cmd.frames());
            return ReplayAttack.air(paged, cmd);
        };
        ReplayAttack.run(dut, session, () -> {
            session.run();
            return "after a new paging and command, in the same power-on";
        }, java.util.Map.of("Paging", "AIOT-S9-R7", "Command", "AIOT-S9-R7"));
    }

    @Test
    @DisplayName("ignores a paging for another device")
    @Checks({"AIOT-S9-R8"})
    void foreignPagingIgnored(Dut dut) throws LabFault {
        byte[] otherId = me(dut).deviceId();
        otherId[7] ^= 0x5a;
        AiotS9Personalization other = AiotS9Personalization.of(otherId,
                KeyMaterial.of(new SecureRandomSource().bytes(16)));
        require(answerTo(dut, AiotS9Frames.paging(other, freshNonce()).encode()) == null, "AIOT-S9-R8",
                "answered a paging addressed to another device");
    }

    @Test
    @DisplayName("refuses a command whose security policy is below its minimum")
    @Checks({"AIOT-S9-R6"})
    void downgradedCommandRefused(Dut dut) throws LabFault {
        AiotS9Personalization p = me(dut);
        if (p.minimumPolicy() == SecurityPolicy.NONE) {
            throw new TestAbortedException("this DUT's minimum policy is NONE: nothing to downgrade");
        }
        byte[] cmd = AiotS9Frames.command(p, SecurityPolicy.NONE, freshNonce(), new byte[] {9}).encode();
        require(answerTo(dut, cmd) == null, "AIOT-S9-R6", "executed a command under policy NONE, below "
                + p.minimumPolicy());
    }

    @Test
    @DisplayName("draws a fresh device nonce for every paging")
    @Checks({"AIOT-S9-R4"})
    void deviceNonceFresh(Dut dut) throws LabFault, FrameDecodeException {
        byte[] first = answerTo(dut, AiotS9Frames.paging(me(dut), freshNonce()).encode());
        byte[] second = answerTo(dut, AiotS9Frames.paging(me(dut), freshNonce()).encode());
        require(first != null && second != null, "AIOT-S9-R5", "no answer to a correct paging");
        require(!Arrays.equals(PagingResponse.decode(first).deviceNonce(), PagingResponse.decode(second).deviceNonce()),
                "AIOT-S9-R4", "the same device nonce answered two pagings");
    }

    @Test
    @DisplayName("draws a fresh device nonce after power loss")
    @Checks({"AIOT-S9-R4"})
    void deviceNonceFreshAcrossPowerLoss(Dut dut) throws LabFault, FrameDecodeException {
        PowerSwitch power = dut.power().orElseThrow(() ->
                new TestAbortedException("the lab has no power switch for " + dut.name()));
        // A device that reseeds its generator at boot repeats the first nonce of every power-on: compare those.
        byte[] first = firstNonceAfterPowerCycle(dut, power);
        byte[] second = firstNonceAfterPowerCycle(dut, power);
        require(!Arrays.equals(first, second), "AIOT-S9-R4",
                "the first device nonce after a power cycle repeats the one after the previous power cycle");
    }

    private static byte[] firstNonceAfterPowerCycle(Dut dut, PowerSwitch power) throws LabFault, FrameDecodeException {
        long boots = dut.wire().bootCounter();
        power.off();
        power.on();
        dut.wire().await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT, Duration.ofSeconds(5))
                .orElseThrow(() -> new LabFault(dut.name() + " did not boot after its power returned"));
        require(dut.wire().bootCounter() > boots, "WIRE-R12", "the boot counter did not advance across a power cycle");
        byte[] answer = answerTo(dut, AiotS9Frames.paging(me(dut), freshNonce()).encode());
        require(answer != null, "AIOT-S9-R5", "no answer to a correct paging after power returned");
        return PagingResponse.decode(answer).deviceNonce();
    }

    @Test
    @DisplayName("survives a truncated frame")
    @Checks({"AIOT-S9-R1"})
    void truncatedFrameSurvived(Dut dut) throws LabFault {
        byte[] paging = AiotS9Frames.paging(me(dut), freshNonce()).encode();
        long boots = dut.wire().bootCounter();
        require(answerTo(dut, Arrays.copyOf(paging, paging.length - 5)) == null, "AIOT-S9-R1",
                "answered a truncated paging");
        stillAlive(dut, boots, "a truncated frame");
    }

    @Test
    @DisplayName("survives a frame longer than any it accepts")
    @Checks({"AIOT-S9-R1"})
    void oversizedFrameSurvived(Dut dut) throws LabFault {
        long boots = dut.wire().bootCounter();
        byte[] huge = new byte[400];
        huge[0] = 0x01; // a paging's type, then far too much
        WireMessage r;
        try {
            r = dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AIOT_S9, 0, 0x7F, 0xFFFF, huge));
        } catch (dev.ampbench.bench.session.NoResponse silent) {
            LoRaWanAir.recover(dut); // power-cycle the hung DUT (any profile) so the next test finds it alive
            throw Verdicts.broken("AIOT-S9-R1", "hung on a 400-octet frame: " + silent.getMessage());
        }
        require(r instanceof WireMessage.Ack || r instanceof WireMessage.ErrorResponse e
                && e.knownCode().equals(java.util.Optional.of(ErrorCode.TOO_LARGE)), "AIOT-S9-R1",
                "answered a 400-octet frame with " + r);
        stillAlive(dut, boots, "a 400-octet frame");
    }

    private static void stillAlive(Dut dut, long boots, String what) throws LabFault {
        WireMessage.HeartbeatAck hb;
        try {
            hb = dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        } catch (dev.ampbench.bench.session.NoResponse silent) {
            LoRaWanAir.recover(dut); // power-cycle the hung DUT (any profile) so the next test finds it alive
            throw Verdicts.broken("AIOT-S9-R1", "stopped answering after " + what + " (hang)");
        }
        require(hb.bootCounter() == boots, "AIOT-S9-R1", "rebooted after " + what + " (crash): boot counter "
                + boots + " -> " + hb.bootCounter());
    }
}
