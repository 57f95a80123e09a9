package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AiotS9MachinePropertiesTest {

    @Provide
    Arbitrary<SecurityPolicy> acceptablePolicies() {
        return Arbitraries.of(SecurityPolicy.INTEGRITY, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY);
    }

    @Property(tries = 200)
    void pagingHandshakeCompletesForArbitraryKeysNoncesAndIds(@ForAll @Size(16) byte[] key,
                                                               @ForAll @Size(8) byte[] id,
                                                               @ForAll @Size(8) byte[] nn, @ForAll @Size(8) byte[] dn,
                                                               @ForAll IdMode mode) {
        AiotS9Personalization p = Fixtures.personalization(id, key, mode);
        Exchange.Transcript t = AiotS9Pairing.pair(p, Fixtures.context(Fixtures.constant(dn)),
                Fixtures.context(Fixtures.constant(nn)), Set.of(), Set.of()).run(10);
        assertTrue(t.firstEstablished(), "AIoTF established: " + t);
        assertTrue(t.secondEstablished(), "device established: " + t);
        assertFalse(t.anyRejected());
        assertEquals(2, t.frames().size());
    }

    @Property(tries = 200)
    void commandProcessDeliversBothWaysForArbitraryPayloads(@ForAll @Size(16) byte[] key, @ForAll @Size(8) byte[] id,
                                                           @ForAll IdMode mode,
                                                           @ForAll("acceptablePolicies") SecurityPolicy policy,
                                                           @ForAll @Size(max = 64) byte[] payload,
                                                           @ForAll long seed) {
        AiotS9Personalization p = Fixtures.personalization(id, key, mode);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(seed), Set.of(),
                c -> Arrays.copyOf(c, c.length / 2));
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());
        Exchange.Transcript t = Exchange.run(infra, infra.command(id, policy, payload), device, 10);
        assertFalse(t.anyRejected(), t.toString());
        assertArrayEquals(payload, delivered(t.secondEffects()));
        assertArrayEquals(Arrays.copyOf(payload, payload.length / 2), delivered(t.firstEffects()));
        if (policy.encrypts() && payload.length >= 8) {
            byte[] onAir = t.frames().get(0).frame();
            assertFalse(Bytes.indexOf(onAir, Arrays.copyOf(payload, 8)) >= 0, "payload in clear under " + policy);
        }
    }

    @Property(tries = 200)
    void flippingAnyBitOfAnUplinkFrameMakesTheAiotfRejectIt(@ForAll IdMode mode, @ForAll long seed,
                                                             @ForAll boolean command,
                                                             @ForAll("acceptablePolicies") SecurityPolicy policy,
                                                             @ForAll @IntRange(min = 0, max = 100_000) int which) {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(seed), Set.of());
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());
        byte[] request = Fixtures.onlyTransmit(command
                ? infra.command(Fixtures.DEVICE_ID, policy, new byte[] {1, 2, 3})
                : infra.page(Fixtures.DEVICE_ID));
        byte[] response = Fixtures.onlyTransmit(device.receive(request));
        int bit = which % (response.length * 8);
        byte[] flipped = Fixtures.flipBit(response, bit);

        List<Effect> effects = infra.receive(flipped);
        assertFalse(Fixtures.accepts(effects), effects.toString());
        boolean nowADownlinkType = bit / 8 == 0 && (flipped[0] == AiotS9Codec.TYPE_PAGING
                || flipped[0] == AiotS9Codec.TYPE_COMMAND);
        if (!(nowADownlinkType && Fixtures.ignored(effects))) {
            Fixtures.rejectedRule(effects);
        }
        assertTrue(infra.receive(response).stream().anyMatch(e -> e instanceof Effect.Established),
                "the genuine response is still accepted after the forged one");
    }

    @Property(tries = 200)
    void flippingAnyBitOfADownlinkFrameIsNeverAcceptedAndMacOrPayloadFlipsAreRejected(
            @ForAll IdMode mode, @ForAll long seed, @ForAll boolean command,
            @ForAll("acceptablePolicies") SecurityPolicy policy, @ForAll @IntRange(min = 0, max = 100_000) int which)
            throws FrameDecodeException {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(seed), Set.of());
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());
        byte[] request = Fixtures.onlyTransmit(command
                ? infra.command(Fixtures.DEVICE_ID, policy, new byte[] {1, 2, 3})
                : infra.page(Fixtures.DEVICE_ID));
        int bit = which % (request.length * 8);
        List<Effect> effects = device.receive(Fixtures.flipBit(request, bit));

        assertFalse(Fixtures.accepts(effects), effects.toString());
        int addressingEnd = command ? 19 : 18; // Type, IdMode, [Policy,] NetworkNonce, ProtectedDeviceId
        if (bit / 8 >= addressingEnd) {
            assertEquals(AiotS9Rule.R5.id(), Fixtures.rejectedRule(effects));
        } else {
            assertTrue(Fixtures.ignored(effects) || effects.get(0) instanceof Effect.Rejected, effects.toString());
        }
        assertTrue(Fixtures.accepts(device.receive(request)), "the genuine frame is still accepted");
    }

    @Property(tries = 100)
    void runsWithDifferentRandomnessNeverShareANonce(@ForAll long seedA, @ForAll long seedB, @ForAll IdMode mode) {
        net.jqwik.api.Assume.that(seedA != seedB && seedA + 1 != seedB && seedB + 1 != seedA);
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        Exchange.Transcript a = AiotS9Pairing.pair(p, seedA).run(10);
        Exchange.Transcript b = AiotS9Pairing.pair(p, seedB).run(10);
        Set<String> nonces = new HashSet<>();
        for (Exchange.Transcript t : List.of(a, b)) {
            nonces.add(hex(t.frames().get(0).frame(), 2, 10));
            nonces.add(hex(t.frames().get(1).frame(), 2, 10));
        }
        assertEquals(4, nonces.size(), "network and device nonces of both runs are all different: " + nonces);
    }

    @Property(tries = 20)
    void manyExchangesOnOnePairNeverRepeatANonce(@ForAll long seed, @ForAll IdMode mode) {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(seed), Set.of());
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());
        Set<String> nonces = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Exchange.Transcript t = i % 2 == 0
                    ? Exchange.run(infra, infra.page(Fixtures.DEVICE_ID), device, 4)
                    : Exchange.run(infra, infra.command(Fixtures.DEVICE_ID, SecurityPolicy.INTEGRITY, new byte[1]),
                    device, 4);
            assertFalse(t.anyRejected(), t.toString());
            nonces.add(hex(t.frames().get(0).frame(), i % 2 == 0 ? 2 : 3, i % 2 == 0 ? 10 : 11));
            nonces.add(hex(t.frames().get(1).frame(), i % 2 == 0 ? 2 : 3, i % 2 == 0 ? 10 : 11));
        }
        assertEquals(100, nonces.size());
    }

    @Property(tries = 50)
    void afterAPowerCutTheDeviceDrawsAFreshNonceAndKeepsNothingInNonVolatileMemory(@ForAll long seed,
                                                                                   @ForAll IdMode mode) {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        InMemoryStore store = new InMemoryStore();
        SeededRandomSource deviceRandom = new SeededRandomSource(seed);
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());

        AiotS9Device before = new AiotS9Device(p, new MachineContext(deviceRandom, new ManualClock(0), store),
                Set.of());
        byte[] firstPaging = Fixtures.onlyTransmit(infra.page(Fixtures.DEVICE_ID));
        Exchange.Transcript t1 = Exchange.run(infra, List.of(new Effect.Transmit(firstPaging)), before, 4);
        assertTrue(t1.firstEstablished());

        AiotS9Device after = new AiotS9Device(p, new MachineContext(deviceRandom, new ManualClock(0), store),
                Set.of());
        assertEquals("LISTENING", after.state(), "RAM is gone: the device starts over");
        Exchange.Transcript t2 = Exchange.run(infra, infra.page(Fixtures.DEVICE_ID), after, 4);
        assertTrue(t2.firstEstablished() && t2.secondEstablished(), t2.toString());
        assertFalse(Arrays.equals(Arrays.copyOfRange(t1.frames().get(1).frame(), 2, 10),
                Arrays.copyOfRange(t2.frames().get(1).frame(), 2, 10)), "device nonce reused after power loss");
        assertTrue(store.keys().isEmpty(), "the spec keeps nothing across power loss: " + store.keys());

        // The documented limit: the new device's replay window is empty, so it answers the old paging again, but
        // its answer (fresh device nonce) answers no outstanding paging and the AIoTF refuses it.
        byte[] answer = Fixtures.onlyTransmit(after.receive(firstPaging));
        assertEquals(AiotS9Rule.R9.id(), Fixtures.rejectedRule(infra.receive(answer)));
    }

    @Property(tries = 200)
    void neitherMachineThrowsOnArbitraryInput(@ForAll @Size(max = 100) byte[] bytes, @ForAll IdMode mode) {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.NONE);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(1), Set.of());
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(2), Set.of());
        infra.page(Fixtures.DEVICE_ID);
        for (List<Effect> effects : List.of(device.receive(bytes), infra.receive(bytes))) {
            assertEquals(1, effects.size());
            assertTrue(effects.get(0) instanceof Effect.Rejected || effects.get(0) instanceof Effect.Ignored,
                    effects.toString());
        }
    }

    private static byte[] delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst().orElseThrow(() -> new AssertionError("nothing delivered: " + effects));
    }

    private static String hex(byte[] b, int from, int to) {
        return dev.ampbench.protocol.codec.Hex.encode(Arrays.copyOfRange(b, from, to));
    }
}
