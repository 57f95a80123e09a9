package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.lorawan.Fixtures.accepted;
import static dev.ampbench.protocol.lorawan.Fixtures.delivered;
import static dev.ampbench.protocol.lorawan.Fixtures.flip;
import static dev.ampbench.protocol.lorawan.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** The two machines under arbitrary identities, keys, randomness, tampering and power cuts. */
class LoRaWanMachinePropertiesTest {

    private static LoRaWanPersonalization personalization(LoRaWanVersion v, long devEui, long joinEui, byte[] k1,
                                                          byte[] k2) {
        return v == LoRaWanVersion.V1_1
                ? LoRaWanPersonalization.v1_1(devEui, joinEui, KeyMaterial.of(k1), KeyMaterial.of(k2))
                : LoRaWanPersonalization.v1_0_4(devEui, joinEui, KeyMaterial.of(k1));
    }

    @Property(tries = 200)
    void joinCompletesAndDataFlowsForArbitraryIdentitiesKeysAndRandomness(
            @ForAll LoRaWanVersion v, @ForAll long devEui, @ForAll long joinEui, @ForAll @Size(16) byte[] k1,
            @ForAll @Size(16) byte[] k2, @ForAll long seed, @ForAll @IntRange(max = 0xffffff) int netId,
            @ForAll @Size(max = 50) byte[] payload) {
        LoRaWanPersonalization p = personalization(v, devEui, joinEui, k1, k2);
        LoRaWanNetworkConfig config = new LoRaWanNetworkConfig(netId, 0, 0, 1, new byte[0]);
        Pairing pairing = LoRaWanPairing.pair(p, config, MachineContext.forTest(seed), Set.of(),
                MachineContext.forTest(~seed), Set.of());
        Exchange.Transcript t = pairing.run(4);
        assertTrue(t.firstEstablished() && t.secondEstablished(), t::toString);
        LoRaWanDevice device = (LoRaWanDevice) pairing.device();
        assertEquals(netId & 0x3f, device.devAddr().orElseThrow() >>> 25, "DevAddr carries the NwkID");
        List<Effect> up = pairing.infrastructure().receive(transmitted(device.sendData(payload)));
        assertArrayEquals(payload, delivered(up));
    }

    @Property(tries = 200)
    void anySingleBitFlipOfAProtectedFrameIsRefused(@ForAll LoRaWanVersion v, @ForAll @IntRange(max = 3) int which,
                                                    @ForAll @IntRange(min = 0) int bitChoice, @ForAll long seed) {
        Link link = Link.of(Fixtures.of(v));
        byte[] frame;
        ProtocolMachine receiver;
        if (which == 0) {
            frame = link.joinRequest();
            receiver = link.network;
        } else if (which == 1) {
            link.toNetwork(link.joinRequest());
            frame = transmitted(link.networkEffects);
            receiver = link.device;
        } else if (which == 2) {
            link.join();
            frame = link.uplink(new byte[] {(byte) seed, (byte) (seed >> 8)});
            receiver = link.network;
        } else {
            link.join();
            frame = transmitted(link.network.sendData(link.devAddr(), new byte[] {(byte) seed}, 1 + (int) (seed & 7),
                    (seed & 8) != 0));
            receiver = link.device;
        }
        int bit = bitChoice % (frame.length * 8);
        List<Effect> effects = receiver.receive(flip(frame, bit));
        assertFalse(accepted(effects), () -> "bit " + bit + " flipped and accepted: " + effects);
        assertEquals(1, effects.size(), effects::toString);
        if (!routingField(frame, bit)) {
            assertTrue(effects.get(0) instanceof Effect.Rejected, () -> "bit " + bit + ": " + effects);
        }
    }

    /** A flip in MHDR's MType or in an address may turn the frame into one for somebody else: Ignored is right. */
    private static boolean routingField(byte[] frame, int bit) {
        Frame f;
        try {
            f = new LoRaWanCodec().decode(frame);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        for (FieldDescriptor d : f.fields()) {
            if (bit / 8 >= d.offset() && bit / 8 < d.end()) {
                return d.kind() == FieldKind.ADDRESS || (d.kind() == FieldKind.TYPE && d.offset() == 0 && bit % 8 >= 5);
            }
        }
        return false;
    }

    @Property(tries = 100)
    void joinNoncesNeverRepeatAcrossJoinsLostAnswersAndPowerCuts(@ForAll LoRaWanVersion v,
                                                                 @ForAll @Size(min = 1, max = 12) List<
                                                                         @IntRange(max = 2) Integer> steps)
            throws Exception {
        Link link = Link.of(Fixtures.of(v));
        List<Integer> devNonces = new ArrayList<>();
        List<Integer> joinNonces = new ArrayList<>();
        for (int step : steps) {
            if (step == 2) {
                link.powerCycleDevice();
                continue;
            }
            byte[] request = link.joinRequest();
            devNonces.add(JoinRequest.decode(request).devNonce());
            link.toNetwork(request);
            byte[] accept = transmitted(link.networkEffects);
            joinNonces.add(JoinAcceptContent.decode(JoinCrypto.open(Fixtures.of(v).nwkKey(),
                    JoinAccept.decode(accept))).joinNonce());
            if (step == 1) {
                assertTrue(Fixtures.established(link.toDevice(accept)));
            }
        }
        assertStrictlyIncreasing(devNonces);
        assertStrictlyIncreasing(joinNonces);
    }

    private static void assertStrictlyIncreasing(List<Integer> values) {
        for (int i = 1; i < values.size(); i++) {
            assertTrue(values.get(i) > values.get(i - 1), values::toString);
        }
    }

    @Property(tries = 100)
    void afterAPowerCutTheDeviceRejoinsWithAFreshDevNonceAndFCntZero(@ForAll LoRaWanVersion v,
                                                                     @ForAll @IntRange(max = 5) int joinsBefore,
                                                                     @ForAll @IntRange(max = 5) int uplinksBefore)
            throws Exception {
        Link link = Link.of(Fixtures.of(v));
        for (int i = 0; i < joinsBefore; i++) {
            link.join();
        }
        if (joinsBefore > 0) {
            for (int i = 0; i < uplinksBefore; i++) {
                assertTrue(accepted(link.toNetwork(link.uplink(new byte[] {(byte) i}))));
            }
        }
        link.powerCycleDevice();
        assertEquals(LoRaWanDevice.IDLE, link.device.state());
        assertTrue(link.device.devAddr().isEmpty());
        byte[] request = link.joinRequest();
        assertEquals(joinsBefore, JoinRequest.decode(request).devNonce());
        link.toNetwork(request);
        assertTrue(Fixtures.established(link.toDevice(transmitted(link.networkEffects))));
        byte[] up = link.uplink(new byte[] {42});
        assertEquals(0, DataFrame.decode(up).fCnt16());
        assertArrayEquals(new byte[] {42}, delivered(link.toNetwork(up)));
    }

    @Property(tries = 300)
    void machinesNeverThrowOnArbitraryInput(@ForAll LoRaWanVersion v, @ForAll @Size(max = 64) byte[] junk,
                                            @ForAll boolean joined) {
        Link link = Link.of(Fixtures.of(v));
        if (joined) {
            link.join();
        } else {
            link.joinRequest();
        }
        List<Effect> toDevice = link.device.receive(junk);
        List<Effect> toNetwork = link.network.receive(junk);
        assertEquals(1, toDevice.size());
        assertEquals(1, toNetwork.size());
        assertFalse(accepted(toDevice) || accepted(toNetwork));
    }
}
