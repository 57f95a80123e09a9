package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.LoRaWanAir.ACTION_JOIN;
import static dev.ampbench.bench.suites.LoRaWanAir.ACTION_SEND;
import static dev.ampbench.bench.suites.LoRaWanAir.ANSWER;
import static dev.ampbench.bench.suites.LoRaWanAir.QUIET;
import static dev.ampbench.bench.suites.LoRaWanAir.actionOk;
import static dev.ampbench.bench.suites.LoRaWanAir.describe;
import static dev.ampbench.bench.suites.LoRaWanAir.event;
import static dev.ampbench.bench.suites.LoRaWanAir.inject;
import static dev.ampbench.bench.suites.LoRaWanAir.transmitted;
import static dev.ampbench.bench.suites.LoRaWanAir.watch;
import static dev.ampbench.bench.suites.Verdicts.broken;
import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.CounterRecord;
import dev.ampbench.protocol.lorawan.DataFrame;
import dev.ampbench.protocol.lorawan.Ids;
import dev.ampbench.protocol.lorawan.JoinAcceptContent;
import dev.ampbench.protocol.lorawan.JoinRequest;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
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
 * Conformance of a LoRaWAN class A end device (tag role, OTAA, 1.0.4 or 1.1) against the bench playing the Join
 * Server and network server with the protocol module's own {@link LoRaWanNetwork}. Rules: docs/protocols/lorawan.md;
 * what the DUT reports on the wire: docs/emulator/lorawan.md.
 *
 * <p>The bench's Join Server starts every test afresh (it accepts any DevNonce, the tag's own counter is what is
 * checked) and issues JoinNonces above the last one a 1.1 tag accepted, read from its {@code lorawan.joinnonce}
 * record, so that a correct 1.1 tag never sees an old JoinNonce it did not ask for.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.LORAWAN, role = Role.DEVICE)
@DisplayName("lorawan tag")
public class LoRaWanTagSuite {

    private static LoRaWanPersonalization me(Dut dut) {
        return dut.secrets(LoRaWanPersonalization.class).get(0);
    }

    private static byte[] payload() {
        return new SecureRandomSource().bytes(8);
    }

    private static MachineContext context(InMemoryStore store) {
        return new MachineContext(new SecureRandomSource(), System::currentTimeMillis, store);
    }

