package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.lorawan.Fixtures.accepted;
import static dev.ampbench.protocol.lorawan.Fixtures.delivered;
import static dev.ampbench.protocol.lorawan.Fixtures.established;
import static dev.ampbench.protocol.lorawan.Fixtures.flip;
import static dev.ampbench.protocol.lorawan.Fixtures.ignored;
import static dev.ampbench.protocol.lorawan.Fixtures.rejectedRule;
import static dev.ampbench.protocol.lorawan.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.MachineContext;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each deviation the machines implement, shown misbehaving, and the rule the profile says it breaks. */
class LoRaWanDeviationTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    @Test
    void brokenByNamesTheRuleOfEveryImplementedDeviation() {
        Map<Deviation, Optional<String>> expected = new EnumMap<>(Deviation.class);
        expected.put(Deviation.NONCE_REUSED_AFTER_POWER_LOSS, Optional.of("LORAWAN-R2"));
        expected.put(Deviation.COUNTER_RESET_ON_POWER_LOSS, Optional.of("LORAWAN-R2"));
        expected.put(Deviation.NONCE_NOT_FRESH, Optional.of("LORAWAN-R5"));
        expected.put(Deviation.MIC_NOT_CHECKED, Optional.of("LORAWAN-R4"));
        expected.put(Deviation.MIC_FIRST_BYTE_ONLY, Optional.of("LORAWAN-R4"));
        expected.put(Deviation.REPLAY_ACCEPTED, Optional.of("LORAWAN-R7"));
        expected.put(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS, Optional.of("LORAWAN-R8"));
        expected.put(Deviation.ANSWERS_FOREIGN_ADDRESS, Optional.of("LORAWAN-R9"));
        expected.put(Deviation.LEAVES_PROVISIONING_EARLY, Optional.empty());
        expected.put(Deviation.POLICY_DOWNGRADE_ACCEPTED, Optional.empty());
        for (Deviation d : Deviation.values()) {
            assertEquals(expected.get(d), LoRaWanRule.brokenBy(d).map(r -> r.id()), d.name());
        }
    }

    @Test
    void micNotCheckedAcceptsForgedFramesOnBothSides() throws Exception {
        Link link = new Link(Fixtures.v10(), Set.of(Deviation.MIC_NOT_CHECKED), Set.of(Deviation.MIC_NOT_CHECKED));
        assertTrue(established(link.toNetwork(flip(link.joinRequest(), 8 * 22))),
                "network took a JoinRequest with a bad MIC");
        byte[] plain = JoinCrypto.open(Fixtures.v10().nwkKey(), JoinAccept.decode(transmitted(link.networkEffects)));
        JoinAcceptContent badMic = JoinAcceptContent.decode(plain).withMic(new byte[] {1, 2, 3, 4});
        byte[] forged = JoinCrypto.seal(Fixtures.v10().nwkKey(), badMic).encode();
        assertTrue(established(link.toDevice(forged)), "device took a JoinAccept with a bad MIC");
        byte[] down = transmitted(link.network.sendData(link.devAddr(), HELLO, 1, false));
        assertTrue(accepted(link.toDevice(flip(down, 8 * (down.length - 1)))), "device took a forged downlink");
    }

    @Test
    void micFirstByteOnlyAcceptsAMicWrongInItsLastBytes() {
        Link link = new Link(Fixtures.v11(), Set.of(), Set.of(Deviation.MIC_FIRST_BYTE_ONLY));
        link.join();
        byte[] up = link.uplink(HELLO);
        assertEquals("LORAWAN-R4", rejectedRule(link.toNetwork(flip(up, 8 * (up.length - 4)))), "first byte");
        assertArrayEquals(HELLO, delivered(link.toNetwork(flip(up, 8 * (up.length - 1)))), "last byte");
    }

    @Test
    void replayAcceptedTakesTheSameUplinkTwiceAndTheSameDownlinkTwice() {
        Link link = new Link(Fixtures.v10(), Set.of(Deviation.REPLAY_ACCEPTED), Set.of(Deviation.REPLAY_ACCEPTED));
        link.join();
        byte[] up = link.uplink(HELLO);
        assertArrayEquals(HELLO, delivered(link.toNetwork(up)));
        assertArrayEquals(HELLO, delivered(link.toNetwork(up)));
        byte[] down = transmitted(link.network.sendData(link.devAddr(), HELLO, 1, false));
        assertArrayEquals(HELLO, delivered(link.toDevice(down)));
        assertArrayEquals(HELLO, delivered(link.toDevice(down)));
    }

    @Test
    void counterResetOnPowerLossReusesDevNonceAndTheJoinServerRefusesIt() throws Exception {
        Link link = new Link(Fixtures.v10(), Set.of(Deviation.COUNTER_RESET_ON_POWER_LOSS), Set.of());
        link.join();
        link.powerCycleDevice();
        byte[] request = link.joinRequest();
        assertEquals(0, JoinRequest.decode(request).devNonce(), "DevNonce 0 again after the power cut");
        assertEquals("LORAWAN-R3", rejectedRule(link.toNetwork(request)));
        assertFalse(link.deviceStore.keys().contains(LoRaWanDevice.NVM_DEV_NONCE));
    }

    @Test
    void nonceReusedAfterPowerLossRepeatsTheFirstDevNonceOfEveryBoot() throws Exception {
        Link link = new Link(Fixtures.v11(), Set.of(Deviation.NONCE_REUSED_AFTER_POWER_LOSS), Set.of());
        byte[] first = link.joinRequest();
        assertTrue(established(link.toNetwork(first)));
        link.powerCycleDevice();
        byte[] again = link.joinRequest();
        assertEquals(JoinRequest.decode(first).devNonce(), JoinRequest.decode(again).devNonce());
        assertEquals("LORAWAN-R3", rejectedRule(link.toNetwork(again)));
    }

    @Test
    void nonceNotFreshRepeatsTheJoinNonce() throws Exception {
        Link link = new Link(Fixtures.v10(), Set.of(), Set.of(Deviation.NONCE_NOT_FRESH));
        byte[] a = link.join();
        byte[] b = link.join();
        int first = JoinAcceptContent.decode(JoinCrypto.open(Fixtures.v10().nwkKey(), JoinAccept.decode(a)))
                .joinNonce();
        int second = JoinAcceptContent.decode(JoinCrypto.open(Fixtures.v10().nwkKey(), JoinAccept.decode(b)))
                .joinNonce();
        assertEquals(first, second, "a 1.0.4 device does not notice; a 1.1 device refuses (R5 example)");
    }

    @Test
    void keysKeptAcrossPowerLossResumeWithFCntZeroWhichTheNetworkRefusesAsReplay() throws Exception {
        Link link = new Link(Fixtures.v11(), Set.of(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS), Set.of());
        link.join();
        assertArrayEquals(HELLO, delivered(link.toNetwork(link.uplink(HELLO))));
        int devAddr = link.devAddr();
        link.powerCycleDevice();
        assertEquals(LoRaWanDevice.JOINED, link.device.state(), "no rejoin after the power cut");
        assertEquals(devAddr, link.devAddr());
        byte[] up = link.uplink(HELLO);
        assertEquals(0, DataFrame.decode(up).fCnt16());
        assertEquals("LORAWAN-R7", rejectedRule(link.toNetwork(up)));
    }

    @Test
    void answersForeignAddressProcessesAnotherDevicesDownlink() {
        LoRaWanPersonalization other = LoRaWanPersonalization.v1_0_4(0xabcdL, Fixtures.JOIN_EUI, Fixtures.key(0x77));
        Link link = new Link(Fixtures.v10(), Set.of(Deviation.ANSWERS_FOREIGN_ADDRESS), Set.of());
        link.network.register(other);
        link.join();
        LoRaWanDevice otherDevice = new LoRaWanDevice(other, MachineContext.forTest(3), Set.of());
        otherDevice.receive(transmitted(link.toNetwork(transmitted(otherDevice.join()))));
        byte[] foreign = transmitted(link.network.sendData(otherDevice.devAddr().orElseThrow(), HELLO, 1, false));
        List<?> effects = link.toDevice(foreign);
        assertFalse(ignored(link.deviceEffects), "a correct device ignores it: " + effects);
        assertEquals("LORAWAN-R4", rejectedRule(link.deviceEffects));
    }

    @ParameterizedTest
    @EnumSource(value = Deviation.class, names = {"LEAVES_PROVISIONING_EARLY", "POLICY_DOWNGRADE_ACCEPTED"})
    void deviationsThisProfileCannotExhibitChangeNothing(Deviation d) {
        Exchange.Transcript correct = LoRaWanPairing.pair(Fixtures.v11(), LoRaWanNetworkConfig.defaults(),
                MachineContext.forTest(1), Set.of(), MachineContext.forTest(2), Set.of()).run(4);
        Exchange.Transcript deviant = LoRaWanPairing.pair(Fixtures.v11(), LoRaWanNetworkConfig.defaults(),
                MachineContext.forTest(1), Set.of(d), MachineContext.forTest(2), Set.of(d)).run(4);
        assertEquals(correct.frames().size(), deviant.frames().size());
        for (int i = 0; i < correct.frames().size(); i++) {
            assertArrayEquals(correct.frames().get(i).frame(), deviant.frames().get(i).frame());
        }
    }
}
