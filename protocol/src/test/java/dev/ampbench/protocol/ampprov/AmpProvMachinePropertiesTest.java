package dev.ampbench.protocol.ampprov;

import static dev.ampbench.protocol.ampprov.AmpProvRulesTest.QUERY;
import static dev.ampbench.protocol.ampprov.AmpProvRulesTest.responseFor;
import static dev.ampbench.protocol.ampprov.Harness.frame;
import static dev.ampbench.protocol.ampprov.Harness.has;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.Pairing;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of the two machines together: completion, tamper evidence, freshness, power loss. */
class AmpProvMachinePropertiesTest {

    @Provide
    Arbitrary<Long> gatewayIds() {
        return Arbitraries.longs().between(0, AmpProvParams.MAX_COUNTER);
    }

    @Property(tries = 100)
    void handshakeCompletesForArbitraryKeysNoncesAndAddresses(@ForAll long seed, @ForAll KdfMode mode,
                                                              @ForAll("gatewayIds") long gwid,
                                                              @ForAll @IntRange(min = 1, max = 0xFFFE) int firstAddr,
                                                              @ForAll @IntRange(min = 1, max = 2) int keySel) {
        Pairing pairing = AmpProvPairing.pair(
                AmpProvPersonalization.generate(new SeededRandomSource(seed), gwid, mode), seed);
        AmpProvInfrastructure gw = (AmpProvInfrastructure) pairing.infrastructure();
        AmpProvDevice tag = (AmpProvDevice) pairing.device();
        gw.allocateFrom(firstAddr);
        gw.setInitialKeySel(keySel);
        Exchange.Transcript t = pairing.run(10);
        assertTrue(t.firstEstablished() && t.secondEstablished(), t::toString);
        assertFalse(t.anyRejected(), t::toString);
        assertEquals(4, t.frames().size(), "beacon, request, the one downlink response, confirm");
        assertEquals(2, t.frames().stream().filter(Exchange.Sent::fromFirst).count(),
                "the broadcast and one downlink");
        assertEquals(firstAddr, tag.localAddress().orElseThrow());
        assertEquals(AmpProvDevice.NORMAL, tag.state());
        List<Effect> res = gw.receive(frame(tag.receive(frame(gw.requestSensorData(firstAddr, QUERY)))));
        assertTrue(has(res, Effect.Deliver.class), res::toString);
    }

    /** Which frame gets a bit flipped, and how the scenario reaches the point just before its receiver gets it. */
    enum Target { PROV_RESPONSE, PROV_CONFIRM, REQ_SENSOR_DATA, RES_SENSOR_DATA, REKEY, REKEY_ACK, REPROVISION }

    /** A frame in flight, its receiver and what the receiver must do with the genuine frame. */
    record InFlight(byte[] frame, ProtocolMachine receiver, Class<? extends Effect> goodOutcome,
                    Supplier<String> receiverState) {
    }

    static InFlight setUp(Target target, long seed, KdfMode mode) {
        Harness h = Harness.correct(seed, mode);
        AmpProvDevice tag = h.tag;
        if (target == Target.PROV_RESPONSE) {
            return new InFlight(responseFor(h), tag, Effect.Established.class, tag::state);
        }
        Supplier<String> gwState = () -> String.valueOf(h.gw.tagState(h.idHash()));
        if (target == Target.PROV_CONFIRM) {
            return new InFlight(frame(tag.receive(responseFor(h))), h.gw, Effect.Established.class, gwState);
        }
        h.provision();
        int addr = h.addr();
        return switch (target) {
            case REQ_SENSOR_DATA -> new InFlight(frame(h.gw.requestSensorData(addr, QUERY)), tag,
                    Effect.Deliver.class, tag::toString);
            case RES_SENSOR_DATA -> new InFlight(frame(tag.receive(frame(h.gw.requestSensorData(addr, QUERY)))),
                    h.gw, Effect.Deliver.class, gwState);
            case REKEY -> new InFlight(frame(h.gw.rekey(addr, 2)), tag, Effect.Established.class, tag::toString);
            case REKEY_ACK -> new InFlight(frame(tag.receive(frame(h.gw.rekey(addr, 2)))), h.gw,
                    Effect.Established.class, gwState);
            case REPROVISION -> new InFlight(frame(h.gw.reprovision(addr)), tag, Effect.class, tag::state);
            default -> throw new IllegalArgumentException(target.name());
        };
    }

