package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.LoRaWanAir.ACTION_SEND;
import static dev.ampbench.bench.suites.LoRaWanAir.ANSWER;
import static dev.ampbench.bench.suites.LoRaWanAir.QUIET;
import static dev.ampbench.bench.suites.LoRaWanAir.describe;
import static dev.ampbench.bench.suites.LoRaWanAir.event;
import static dev.ampbench.bench.suites.LoRaWanAir.transmitted;
import static dev.ampbench.bench.suites.LoRaWanAir.watch;
import static dev.ampbench.bench.suites.Verdicts.broken;
import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.CounterRecord;
import dev.ampbench.protocol.lorawan.DataFrame;
import dev.ampbench.protocol.lorawan.Ids;
import dev.ampbench.protocol.lorawan.JoinRequest;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Conformance of a LoRaWAN network server + Join Server (gateway role) against the bench playing the end devices it
 * serves with the protocol module's own {@link LoRaWanDevice}, one per personalization record in the DUT's secrets.
 * Rules: docs/protocols/lorawan.md; what the DUT reports on the wire: docs/emulator/lorawan.md.
 *
 * <p>A bench tag's DevNonce counter starts above the Join Server's record for it ({@code lorawan.js.<DevEUI>.devnonce},
 * read with NV_READ; 0 when the DUT has none), so that every test's join is fresh for a Join Server that remembers
 * every earlier one.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.LORAWAN, role = Role.INFRASTRUCTURE)
@DisplayName("lorawan gateway")
public class LoRaWanGatewaySuite {

    private static List<LoRaWanPersonalization> served(Dut dut) {
        return dut.secrets(LoRaWanPersonalization.class);
    }

    /** The first served device of {@code version}, or the first of all when it serves none of that version. */
    private static LoRaWanPersonalization one(Dut dut, LoRaWanVersion version) {
        return served(dut).stream().filter(p -> p.version() == version).findFirst().orElse(served(dut).get(0));
    }

    private static byte[] payload() {
        return new SecureRandomSource().bytes(8);
    }

    private static MachineContext context(InMemoryStore store) {
        return new MachineContext(new SecureRandomSource(), System::currentTimeMillis, store);
    }

    /** A bench tag for {@code p} whose next DevNonce is above the last one the DUT's Join Server accepted. */
    private static LoRaWanDevice tag(Dut dut, LoRaWanPersonalization p) throws LabFault {
        InMemoryStore store = new InMemoryStore();
        OptionalLong last = CounterRecord.decode(dut.nvRead(LoRaWanNetwork.devNonceRecord(p.devEui())));
        if (last.isPresent()) {
            require(last.getAsLong() < 0xffff, "LORAWAN-R3", "the Join Server's record "
                    + LoRaWanNetwork.devNonceRecord(p.devEui()) + " says the last accepted DevNonce is " + last.getAsLong()
                    + ", at or beyond the end of the 16-bit DevNonce space: DevEUI " + Ids.eui(p.devEui())
                    + " can never join again");
            store.write(LoRaWanDevice.NVM_DEV_NONCE, CounterRecord.encode(last.getAsLong() + 1));
        }
        return new LoRaWanDevice(p, context(store), Set.of());
    }