    /**
     * The bench's network serving {@code served} (the tag's own record by default), whose Join Server continues
     * above the tag's last accepted JoinNonce.
     */
    private static LoRaWanNetwork network(Dut dut, LoRaWanPersonalization... served) throws LabFault {
        LoRaWanPersonalization p = me(dut);
        InMemoryStore store = new InMemoryStore();
        OptionalLong last = CounterRecord.decode(dut.nvRead(LoRaWanDevice.NVM_JOIN_NONCE));
        store.write(LoRaWanNetwork.joinNonceRecord(p.devEui()), CounterRecord.encode(last.orElse(0)));
        return new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), served.length == 0 ? List.of(p) : List.of(served),
                context(store), Set.of());
    }

    /** A JoinRequest the tag sent after ACTION join, and what the bench's Join Server made of it. */
    private record Joining(JoinRequest request, byte[] frame, List<Effect> answer) {
        byte[] joinAccept() {
            return transmitted(answer);
        }
    }

    /** ACTION join and the JoinRequest it brings; the bench's Join Server must accept it. */
    private static Joining startJoin(Dut dut, LoRaWanNetwork net) throws LabFault {
        dut.wire().clearNotifications();
        actionOk(dut, ACTION_JOIN, new byte[0], "LORAWAN-R2", "the tag refused to join");
        byte[] frame = awaitFrame(dut, "LORAWAN-R2", "a JoinRequest after ACTION join");
        JoinRequest request;
        try {
            request = JoinRequest.decode(frame);
        } catch (FrameDecodeException e) {
            throw broken("LORAWAN-R1", "ACTION join brought " + Hex.encode(frame) + ", not a JoinRequest: "
                    + e.getMessage());
        }
        List<Effect> answer = net.receive(frame);
        Optional<Effect.Rejected> refused = LoRaWanAir.rejection(answer);
        if (refused.isPresent() && refused.get().rule().id().equals("LORAWAN-R3")) {
            // The Join Server's side of the DevNonce rule: the tag reused or lowered its counter.
            throw broken("LORAWAN-R2", "the tag's JoinRequest " + Hex.encode(frame) + " carries DevNonce "
                    + request.devNonce() + ", which the bench's Join Server refuses (LORAWAN-R3): "
                    + refused.get().reason());
        }
        if (refused.isPresent()) {
            throw broken(refused.get().rule().id(), "the bench's Join Server refused the JoinRequest "
                    + Hex.encode(frame) + ": " + refused.get().reason());
        }
        if (transmitted(answer) == null) {
            throw new LabFault("the bench's Join Server does not serve the JoinRequest " + Hex.encode(frame)
                    + " (DevEUI " + Ids.eui(request.devEui()) + ", JoinEUI " + Ids.eui(request.joinEui())
                    + "): the key manifest does not match " + dut.name());
        }
        return new Joining(request, frame, answer);
    }

    /** Injects a JoinAccept and returns the tag's first verdict on it (EVENT ESTABLISHED or REJECTED), if any. */
    private static Optional<WireMessage> offerJoinAccept(Dut dut, byte[] joinAccept, java.time.Duration wait)
            throws LabFault {
        dut.wire().clearNotifications();
        inject(dut, joinAccept);
        return dut.wire().await(m -> event(m, EventKind.ESTABLISHED) || event(m, EventKind.REJECTED)
                || event(m, EventKind.BOOT), wait);
    }

    /** A complete join; returns the JoinRequest. */
    private static Joining join(Dut dut, LoRaWanNetwork net) throws LabFault {
        Joining j = startJoin(dut, net);
        Optional<WireMessage> verdict = offerJoinAccept(dut, j.joinAccept(), ANSWER);
        if (verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED)) {
            String named = verdict.filter(m -> event(m, EventKind.REJECTED)).map(m -> ((WireMessage.Event) m).name())
                    .filter(n -> n.startsWith("LORAWAN-")).orElse("LORAWAN-R4");
            throw broken(named, "the tag did not establish with the bench's correct JoinAccept "
                    + Hex.encode(j.joinAccept()) + " answering its JoinRequest " + Hex.encode(j.frame()) + ": "
                    + describe(verdict));
        }
        return j;
    }

    private static byte[] awaitFrame(Dut dut, String rule, String what) throws LabFault {
        Optional<WireMessage> m = dut.wire().await(x -> x instanceof WireMessage.AirEmit, ANSWER);
        require(m.isPresent(), rule, "no " + what + " within " + ANSWER.toMillis() + " ms");
        return ((WireMessage.AirEmit) m.get()).frame();
    }

    private static byte[] sendArgs(int fPort, boolean confirmed, byte[] payload) {
        return ByteBuffer.allocate(2 + payload.length).put((byte) fPort).put((byte) (confirmed ? 1 : 0)).put(payload)
                .array();
    }

    /** ACTION send; the uplink must reach the bench's network intact. Returns it and the network's effects. */
    private record Uplink(DataFrame frame, List<Effect> answer) {
    }

    private static Uplink uplink(Dut dut, LoRaWanNetwork net, int fPort, boolean confirmed, byte[] data)
            throws LabFault {
        dut.wire().clearNotifications();
        actionOk(dut, ACTION_SEND, sendArgs(fPort, confirmed, data), "LORAWAN-R8", "a joined tag refused to send");
        byte[] bytes = awaitFrame(dut, "LORAWAN-R6", "uplink after ACTION send");
        DataFrame f;
        try {
            f = DataFrame.decode(bytes);
        } catch (FrameDecodeException e) {
            throw broken("LORAWAN-R1", "uplink " + Hex.encode(bytes) + " is malformed: " + e.getMessage());
        }
        List<Effect> answer = net.receive(bytes);
        Optional<Effect.Rejected> refused = LoRaWanAir.rejection(answer);
        if (refused.isPresent()) {
            throw broken(refused.get().rule().id(), "the bench's network refused the uplink " + Hex.encode(bytes)
                    + ": " + refused.get().reason());
        }
        Optional<byte[]> got = LoRaWanAir.deliveredPayload(answer);
        require(got.isPresent() && Arrays.equals(got.get(), data), "LORAWAN-R4", "uplink " + Hex.encode(bytes)
                + " did not carry the payload " + Hex.encode(data) + " the tag was asked to send: " + answer);
        return new Uplink(f, answer);
    }

    /** Injects a downlink and returns the first decisive thing the tag shows (LOG delivered, EVENT, frame). */
    private static Optional<WireMessage> downlink(Dut dut, byte[] frame, java.time.Duration wait) throws LabFault {
        dut.wire().clearNotifications();
        inject(dut, frame);
        return watch(dut, wait);
    }

    private static boolean isDelivered(Optional<WireMessage> m) {
        return m.isPresent() && LoRaWanAir.delivered(m.get());
    }

    // ------------------------------------------------------------------------------------------- positive cases

    @Test
    @DisplayName("joins: its JoinRequest verifies at the Join Server and it establishes on the JoinAccept")
    @Checks({"LORAWAN-R1", "LORAWAN-R4", "LORAWAN-R12"})
    void joins(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        dut.wire().clearNotifications();
        Transcript t = dut.conductor().runAction(net, ACTION_JOIN, new byte[0]);
        require(!t.fromDut().isEmpty(), "LORAWAN-R2", "no JoinRequest after ACTION join");
        t.counterpartRejection().ifPresent(r -> {
            throw broken(r.rule().id(), "the bench's Join Server refused " + t.fromDut().get(0) + ": " + r.reason());
        });
        require(t.counterpartEstablished(), "LORAWAN-R4", "the bench's Join Server did not accept "
                + t.fromDut().get(0) + ": " + t.counterpart());
        require(t.dutEstablished(), "LORAWAN-R4", "the tag did not report ESTABLISHED on a correct JoinAccept: "
                + t.frames() + ", reports " + t.dutReports());
        LoRaWanPersonalization p = me(dut);
        for (AirFrame f : t.fromDut()) {
            require(Bytes.indexOf(f.bytes(), p.appKey().bytes()) < 0
                    && Bytes.indexOf(f.bytes(), p.nwkKey().bytes()) < 0, "LORAWAN-R12",
                    "a root key travels on the air: " + f);
        }
    }

    @Test
    @DisplayName("exchanges application data both ways, confirmed and unconfirmed, with counters from 0")
    @Checks({"LORAWAN-R4", "LORAWAN-R6"})
    void dataBothWays(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        join(dut, net);
        Uplink first = uplink(dut, net, 1, false, payload());
        require(first.frame().fCnt16() == 0, "LORAWAN-R6", "the first uplink after a join has FCnt "
                + first.frame().fCnt16() + ", not 0");
        // A confirmed uplink through the conductor: the network's ACK downlink goes back to the tag.
        dut.wire().clearNotifications();
        byte[] data = payload();
        Transcript t = dut.conductor().runAction(net, ACTION_SEND, sendArgs(2, true, data));
        t.counterpartRejection().ifPresent(r -> {
            throw broken(r.rule().id(), "the bench's network refused the confirmed uplink: " + r.reason());
        });
        require(t.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver d
                && Arrays.equals(d.payload(), data)), "LORAWAN-R4", "the confirmed uplink did not deliver "
                + Hex.encode(data) + ": " + t.frames());
        int fCnt = decode(t.fromDut().get(0).bytes()).fCnt16();
        require(fCnt == 1, "LORAWAN-R6", "the second uplink has FCnt " + fCnt + ", not 1");
        require(t.dutRejection().isEmpty(), "LORAWAN-R4", "the tag refused the network's ACK downlink: "
                + t.dutReports());
        // A confirmed downlink: delivered, then acknowledged by the next uplink, which the network accepts.
        byte[] down = payload();
        byte[] frame = transmitted(net.sendData(first.frame().devAddr(), down, 3, true));
        Optional<WireMessage> seen = downlink(dut, frame, ANSWER);
        require(isDelivered(seen), "LORAWAN-R4", "a correct ConfirmedDataDown " + Hex.encode(frame)
                + " was not delivered: " + describe(seen));
        Uplink ack = uplink(dut, net, 1, false, payload());
        require(ack.frame().ack(), "LORAWAN-R4", "the uplink after a ConfirmedDataDown does not acknowledge it "
                + "(ACK bit clear): " + ack.frame());
    }

    private static DataFrame decode(byte[] bytes) {
        try {
            return DataFrame.decode(bytes);
        } catch (FrameDecodeException e) {
            throw broken("LORAWAN-R1", Hex.encode(bytes) + " is not a data frame: " + e.getMessage());
        }
    }

    @Test
    @DisplayName("uses a greater DevNonce for every JoinRequest")
    @Checks({"LORAWAN-R2"})
    void devNonceIncreases(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        int first = startJoin(dut, net).request().devNonce();
        int second = startJoin(dut, net).request().devNonce();
        require(second > first, "LORAWAN-R2", "DevNonce " + second + " follows DevNonce " + first);
    }

    @Test
    @DisplayName("with LoRaWAN 1.1, falls back to 1.0 session keys when the JoinAccept's OptNeg is clear")
    @Checks({"LORAWAN-R11"})
    void optNegClearFallsBack(Dut dut) throws LabFault {
        LoRaWanPersonalization p = only11(dut);
        // The network speaks 1.0.x: it answers as to a 1.0.4 device whose AppKey is the tag's NwkKey.
        LoRaWanNetwork net = network(dut, LoRaWanPersonalization.v1_0_4(p.devEui(), p.joinEui(), p.nwkKey()));
        join(dut, net);
        uplink(dut, net, 1, false, payload());
    }

    private static LoRaWanPersonalization only11(Dut dut) {
        LoRaWanPersonalization p = me(dut);
        if (p.version() != LoRaWanVersion.V1_1) {
            throw new TestAbortedException("a LoRaWAN " + p.version().label() + " tag: the rule applies to 1.1");
        }
        return p;
    }

    // ------------------------------------------------------------------------------------------------ MIC (R4)

    @Test
    @DisplayName("refuses a downlink whose MIC was corrupted, in its first or its last octet")
    @Checks({"LORAWAN-R4"})
    void corruptedDownlinkMicRefused(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        join(dut, net);
        int devAddr = uplink(dut, net, 1, false, payload()).frame().devAddr();
        for (int octet : new int[] {0, 3}) {
            byte[] frame = LoRaWanAir.micOctetFlipped(transmitted(net.sendData(devAddr, payload(), 2, false)), octet);
            Optional<WireMessage> seen = downlink(dut, frame, ANSWER);
            require(!isDelivered(seen), "LORAWAN-R4", "delivered the downlink " + Hex.encode(frame)
                    + " whose MIC octet " + (octet + 1) + " of 4 was corrupted");
        }
    }

    @Test
    @DisplayName("refuses a JoinAccept whose MIC was corrupted, in its first or its last octet")
    @Checks({"LORAWAN-R4"})
    void corruptedJoinAcceptMicRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = me(dut);
        LoRaWanNetwork net = network(dut);
        for (int octet : new int[] {0, 3}) {
            Joining j = startJoin(dut, net);
            byte[] plain = LoRaWanAir.openJoinAccept(p.nwkKey(), j.joinAccept());
            plain[plain.length - 4 + octet] ^= 0x5a;
            byte[] forged = LoRaWanAir.sealJoinAccept(p.nwkKey(), plain);
            Optional<WireMessage> verdict = offerJoinAccept(dut, forged, ANSWER);
            require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R4",
                    "established on the JoinAccept " + Hex.encode(forged) + " whose MIC octet " + (octet + 1)
                            + " of 4 was corrupted (JoinRequest " + Hex.encode(j.frame()) + ")");
        }
    }

    @Test
    @DisplayName("refuses a JoinAccept sealed and signed under another root key")
    @Checks({"LORAWAN-R4"})
    void joinAcceptUnderWrongKeyRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = me(dut);
        Joining j = startJoin(dut, network(dut));
        // The same JoinAccept content, signed (1.0 construction) and encrypted under a key that is not the tag's.
        KeyMaterial wrong = KeyMaterial.of(new SecureRandomSource().bytes(16));
        byte[] plain = LoRaWanAir.openJoinAccept(p.nwkKey(), j.joinAccept());
        byte[] signed = Arrays.copyOf(plain, plain.length - 4);
        System.arraycopy(AesCmac.macTruncated(wrong, 4, signed), 0, plain, plain.length - 4, 4);
        byte[] forged = LoRaWanAir.sealJoinAccept(wrong, plain);
        Optional<WireMessage> verdict = offerJoinAccept(dut, forged, ANSWER);
        require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R4",
                "established on the JoinAccept " + Hex.encode(forged) + " signed and encrypted under another root key"
                        + " for its JoinRequest " + Hex.encode(j.frame()));
    }

    @Test
    @DisplayName("with LoRaWAN 1.1, refuses a JoinAccept with OptNeg set but a 1.0-style MIC (downgrade)")
    @Checks({"LORAWAN-R11", "LORAWAN-R4"})
    void downgradedJoinAcceptMicRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = only11(dut);
        Joining j = startJoin(dut, network(dut));
        byte[] plain = LoRaWanAir.openJoinAccept(p.nwkKey(), j.joinAccept());
        require((plain[JoinAcceptContent.DL_SETTINGS_OFFSET] & JoinAcceptContent.OPT_NEG) != 0, "LORAWAN-R11",
                "the bench's 1.1 Join Server did not set OptNeg");
        // The 1.0 construction: cmac(NwkKey, MHDR..CFList), which does not bind the JoinRequest's DevNonce.
        byte[] signed = Arrays.copyOf(plain, plain.length - 4);
        System.arraycopy(AesCmac.macTruncated(p.nwkKey(), 4, signed), 0, plain, plain.length - 4, 4);
        byte[] forged = LoRaWanAir.sealJoinAccept(p.nwkKey(), plain);
        Optional<WireMessage> verdict = offerJoinAccept(dut, forged, ANSWER);
        require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R11",
                "established on a JoinAccept with OptNeg set whose MIC is the 1.0 construction under NwkKey, not "
                        + "the JSIntKey MIC: " + Hex.encode(forged));
    }

    // ------------------------------------------------------------------------------------------ replay (R5, R7)

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"LORAWAN-R7", "LORAWAN-R10"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        ReplayAttack.Session session = () -> {
            LoRaWanNetwork net = network(dut);
            dut.wire().clearNotifications();
            Transcript joined = dut.conductor().runAction(net, ACTION_JOIN, new byte[0]);
            require(joined.counterpartEstablished() && joined.dutEstablished(), "LORAWAN-R4", "the session to "
                    + "replay did not join: " + joined.frames() + ", reports " + joined.dutReports());
            Transcript up = dut.conductor().runAction(net, ACTION_SEND, sendArgs(2, true, payload()));
            require(up.fromDut().size() == 1 && up.frames().size() == 2, "LORAWAN-R4", "the session to replay has "
                    + "no acknowledged ConfirmedDataUp: " + up.frames());
            int devAddr = decode(up.fromDut().get(0).bytes()).devAddr();
            Transcript down = dut.conductor().run(net, net.sendData(devAddr, payload(), 3, false));
            return ReplayAttack.air(joined, up, down);
        };
        ReplayAttack.run(dut, session, ReplayAttack.powerCycleAndNew(dut, session), java.util.Map.of(
                "JoinAccept", "LORAWAN-R10", "UnconfirmedDataDown", "LORAWAN-R7", "ConfirmedDataDown", "LORAWAN-R7"));
    }

    @Test
    @DisplayName("refuses a replayed downlink")
    @Checks({"LORAWAN-R7"})
    void replayedDownlinkRefused(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        join(dut, net);
        int devAddr = uplink(dut, net, 1, false, payload()).frame().devAddr();
        byte[] frame = transmitted(net.sendData(devAddr, payload(), 4, false));
        Optional<WireMessage> first = downlink(dut, frame, ANSWER);
        require(isDelivered(first), "LORAWAN-R4", "a correct downlink " + Hex.encode(frame) + " was not delivered: "
                + describe(first));
        Optional<WireMessage> again = downlink(dut, frame, ANSWER);
        require(!isDelivered(again), "LORAWAN-R7", "delivered the same downlink " + Hex.encode(frame)
                + " (FCnt " + decode(frame).fCnt16() + ") twice");
    }

    @Test
    @DisplayName("refuses a downlink whose frame counter went back")
    @Checks({"LORAWAN-R7"})
    void downlinkCounterRollbackRefused(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        join(dut, net);
        int devAddr = uplink(dut, net, 1, false, payload()).frame().devAddr();
        byte[] older = transmitted(net.sendData(devAddr, payload(), 5, false));
        byte[] newer = transmitted(net.sendData(devAddr, payload(), 5, false));
        Optional<WireMessage> first = downlink(dut, newer, ANSWER);
        require(isDelivered(first), "LORAWAN-R4", "a correct downlink " + Hex.encode(newer)
                + " was not delivered: " + describe(first));
        Optional<WireMessage> back = downlink(dut, older, ANSWER);
        require(!isDelivered(back), "LORAWAN-R7", "delivered downlink FCnt " + decode(older).fCnt16()
                + " after FCnt " + decode(newer).fCnt16() + ": " + Hex.encode(older));
    }

    @Test
    @DisplayName("ignores a JoinAccept when no JoinRequest is outstanding")
    @Checks({"LORAWAN-R10"})
    void unsolicitedJoinAcceptIgnored(Dut dut) throws LabFault {
        LoRaWanNetwork net = network(dut);
        Joining j = join(dut, net);
        Optional<WireMessage> verdict = offerJoinAccept(dut, j.joinAccept(), QUIET);
        require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R10",
                "joined a second time on the replayed JoinAccept " + Hex.encode(j.joinAccept()));
    }

    @Test
    @DisplayName("with LoRaWAN 1.1, refuses a JoinAccept whose JoinNonce is not above the last accepted")
    @Checks({"LORAWAN-R5"})
    void oldJoinNonceRefused(Dut dut) throws LabFault {
        LoRaWanPersonalization p = only11(dut);
        LoRaWanNetwork net = network(dut);
        Joining accepted = join(dut, net);
        int last = LoRaWanAir.joinNonce(LoRaWanAir.openJoinAccept(p.nwkKey(), accepted.joinAccept()));
        // A second Join Server that issues that same JoinNonce again, correctly signed for the next JoinRequest.
        InMemoryStore store = new InMemoryStore();
        store.write(LoRaWanNetwork.joinNonceRecord(p.devEui()), CounterRecord.encode(last - 1L));
        LoRaWanNetwork stale = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(p), context(store),
                Set.of());
        Joining j = startJoin(dut, stale);
        Optional<WireMessage> verdict = offerJoinAccept(dut, j.joinAccept(), ANSWER);
        require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R5",
                "established on a JoinAccept with JoinNonce " + last + ", the one it had already accepted: "
                        + Hex.encode(j.joinAccept()));
    }

    // ---------------------------------------------------------------------------------------------- DevAddr (R9)

    @Test
    @DisplayName("ignores downlinks for another device's DevAddr and for the broadcast DevAddr")
    @Checks({"LORAWAN-R9"})
    void foreignAndBroadcastDownlinksIgnored(Dut dut) throws LabFault {
        LoRaWanPersonalization p = me(dut);
        SecureRandomSource random = new SecureRandomSource();
        LoRaWanPersonalization neighbour = LoRaWanPersonalization.v1_0_4(p.devEui() ^ 0x5a5a5a5aL, p.joinEui(),
                KeyMaterial.of(random.bytes(16)));
        LoRaWanNetwork net = network(dut, p, neighbour);
        join(dut, net);
        int mine = uplink(dut, net, 1, false, payload()).frame().devAddr();
        LoRaWanDevice other = new LoRaWanDevice(neighbour, context(new InMemoryStore()), Set.of());
        require(LoRaWanAir.established(other.receive(transmitted(net.receive(transmitted(other.join()))))),
                "LORAWAN-R4", "the bench could not join its own second device");
        int theirs = other.devAddr().orElseThrow();
        List<byte[]> frames = new ArrayList<>();
        frames.add(transmitted(net.sendData(theirs, payload(), 6, false)));
        byte[] broadcast = transmitted(net.sendData(mine, payload(), 6, false));
        Arrays.fill(broadcast, 1, 5, (byte) 0xff); // DevAddr ffffffff
        frames.add(broadcast);
        // Both in a row, then one quiet period: each must be ignored silently.
        dut.wire().clearNotifications();
        List<String> sent = new ArrayList<>();
        for (byte[] frame : frames) {
            inject(dut, frame);
            sent.add("DevAddr " + Ids.devAddr(decode(frame).devAddr()) + ": " + Hex.encode(frame));
        }
        Optional<WireMessage> seen = watch(dut, QUIET);
        require(seen.isEmpty(), "LORAWAN-R9", "acted on downlinks for another device and for the broadcast "
                + "address (its own DevAddr is " + Ids.devAddr(mine) + "; sent " + sent + "): " + describe(seen)
                + "; it must ignore them silently");
    }

    // ------------------------------------------------------------------------------------ malformed frames (R1)

    @Test
    @DisplayName("survives a truncated downlink and a truncated JoinAccept")
    @Checks({"LORAWAN-R1"})
    void truncatedFramesSurvived(Dut dut) throws LabFault {
        byte[] downlink = Hex.decode("60" + "78563412" + "00" + "01"); // ends inside FCnt
        LoRaWanAir.malformedSurvived(dut, downlink, "a downlink cut short inside FCnt");
        byte[] joinAccept = Arrays.copyOf(Hex.decode("20"), 9); // MHDR and 8 of the 16 encrypted octets
        LoRaWanAir.malformedSurvived(dut, joinAccept, "a JoinAccept cut short");
    }

    @Test
    @DisplayName("survives a frame longer than the LoRa PHY allows")
    @Checks({"LORAWAN-R1"})
    void oversizedFrameSurvived(Dut dut) throws LabFault {
        byte[] huge = new byte[DataFrame.MAX_LENGTH + 1];
        huge[0] = 0x60; // UnconfirmedDataDown, then too much
        LoRaWanAir.malformedSurvived(dut, huge, "a " + huge.length + "-octet frame");
    }

    // ------------------------------------------------------------------------------------------- power loss

    @Test
    @DisplayName("uses a DevNonce above every earlier one after each power loss")
    @Checks({"LORAWAN-R2"})
    void devNonceFreshAcrossPowerLoss(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        LoRaWanNetwork net = network(dut);
        int before = join(dut, net).request().devNonce();
        List<Integer> seen = new ArrayList<>(List.of(before));
        for (int cycle = 1; cycle <= 2; cycle++) {
            LoRaWanAir.powerCycle(dut, power);
            // The tag's own counter is the evidence; the bench's Join Server (kept across the cuts) would refuse
            // a repeat with LORAWAN-R3, which is the network's side of the same rule.
            dut.wire().clearNotifications();
            actionOk(dut, ACTION_JOIN, new byte[0], "LORAWAN-R2", "the tag refused to join after power loss");
            JoinRequest r;
            byte[] frame = awaitFrame(dut, "LORAWAN-R2", "JoinRequest after ACTION join");
            try {
                r = JoinRequest.decode(frame);
            } catch (FrameDecodeException e) {
                throw broken("LORAWAN-R1", "not a JoinRequest: " + Hex.encode(frame));
            }
            int max = seen.stream().mapToInt(Integer::intValue).max().orElseThrow();
            require(r.devNonce() > max, "LORAWAN-R2", "after power cut " + cycle + " the JoinRequest carries DevNonce "
                    + r.devNonce() + ", not above the DevNonces it sent before (" + seen + ")");
            seen.add(r.devNonce());
            List<Effect> answer = net.receive(frame);
            require(LoRaWanAir.established(answer), "LORAWAN-R2", "the Join Server refused DevNonce " + r.devNonce()
                    + " after a power cut: " + answer);
        }
    }

    @Test
    @DisplayName("after power loss, rejoins before sending, or resumes with its frame counters")
    @Checks({"LORAWAN-R8"})
    void noSessionResumedWithRestartedCounters(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        LoRaWanNetwork net = network(dut);
        join(dut, net);
        uplink(dut, net, 1, false, payload());
        DataFrame last = uplink(dut, net, 1, false, payload()).frame();
        LoRaWanAir.powerCycle(dut, power);
        byte[] data = payload();
        WireMessage r = LoRaWanAir.action(dut, ACTION_SEND, sendArgs(1, false, data));
        if (r instanceof WireMessage.ErrorResponse e && e.knownCode().equals(Optional.of(ErrorCode.ACTION_FAILED))) {
            return; // it must join again: the project's choice, and conforming
        }
        if (!(r instanceof WireMessage.Ack)) {
            throw new LabFault(dut.name() + " answered ACTION send with " + describe(r));
        }
        byte[] bytes = awaitFrame(dut, "LORAWAN-R8", "uplink after ACTION send was accepted after power loss");
        DataFrame resumed = decode(bytes);
        List<Effect> answer = net.receive(bytes);
        require(LoRaWanAir.deliveredPayload(answer).isPresent(), "LORAWAN-R8", "resumed its session after power "
                + "loss with restarted frame counters: uplink DevAddr " + Ids.devAddr(resumed.devAddr()) + " FCnt "
                + resumed.fCnt16() + " after FCnt " + last.fCnt16() + " before the cut; the network says "
                + answer);
    }

    @Test
    @DisplayName("ignores a JoinAccept for a JoinRequest sent before a power loss")
    @Checks({"LORAWAN-R10"})
    void joinAcceptFromBeforePowerLossIgnored(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        Joining j = startJoin(dut, network(dut));
        LoRaWanAir.powerCycle(dut, power);
        Optional<WireMessage> verdict = offerJoinAccept(dut, j.joinAccept(), QUIET);
        require(verdict.isEmpty() || !event(verdict.get(), EventKind.ESTABLISHED), "LORAWAN-R10",
                "established after a power cut on the JoinAccept answering the JoinRequest " + Hex.encode(j.frame())
                        + " it sent before the cut");
    }

    @Test
    @DisplayName("joins again after a power cut inside its DevNonce write, without reusing a DevNonce")
    @Checks({"LORAWAN-R2"})
    void powerCutInsideDevNonceWrite(Dut dut) throws LabFault {
        PowerSwitch power = LoRaWanAir.power(dut);
        LoRaWanNetwork net = network(dut);
        int before = join(dut, net).request().devNonce();
        long boots = dut.wire().bootCounter();
        dut.wire().clearNotifications();
        // The action does not finish (power goes inside it): ask without waiting for its answer.
        CompletableFuture<WireMessage> pending = CompletableFuture.supplyAsync(() -> {
            try {
                return LoRaWanAir.action(dut, ACTION_JOIN, new byte[0]);
            } catch (LabFault e) {
                return null;
            }
        });
        Optional<WireMessage> begin = dut.wire().await(m -> event(m, EventKind.NV_WRITE_BEGIN)
                && ((WireMessage.Event) m).name().equals(LoRaWanDevice.NVM_DEV_NONCE), ANSWER);
        if (begin.isEmpty()) {
            pending.join();
            throw new TestAbortedException(dut.name() + " announces no NV_WRITE_BEGIN of "
                    + LoRaWanDevice.NVM_DEV_NONCE + ": the bench cannot aim a power cut inside it");
        }
        power.off();
        boolean completed = dut.wire().await(m -> event(m, EventKind.NV_WRITE_END)
                || m instanceof WireMessage.AirEmit, java.time.Duration.ofMillis(50)).isPresent();
        LoRaWanAir.powerOnAndBoot(dut, power, boots);
        if (completed) {
            throw new TestAbortedException("the power cut landed after the DevNonce write had completed: the lab's "
                    + "switch is slower than the device's NV write");
        }
        WireMessage r;
        try {
            r = LoRaWanAir.action(dut, ACTION_JOIN, new byte[0]);
        } catch (NoResponse e) {
            throw broken("LORAWAN-R2", "no answer to ACTION join after a power cut inside the DevNonce write");
        }
        require(r instanceof WireMessage.Ack, "LORAWAN-R2", "after a power cut inside its DevNonce write, the "
                + "tag cannot join any more: ACTION join answered " + describe(r));
        byte[] frame = awaitFrame(dut, "LORAWAN-R2", "JoinRequest after ACTION join");
        JoinRequest next;
        try {
            next = JoinRequest.decode(frame);
        } catch (FrameDecodeException e) {
            throw broken("LORAWAN-R1", "not a JoinRequest: " + Hex.encode(frame));
        }
        require(next.devNonce() > before, "LORAWAN-R2", "after a power cut inside its DevNonce write the tag sent "
                + "DevNonce " + next.devNonce() + ", not above DevNonce " + before + " it sent before");
        require(LoRaWanAir.established(net.receive(frame)), "LORAWAN-R2", "the Join Server refused DevNonce "
                + next.devNonce());
    }
}