    /**
     * Any single flipped bit makes the receiver refuse the frame: Rejected, or Ignored where the bit moved the frame
     * to another type or address (R13 makes ignoring those correct). It changes nothing, and the genuine frame still
     * works afterwards.
     */
    @Property(tries = 200)
    void flippingAnyBitOfAProtectedFrameIsRefused(@ForAll Target target, @ForAll KdfMode mode,
                                                  @ForAll @IntRange(max = 10_000) int bitChoice) {
        InFlight f = setUp(target, bitChoice, mode);
        int bit = bitChoice % (f.frame().length * 8);
        String before = f.receiverState().get();
        List<Effect> out = f.receiver().receive(Harness.flip(f.frame(), bit));
        assertEquals(1, out.size(), out::toString);
        Effect e = out.get(0);
        if (e instanceof Effect.Ignored) {
            String field = fieldAt(f.frame(), bit / 8);
            assertTrue(Set.of("Type", "LocalAddr", "IdHash").contains(field), () -> "Ignored a flip in " + field);
        } else {
            assertTrue(e instanceof Effect.Rejected, () -> "accepted a flipped bit " + bit + ": " + out);
        }
        assertEquals(before, f.receiverState().get());
        List<Effect> genuine = f.receiver().receive(f.frame());
        if (target == Target.REPROVISION) {
            assertEquals(AmpProvDevice.PROVISIONING, f.receiverState().get());
        } else {
            assertTrue(has(genuine, f.goodOutcome()), genuine::toString);
        }
    }