    /** Injects a frame (after clearing old notifications) and returns the first decisive thing the DUT shows. */
    private static Optional<WireMessage> offer(Dut dut, byte[] frame, java.time.Duration wait) throws LabFault {
        dut.wire().clearNotifications();
        WireMessage r = LoRaWanAir.inject(dut, frame);
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " answered AIR_INJECT of " + Hex.encode(frame) + " with " + describe(r));
        }
        return watch(dut, wait);
    }

    private static boolean answered(Optional<WireMessage> m) {
        return m.isPresent() && (m.get() instanceof WireMessage.AirEmit || event(m.get(), EventKind.ESTABLISHED));
    }

    private static boolean isDelivered(Optional<WireMessage> m) {
        return m.isPresent() && LoRaWanAir.delivered(m.get());
    }

    /** A join that must succeed. */
    private record Joined(byte[] request, byte[] accept, int devAddr) {
    }

    private static Joined join(Dut dut, LoRaWanDevice tag) throws LabFault {
        byte[] request = transmitted(tag.join());
        Optional<WireMessage> seen = offer(dut, request, ANSWER);
        if (seen.isEmpty() || !(seen.get() instanceof WireMessage.AirEmit emit)) {
            String named = seen.filter(m -> event(m, EventKind.REJECTED)).map(m -> ((WireMessage.Event) m).name())
                    .filter(n -> n.startsWith("LORAWAN-")).orElse("LORAWAN-R9");
            throw broken(named, "no JoinAccept for a correct JoinRequest " + Hex.encode(request) + " of served DevEUI "
                    + Ids.eui(tag.personalization().devEui()) + ": " + describe(seen));
        }
        byte[] accept = emit.frame();
        // Its EVENT ESTABLISHED follows the JoinAccept: take it now, so it is not mistaken for an answer later.
        dut.wire().await(m -> event(m, EventKind.ESTABLISHED), ANSWER);
        List<Effect> verdict = tag.receive(accept);
        Optional<Effect.Rejected> refused = LoRaWanAir.rejection(verdict);
        if (refused.isPresent()) {
            throw broken(refused.get().rule().id(), "the bench's tag refused the JoinAccept " + Hex.encode(accept)
                    + " answering " + Hex.encode(request) + ": " + refused.get().reason());
        }
        require(LoRaWanAir.established(verdict), "LORAWAN-R1", "the JoinAccept " + Hex.encode(accept)
                + " did not establish the bench's tag: " + verdict);
        return new Joined(request, accept, tag.devAddr().orElseThrow());
    }

    /** An uplink the gateway must deliver. */
    private static void delivered(Dut dut, byte[] uplink) throws LabFault {
        Optional<WireMessage> seen = offer(dut, uplink, ANSWER);
        require(isDelivered(seen), seen.filter(m -> event(m, EventKind.REJECTED))
                .map(m -> ((WireMessage.Event) m).name()).filter(n -> n.startsWith("LORAWAN-")).orElse("LORAWAN-R4"),
                "a correct uplink " + Hex.encode(uplink) + " was not delivered: " + describe(seen));
    }

    private static byte[] downlinkArgs(int devAddr, int fPort, boolean confirmed, byte[] data) {
        return ByteBuffer.allocate(6 + data.length).order(ByteOrder.LITTLE_ENDIAN).putInt(devAddr).put((byte) fPort)
                .put((byte) (confirmed ? 1 : 0)).put(data).array();
    }

    private static int joinNonce(LoRaWanPersonalization p, byte[] accept) {
        return LoRaWanAir.joinNonce(LoRaWanAir.openJoinAccept(p.nwkKey(), accept));
    }

    // ------------------------------------------------------------------------------------------- positive cases

    @Test
    @DisplayName("answers the JoinRequest of each LoRaWAN version it serves with a JoinAccept the device accepts")
    @Checks({"LORAWAN-R1", "LORAWAN-R4", "LORAWAN-R12"})
    void servesJoins(Dut dut) throws LabFault {
        for (LoRaWanVersion v : LoRaWanVersion.values()) {
            LoRaWanPersonalization p = one(dut, v);
            if (p.version() != v) {
                continue;
            }
            LoRaWanDevice tag = tag(dut, p);
            dut.wire().clearNotifications();
            Transcript t = dut.conductor().run(tag, tag.join());
            t.counterpartRejection().ifPresent(r -> {
                throw broken(r.rule().id(), "the bench's " + v.label() + " tag refused the JoinAccept: "
                        + r.reason() + " " + t.frames());
            });
            require(!t.fromDut().isEmpty(), t.dutRejection().orElse("LORAWAN-R9"), "no JoinAccept for the correct "
                    + v.label() + " JoinRequest " + t.frames() + ", reports " + t.dutReports());
            require(t.counterpartEstablished(), "LORAWAN-R4", "the " + v.label() + " JoinAccept did not establish "
                    + "the bench's tag: " + t.frames());
            require(t.dutEstablished(), "LORAWAN-R4", "the gateway did not report ESTABLISHED for the "
                    + v.label() + " join: " + t.dutReports());
            for (AirFrame f : t.fromDut()) {
                require(Bytes.indexOf(f.bytes(), p.appKey().bytes()) < 0
                        && Bytes.indexOf(f.bytes(), p.nwkKey().bytes()) < 0, "LORAWAN-R12",
                        "a root key travels on the air: " + f);
            }
        }
    }

    @Test
    @DisplayName("exchanges application data both ways, acknowledging a confirmed uplink")
    @Checks({"LORAWAN-R4", "LORAWAN-R6", "LORAWAN-R7"})
    void dataBothWays(Dut dut) throws LabFault {
        for (LoRaWanVersion v : LoRaWanVersion.values()) {
            LoRaWanPersonalization p = one(dut, v);
            if (p.version() != v) {
                continue;
            }
            LoRaWanDevice tag = tag(dut, p);
            int devAddr = join(dut, tag).devAddr();
            delivered(dut, transmitted(tag.sendData(payload(), 1, false)));
            // A confirmed uplink through the conductor: the gateway's ACK downlink goes back to the bench's tag.
            dut.wire().clearNotifications();
            Transcript confirmed = dut.conductor().run(tag, tag.sendData(payload(), 2, true));
            confirmed.counterpartRejection().ifPresent(r -> {
                throw broken(r.rule().id(), "the bench's tag refused the gateway's downlink: " + r.reason());
            });
            require(confirmed.fromDut().size() == 1, "LORAWAN-R4", v.label() + ": a ConfirmedDataUp must be "
                    + "acknowledged by one downlink; the air: " + confirmed.frames());
            DataFrame ack = decode(confirmed.fromDut().get(0).bytes());
            require(ack.ack() && !ack.uplink(), "LORAWAN-R4", "the answer to a ConfirmedDataUp is not a downlink "
                    + "with ACK set: " + ack);
            require(ack.fCnt16() == 0, "LORAWAN-R6", v.label() + ": the first downlink after a join has FCnt "
                    + ack.fCnt16() + ", not 0: " + ack);
            // A downlink the gateway sends on ACTION send, delivered by the bench's tag.
            byte[] data = payload();
            dut.wire().clearNotifications();
            Transcript down = dut.conductor().runAction(tag, ACTION_SEND, downlinkArgs(devAddr, 3, false, data));
            down.counterpartRejection().ifPresent(r -> {
                throw broken(r.rule().id(), "the bench's tag refused the gateway's downlink: " + r.reason() + " "
                        + down.frames());
            });
            require(down.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver d
                    && Arrays.equals(d.payload(), data)), "LORAWAN-R4", "the downlink did not deliver "
                    + Hex.encode(data) + " to the bench's tag: " + down.frames());
        }
    }

    private static DataFrame decode(byte[] bytes) {
        try {
            return DataFrame.decode(bytes);
        } catch (FrameDecodeException e) {
            throw broken("LORAWAN-R1", Hex.encode(bytes) + " is not a data frame: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ MIC (R4)

    @Test
    @DisplayName("refuses a JoinRequest whose MIC was corrupted, in its first or its last octet")
    @Checks({"LORAWAN-R4"})
    void corruptedJoinRequestMicRefused(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_0_4));
        for (int octet : new int[] {0, 3}) {
            byte[] forged = LoRaWanAir.micOctetFlipped(transmitted(tag.join()), octet);
            Optional<WireMessage> seen = offer(dut, forged, ANSWER);
            require(!answered(seen), "LORAWAN-R4", "answered the JoinRequest " + Hex.encode(forged) + " whose MIC "
                    + "octet " + (octet + 1) + " of 4 was corrupted: " + describe(seen));
        }
    }

    @Test
    @DisplayName("refuses a JoinRequest of a served device signed with another key")
    @Checks({"LORAWAN-R4"})
    void joinRequestUnderWrongKeyRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_1);
        SecureRandomSource random = new SecureRandomSource();
        KeyMaterial k1 = KeyMaterial.of(random.bytes(16));
        LoRaWanPersonalization impostor = p.version() == LoRaWanVersion.V1_1
                ? LoRaWanPersonalization.v1_1(p.devEui(), p.joinEui(), k1, KeyMaterial.of(random.bytes(16)))
                : LoRaWanPersonalization.v1_0_4(p.devEui(), p.joinEui(), k1);
        byte[] forged = transmitted(tag(dut, impostor).join());
        Optional<WireMessage> seen = offer(dut, forged, ANSWER);
        require(!answered(seen), "LORAWAN-R4", "answered the JoinRequest " + Hex.encode(forged) + " of DevEUI "
                + Ids.eui(p.devEui()) + " signed with a key that is not the device's: " + describe(seen));
    }

    @Test
    @DisplayName("refuses an uplink whose MIC was corrupted, in its first or its last octet")
    @Checks({"LORAWAN-R4"})
    void corruptedUplinkMicRefused(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_1));
        join(dut, tag);
        for (int octet : new int[] {0, 3}) {
            byte[] forged = LoRaWanAir.micOctetFlipped(transmitted(tag.sendData(payload(), 1, false)), octet);
            Optional<WireMessage> seen = offer(dut, forged, ANSWER);
            require(!isDelivered(seen), "LORAWAN-R4", "delivered the uplink " + Hex.encode(forged) + " whose MIC "
                    + "octet " + (octet + 1) + " of 4 was corrupted");
        }
    }

    // --------------------------------------------------------------------------------------- replay (R3, R5, R7)

    @Test
    @DisplayName("refuses a replayed JoinRequest and one with an older DevNonce")
    @Checks({"LORAWAN-R3"})
    void staleJoinRequestsRefused(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_0_4));
        Joined older = join(dut, tag);
        Joined last = join(dut, tag);
        for (Joined j : List.of(last, older)) {
            Optional<WireMessage> seen = offer(dut, j.request(), ANSWER);
            require(!answered(seen), "LORAWAN-R3", "answered the JoinRequest " + Hex.encode(j.request())
                    + (j == last ? " (a replay of the last one it accepted)" : " (DevNonce below the last accepted)")
                    + ": " + describe(seen));
        }
    }

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"LORAWAN-R3", "LORAWAN-R7"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_0_4);
        ReplayAttack.Session session = () -> {
            LoRaWanDevice tag = tag(dut, p);
            dut.wire().clearNotifications();
            Transcript joined = dut.conductor().run(tag, tag.join());
            require(joined.counterpartEstablished(), "LORAWAN-R4", "the session to replay did not join: "
                    + joined.frames() + ", reports " + joined.dutReports());
            Transcript up = dut.conductor().run(tag, tag.sendData(payload(), 1, false));
            return ReplayAttack.air(joined, up);
        };
        ReplayAttack.run(dut, session, ReplayAttack.powerCycleAndNew(dut, session), java.util.Map.of(
                "JoinRequest", "LORAWAN-R3", "UnconfirmedDataUp", "LORAWAN-R7", "ConfirmedDataUp", "LORAWAN-R7"));
    }

    @Test
    @DisplayName("refuses a replayed uplink")
    @Checks({"LORAWAN-R7"})
    void replayedUplinkRefused(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_0_4));
        join(dut, tag);
        byte[] up = transmitted(tag.sendData(payload(), 4, false));
        delivered(dut, up);
        Optional<WireMessage> again = offer(dut, up, ANSWER);
        require(!isDelivered(again), "LORAWAN-R7", "delivered the same uplink " + Hex.encode(up) + " (FCnt "
                + decode(up).fCnt16() + ") twice");
    }

    @Test
    @DisplayName("refuses an uplink whose frame counter went back")
    @Checks({"LORAWAN-R7"})
    void uplinkCounterRollbackRefused(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_1));
        join(dut, tag);
        byte[] older = transmitted(tag.sendData(payload(), 5, false));
        byte[] newer = transmitted(tag.sendData(payload(), 5, false));
        delivered(dut, newer);
        Optional<WireMessage> back = offer(dut, older, ANSWER);
        require(!isDelivered(back), "LORAWAN-R7", "delivered uplink FCnt " + decode(older).fCnt16() + " after FCnt "
                + decode(newer).fCnt16() + ": " + Hex.encode(older));
    }

    @Test
    @DisplayName("issues a greater JoinNonce at every join of a device")
    @Checks({"LORAWAN-R5"})
    void joinNonceIncreases(Dut dut) throws LabFault {
        // A 1.0.4 device cannot tell a repeated JoinNonce: the bench decrypts the JoinAccepts and compares.
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_0_4);
        LoRaWanDevice tag = tag(dut, p);
        int first = joinNonce(p, join(dut, tag).accept());
        int second = joinNonce(p, join(dut, tag).accept());
        require(second > first, "LORAWAN-R5", "JoinNonce " + second + " follows JoinNonce " + first + " for DevEUI "
                + Ids.eui(p.devEui()));
    }

    // ---------------------------------------------------------------------------------------------- DevAddr (R9)

    @Test
    @DisplayName("ignores JoinRequests it does not serve and uplinks from foreign and broadcast DevAddrs")
    @Checks({"LORAWAN-R9"})
    void foreignFramesIgnored(Dut dut) throws LabFault {
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_0_4);
        SecureRandomSource random = new SecureRandomSource();
        long strangerEui = ByteBuffer.wrap(random.bytes(8)).getLong();
        List<byte[]> frames = new ArrayList<>();
        // An unknown DevEUI, and a served DevEUI under a JoinEUI the DUT does not serve it under.
        frames.add(transmitted(new LoRaWanDevice(LoRaWanPersonalization.v1_0_4(strangerEui, p.joinEui(),
                KeyMaterial.of(random.bytes(16))), context(new InMemoryStore()), Set.of()).join()));
        frames.add(transmitted(new LoRaWanDevice(LoRaWanPersonalization.v1_0_4(p.devEui(), ~p.joinEui(),
                p.appKey()), context(new InMemoryStore()), Set.of()).join()));
        LoRaWanDevice tag = tag(dut, p);
        int mine = join(dut, tag).devAddr();
        byte[] foreign = transmitted(tag.sendData(payload(), 6, false));
        byte[] devAddr = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(~mine).array();
        System.arraycopy(devAddr, 0, foreign, 1, 4);
        frames.add(foreign);
        byte[] broadcast = transmitted(tag.sendData(payload(), 6, false));
        Arrays.fill(broadcast, 1, 5, (byte) 0xff);
        frames.add(broadcast);
        // All four in a row, then one quiet period: each must be ignored silently.
        dut.wire().clearNotifications();
        List<String> sent = new ArrayList<>();
        for (byte[] frame : frames) {
            WireMessage r = LoRaWanAir.inject(dut, frame);
            if (!(r instanceof WireMessage.Ack)) {
                throw new LabFault(dut.name() + " answered AIR_INJECT of " + Hex.encode(frame) + " with "
                        + describe(r));
            }
            sent.add(Hex.encode(frame));
        }
        Optional<WireMessage> seen = watch(dut, QUIET);
        require(seen.isEmpty(), "LORAWAN-R9", "acted on frames of devices or DevAddrs it does not serve (unknown "
                + "DevEUI, foreign JoinEUI, foreign DevAddr " + Ids.devAddr(~mine)
                + ", broadcast DevAddr ffffffff: " + sent + "): " + describe(seen) + "; it must ignore them silently");
    }

    // ------------------------------------------------------------------------------------ malformed frames (R1)

    @Test
    @DisplayName("survives a truncated JoinRequest and a truncated uplink")
    @Checks({"LORAWAN-R1"})
    void truncatedFramesSurvived(Dut dut) throws LabFault {
        LoRaWanDevice tag = tag(dut, one(dut, LoRaWanVersion.V1_0_4));
        LoRaWanAir.malformedSurvived(dut, Arrays.copyOf(transmitted(tag.join()), 12), "a JoinRequest cut short");
        LoRaWanAir.malformedSurvived(dut, Hex.decode("40" + "78563412" + "00" + "01"),
                "an uplink cut short inside FCnt");
    }

    @Test
    @DisplayName("survives a frame longer than the LoRa PHY allows")
    @Checks({"LORAWAN-R1"})
    void oversizedFrameSurvived(Dut dut) throws LabFault {
        byte[] huge = new byte[DataFrame.MAX_LENGTH + 1];
        huge[0] = 0x40; // UnconfirmedDataUp, then too much
        LoRaWanAir.malformedSurvived(dut, huge, "a " + huge.length + "-octet frame");
    }

    // ------------------------------------------------------------------------------------------- power loss

    @Test
    @DisplayName("keeps its Join Server's DevNonce and JoinNonce records across power loss")
    @Checks({"LORAWAN-R3", "LORAWAN-R5"})
    void joinServerRecordsSurvivePowerLoss(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_0_4);
        LoRaWanDevice tag = tag(dut, p);
        Joined before = join(dut, tag);
        LoRaWanAir.powerCycle(dut, power);
        Optional<WireMessage> seen = offer(dut, before.request(), ANSWER);
        require(!answered(seen), "LORAWAN-R3", "after a power cut, answered the JoinRequest "
                + Hex.encode(before.request()) + " whose DevNonce it had accepted before the cut: " + describe(seen));
        Joined after = join(dut, tag);
        require(joinNonce(p, after.accept()) > joinNonce(p, before.accept()), "LORAWAN-R5", "after a power cut "
                + "the JoinNonce went from " + joinNonce(p, before.accept()) + " to " + joinNonce(p, after.accept()));
    }

    @Test
    @DisplayName("serves the next join after a power cut inside its Join Server's DevNonce write")
    @Checks({"LORAWAN-R3"})
    void powerCutInsideJoinServerWrite(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        LoRaWanPersonalization p = one(dut, LoRaWanVersion.V1_0_4);
        LoRaWanDevice tag = tag(dut, p);
        join(dut, tag);
        String record = LoRaWanNetwork.devNonceRecord(p.devEui());
        byte[] request = transmitted(tag.join());
        long boots = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        // The injection does not finish (power goes inside it): send without waiting for its answer.
        CompletableFuture<WireMessage> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return LoRaWanAir.inject(dut, request);
            } catch (LabFault e) {
                return null;
            }
        });
        Optional<WireMessage> begin = dut.wire().await(m -> event(m, EventKind.NV_WRITE_BEGIN)
                && ((WireMessage.Event) m).name().equals(record), ANSWER);
        if (begin.isEmpty()) {
            pending.join();
            throw new TestAbortedException(dut.name() + " announces no NV_WRITE_BEGIN of its Join Server record "
                    + "for the DevNonce: the bench cannot aim a power cut inside it");
        }
        power.off();
        boolean completed = dut.wire().await(m -> event(m, EventKind.NV_WRITE_END)
                || m instanceof WireMessage.AirEmit, java.time.Duration.ofMillis(50)).isPresent();
        LoRaWanAir.powerOnAndBoot(dut, power, boots);
        if (completed) {
            throw new TestAbortedException("the power cut landed after the Join Server's DevNonce write had "
                    + "completed: the lab's switch is slower than the gateway's NV write");
        }
        byte[] next = transmitted(tag.join());
        int devNonce;
        try {
            devNonce = JoinRequest.decode(next).devNonce();
        } catch (FrameDecodeException e) {
            throw new IllegalStateException(e);
        }
        Optional<WireMessage> seen = offer(dut, next, ANSWER);
        require(seen.isPresent() && seen.get() instanceof WireMessage.AirEmit, "LORAWAN-R3", "after a power cut "
                + "inside its Join Server's DevNonce write, the gateway no longer serves DevEUI " + Ids.eui(p.devEui())
                + ": JoinRequest " + Hex.encode(next) + " with DevNonce " + devNonce + " (above every one sent) got "
                + describe(seen));
    }
}
