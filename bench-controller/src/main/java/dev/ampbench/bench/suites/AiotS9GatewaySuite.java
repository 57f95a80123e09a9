package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Frames;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.Command;
import dev.ampbench.protocol.aiots9.Paging;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance of an aiot-s9 AIoT function + reader (gateway role) against the bench playing its devices with the
 * protocol module's own device machine. Rules: docs/protocols/aiot-s9.md.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.AIOT_S9, role = Role.INFRASTRUCTURE)
@DisplayName("aiot-s9 gateway")
public class AiotS9GatewaySuite {
    private static final Duration WAIT = Duration.ofSeconds(2);

    private static AiotS9Personalization tag(Dut dut) {
        return dut.secrets(AiotS9Personalization.class).get(0);
    }

    private static AiotS9Device benchTag(Dut dut) {
        return new AiotS9Device(tag(dut), new MachineContext(new SecureRandomSource(), System::currentTimeMillis,
                new InMemoryStore()), Set.of());
    }

    private static byte[] emitted(Dut dut, String action, byte[] args) throws LabFault {
        WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AIOT_S9, action, args));
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " refused ACTION " + action + ": " + r);
        }
        return dut.wire().await(m -> m instanceof WireMessage.AirEmit, WAIT)
                .map(m -> ((WireMessage.AirEmit) m).frame())
                .orElseThrow(() -> new LabFault(dut.name() + " transmitted nothing after ACTION " + action));
    }

    private static Optional<WireMessage> inject(Dut dut, byte[] frame) throws LabFault {
        dut.wire().clearNotifications();
        WireMessage r = dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AIOT_S9, 0, 0x7F, 0xFFFF,
                frame));
        if (!(r instanceof WireMessage.Ack)) {
            return Optional.of(r);
        }
        return dut.wire().await(m -> m instanceof WireMessage.Event e
                && (e.kind() == EventKind.ESTABLISHED || e.kind() == EventKind.REJECTED), Duration.ofMillis(400));
    }

    private static boolean established(Optional<WireMessage> m) {
        return m.isPresent() && m.get() instanceof WireMessage.Event e && e.kind() == EventKind.ESTABLISHED;
    }

    /** The bench tag's transmission in answer to {@code frame}. */
    private static byte[] answer(AiotS9Device tag, byte[] frame) {
        return tag.receive(frame).stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).findFirst()
                .orElseThrow(() -> Verdicts.broken("AIOT-S9-R5", "the bench's device refused the gateway's frame: "
                        + tag.receive(frame)));
    }

    @Test
    @DisplayName("pages a device and authenticates its answer")
    @Checks({"AIOT-S9-R2", "AIOT-S9-R5"})
    void pagingAuthenticates(Dut dut) throws LabFault {
        Transcript t = dut.conductor().runAction(benchTag(dut), "page", tag(dut).deviceId());
        require(!t.fromDut().isEmpty(), "AIOT-S9-R3", "no paging transmitted");
        require(t.counterpartEstablished(), "AIOT-S9-R5", "the bench's device could not authenticate the paging: "
                + t.counterpart());
        require(t.dutEstablished(), "AIOT-S9-R5", "the gateway did not accept a correct paging response: "
                + t.dutReports());
        for (AirFrame f : t.fromDut()) {
            require(Bytes.indexOf(f.bytes(), tag(dut).deviceId()) < 0, "AIOT-S9-R2", "the device ID travels in clear: " + f);
        }
    }

    @Test
    @DisplayName("draws a fresh network nonce for every paging")
    @Checks({"AIOT-S9-R3"})
    void networkNonceFresh(Dut dut) throws LabFault, FrameDecodeException {
        byte[] first = Paging.decode(emitted(dut, "page", tag(dut).deviceId())).networkNonce();
        byte[] second = Paging.decode(emitted(dut, "page", tag(dut).deviceId())).networkNonce();
        require(!Arrays.equals(first, second), "AIOT-S9-R3", "two pagings carried the same network nonce");
    }

    @Test
    @DisplayName("protects a command and accepts the device's response")
    @Checks({"AIOT-S9-R6"})
    void commandRoundTrip(Dut dut) throws LabFault {
        byte[] args = Bytes.concat(new byte[] {(byte) SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY.ordinal()},
                tag(dut).deviceId(), new byte[] {4, 5, 6});
        Transcript t = dut.conductor().runAction(benchTag(dut), "command", args);
        require(t.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver), "AIOT-S9-R6",
                "the bench's device could not verify the command: " + t.counterpart());
        require(t.dutReports().stream().noneMatch(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.REJECTED), "AIOT-S9-R6", "the gateway refused a correct command response: "
                + t.dutReports());
    }

    @Test
    @DisplayName("refuses a paging response whose MAC was corrupted")
    @Checks({"AIOT-S9-R5"})
    void corruptedResponseMacRefused(Dut dut) throws LabFault {
        for (int octetFromEnd : new int[] {1, 8}) {
            AiotS9Device tag = benchTag(dut);
            byte[] response = answer(tag, emitted(dut, "page", tag(dut).deviceId()));
            response[response.length - octetFromEnd] ^= 0x01;
            require(!established(inject(dut, response)), "AIOT-S9-R5",
                    "accepted a paging response whose MAC octet " + (9 - octetFromEnd) + " of 8 was corrupted");
        }
    }

    @Test
    @DisplayName("accepts each paging response once")
    @Checks({"AIOT-S9-R9"})
    void replayedResponseRefused(Dut dut) throws LabFault {
        AiotS9Device tag = benchTag(dut);
        byte[] response = answer(tag, emitted(dut, "page", tag(dut).deviceId()));
        require(established(inject(dut, response)), "AIOT-S9-R5", "refused a correct paging response");
        require(!established(inject(dut, response)), "AIOT-S9-R9", "accepted the same paging response twice");
    }

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"AIOT-S9-R9"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        ReplayAttack.Session session = () -> {
            dut.wire().clearNotifications();
            Transcript paged = dut.conductor().runAction(benchTag(dut), "page", tag(dut).deviceId());
            require(paged.counterpartEstablished() && paged.dutEstablished(), "AIOT-S9-R5", "the session to replay "
                    + "has no accepted paging response: " + paged.frames() + ", reports " + paged.dutReports());
            byte[] args = Bytes.concat(new byte[] {(byte) SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY.ordinal()},
                    tag(dut).deviceId(), new byte[] {7, 7});
            Transcript cmd = dut.conductor().runAction(benchTag(dut), "command", args);
            require(cmd.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver)
                    && cmd.dutRejection().isEmpty(), "AIOT-S9-R6", "the session to replay has no accepted command "
                    + "response: " + cmd.frames() + ", reports " + cmd.dutReports());
            return ReplayAttack.air(paged, cmd);
        };
        ReplayAttack.run(dut, session, ReplayAttack.powerCycleAndNew(dut, session),
                java.util.Map.of("PagingResponse", "AIOT-S9-R9", "CommandResponse", "AIOT-S9-R9"));
    }

    @Test
    @DisplayName("refuses a command response under another policy than its command")
    @Checks({"AIOT-S9-R6"})
    void responseUnderAnotherPolicyRefused(Dut dut) throws LabFault, FrameDecodeException {
        byte[] args = Bytes.concat(new byte[] {(byte) SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY.ordinal()},
                tag(dut).deviceId(), new byte[] {7});
        Command cmd = Command.decode(emitted(dut, "command", args));
        byte[] downgraded = AiotS9Frames.commandResponse(tag(dut), SecurityPolicy.INTEGRITY, cmd.networkNonce(),
                new SecureRandomSource().bytes(8), new byte[] {7}).encode();
        Optional<WireMessage> verdict = inject(dut, downgraded);
        require(verdict.isEmpty() || !(verdict.get() instanceof WireMessage.Event e && e.kind() == EventKind.ESTABLISHED),
                "AIOT-S9-R6", "accepted a response under INTEGRITY to a command under CONFIDENTIALITY_AND_INTEGRITY");
    }

    @Test
    @DisplayName("survives truncated and oversized frames")
    @Checks({"AIOT-S9-R1"})
    void malformedFramesSurvived(Dut dut) throws LabFault {
        long boots = dut.wire().bootCounter();
        AiotS9Device tag = benchTag(dut);
        byte[] response = answer(tag, emitted(dut, "page", tag(dut).deviceId()));
        require(!established(inject(dut, Arrays.copyOf(response, response.length - 5))), "AIOT-S9-R1",
                "accepted a truncated paging response");
        byte[] huge = new byte[400];
        huge[0] = 0x02;
        Optional<WireMessage> r;
        try {
            r = inject(dut, huge);
        } catch (NoResponse silent) {
            LoRaWanAir.recover(dut); // power-cycle the hung DUT (any profile) so the next test finds it alive
            throw Verdicts.broken("AIOT-S9-R1", "hung on a 400-octet frame: " + silent.getMessage());
        }
        require(r.isEmpty() || r.get() instanceof WireMessage.ErrorResponse e
                && e.knownCode().equals(Optional.of(ErrorCode.TOO_LARGE)) || !established(r), "AIOT-S9-R1",
                "answered a 400-octet frame with " + r);
        WireMessage.HeartbeatAck hb;
        try {
            hb = dut.wire().call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        } catch (NoResponse silent) {
            LoRaWanAir.recover(dut); // power-cycle the hung DUT (any profile) so the next test finds it alive
            throw Verdicts.broken("AIOT-S9-R1", "stopped answering after malformed frames (hang)");
        }
        require(hb.bootCounter() == boots, "AIOT-S9-R1", "rebooted after malformed frames (crash): boot counter "
                + boots + " -> " + hb.bootCounter());
    }
}