    private static String fieldAt(byte[] frame, int offset) {
        try {
            return new AmpProvCodec().decode(frame).fields().stream()
                    .filter(d -> d.offset() <= offset && offset < d.end()).map(FieldDescriptor::name)
                    .findFirst().orElseThrow();
        } catch (dev.ampbench.protocol.codec.FrameDecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Property(tries = 50)
    void differentRandomnessNeverRepeatsANonce(@ForAll long seed) throws Exception {
        AmpProvPersonalization p = AmpProvPersonalization.generate(new SeededRandomSource(seed), 7, KdfMode.SLIDES);
        Set<String> tagNonces = new HashSet<>();
        Set<String> tkNonces = new HashSet<>();
        for (long run = 0; run < 4; run++) {
            Exchange.Transcript t = AmpProvPairing.pair(p, seed + run).run(10);
            assertTrue(tagNonces.add(Hex.encode(ProvRequest.decode(t.frames().get(1).frame()).tagNonce())));
            assertTrue(tkNonces.add(Hex.encode(ProvResponse.decode(t.frames().get(2).frame()).tkNonce())));
        }
    }

    @Property(tries = 30)
    void oneGatewayNeverRepeatsItsNoncesAcrossReprovisionings(@ForAll long seed) throws Exception {
        Harness h = Harness.correct(seed, KdfMode.STRONG);
        Set<String> tagNonces = new HashSet<>();
        Set<String> tkNonces = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            Exchange.Transcript t = h.provision();
            assertTrue(tagNonces.add(Hex.encode(ProvRequest.decode(t.frames().get(1).frame()).tagNonce())));
            assertTrue(tkNonces.add(Hex.encode(ProvResponse.decode(t.frames().get(2).frame()).tkNonce())));
            h.tag.receive(frame(h.gw.reprovision(h.addr())));
            h.powerCut();
        }
    }

    /**
     * A lab session of sensor requests and re-keys with a power cut after an arbitrary step (dropping whatever was in
     * flight). Afterwards the tag is still provisioned at its address, the gateway recovers by retrying, every
     * request from before the cut is refused as a replay or under an old key, and the tag never sent two frames
     * under the same CCM nonce.
     */
    @Property(tries = 60)
    void powerCutAnywhereKeepsTheTagProvisionedAndNeverReusesANonceOrKey(
            @ForAll long seed, @ForAll KdfMode mode, @ForAll @Size(min = 1, max = 8) List<@IntRange(max = 1) Integer> steps,
            @ForAll @IntRange(max = 7) int cutAfter) {
        Harness h = Harness.correct(seed, mode);
        h.provision();
        int addr = h.addr();
        List<byte[]> oldRequests = new ArrayList<>();
        Set<String> tagNonces = new HashSet<>();
        Set<String> keysUsed = new HashSet<>();
        for (int i = 0; i < steps.size(); i++) {
            if (h.gw.tagState(h.idHash()).orElseThrow().equals(AmpProvInfrastructure.TAG_REKEY_PENDING)) {
                byte[] ack = frame(h.tag.receive(frame(h.gw.retryRekey(addr))));
                assertTrue(has(h.gw.receive(ack), Effect.Established.class));
            }
            boolean cut = i == Math.min(cutAfter, steps.size() - 1);
            byte[] down = steps.get(i) == 0 ? frame(h.gw.requestSensorData(addr, QUERY))
                    : frame(h.gw.rekey(addr, 1 + (i % 2)));
            oldRequests.add(down);
            List<Effect> out = h.tag.receive(down);
            assertFalse(has(out, Effect.Rejected.class), out::toString);
            byte[] up = frame(out);
            assertTrue(tagNonces.add(Hex.encode(java.util.Arrays.copyOf(up, ProtectedFrame.HEADER_LEN))));
            keysUsed.add(Hex.encode(java.util.Arrays.copyOfRange(up, 3, 8)));
            if (cut) {
                h.powerCut();
                assertEquals(AmpProvDevice.NORMAL, h.tag.state());
                assertEquals(addr, h.addr());
            } else {
                h.gw.receive(up);
            }
        }
        for (byte[] old : oldRequests) {
            // Refused, except the REKEY that installed the current key, which only gets its same ACK again.
            List<Effect> out = h.tag.receive(old);
            assertFalse(has(out, Effect.Deliver.class) || has(out, Effect.Established.class), out::toString);
        }
        if (h.gw.tagState(h.idHash()).orElseThrow().equals(AmpProvInfrastructure.TAG_REKEY_PENDING)) {
            h.gw.receive(frame(h.tag.receive(frame(h.gw.retryRekey(addr)))));
        }
        // A further re-key moves both sides to a key never used before.
        List<Effect> ack = h.tag.receive(frame(h.gw.rekey(addr, 2)));
        assertTrue(has(h.gw.receive(frame(ack)), Effect.Established.class));
        assertFalse(keysUsed.contains(Hex.encode(java.util.Arrays.copyOfRange(frame(ack), 3, 8))), "old key reused");
        List<Effect> res = h.gw.receive(frame(h.tag.receive(frame(h.gw.requestSensorData(addr, QUERY)))));
        assertTrue(has(res, Effect.Deliver.class), res::toString);
    }

    @Property(tries = 300)
    void machinesNeverThrowOnArbitraryInput(@ForAll @Size(max = 40) byte[] input, @ForAll @IntRange(max = 2) int phase,
                                            @ForAll("typeCodes") int type) {
        Harness h = Harness.correct(phase, KdfMode.SLIDES);
        if (phase == 1) {
            h.tag.receive(frame(h.gw.beacon()));
        } else if (phase == 2) {
            h.provision();
        }
        byte[] typed = input.clone();
        if (typed.length > 0) {
            typed[0] = (byte) type;
        }
        for (byte[] in : List.of(input, typed)) {
            List<Effect> tagOut = h.tag.receive(in);
            List<Effect> gwOut = h.gw.receive(in);
            assertFalse(has(tagOut, Effect.Established.class) || has(tagOut, Effect.Deliver.class), tagOut::toString);
            assertFalse(has(gwOut, Effect.Established.class) || has(gwOut, Effect.Deliver.class), gwOut::toString);
        }
    }

    @Provide
    Arbitrary<Integer> typeCodes() {
        return Arbitraries.of(FrameType.values()).map(FrameType::code);
    }

    @Property(tries = 20)
    void oneGatewayServesManyTags(@ForAll long seed) {
        KeyMaterial asKey = KeyMaterial.of(new SeededRandomSource(seed).bytes(32));
        AmpProvAuthServer as = new AmpProvAuthServer(asKey);
        AmpProvInfrastructure gw = new AmpProvInfrastructure(5, as,
                dev.ampbench.protocol.machine.MachineContext.forTest(seed), Set.of());
        List<AmpProvDevice> tags = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            KdfMode mode = i % 2 == 0 ? KdfMode.SLIDES : KdfMode.STRONG;
            SeededRandomSource r = new SeededRandomSource(seed + i);
            AmpProvPersonalization p = new AmpProvPersonalization(KeyMaterial.of(r.bytes(16)),
                    KeyMaterial.of(r.bytes(32)), asKey, 5, mode);
            as.register(p.deviceRecord());
            AmpProvDeviceIdentity id = p.deviceIdentity();
            assertTrue(gw.enrol(QrPayload.forPublicKey(id.tagPublicKey(), KdfMode.allBits())));
            tags.add(new AmpProvDevice(id, dev.ampbench.protocol.machine.MachineContext.forTest(seed + i), Set.of()));
        }
        byte[] beacon = frame(gw.beacon());
        List<byte[]> requests = tags.stream().map(t -> frame(t.receive(beacon))).toList();
        Set<Integer> addrs = new HashSet<>();
        for (int i = 0; i < tags.size(); i++) {
            AmpProvDevice tag = tags.get(i);
            List<Effect> tagOut = tag.receive(frame(gw.receive(requests.get(i))));
            assertTrue(has(gw.receive(frame(tagOut)), Effect.Established.class));
            assertTrue(addrs.add(tag.localAddress().orElseThrow()));
        }
        for (AmpProvDevice tag : tags) {
            byte[] req = frame(gw.requestSensorData(tag.localAddress().orElseThrow(), QUERY));
            for (AmpProvDevice other : tags) {
                List<Effect> out = other.receive(req);
                assertEquals(other == tag, has(out, Effect.Deliver.class), out::toString);
            }
        }
    }
}
