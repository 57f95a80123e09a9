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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.Pairing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The two machines against each other, one example per rule they enforce. */
class LoRaWanMachineTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.US_ASCII);

    private static DataFrame decodeData(byte[] frame) throws Exception {
        return DataFrame.decode(frame);
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void pairingJoinsBothSides(LoRaWanVersion v) {
        Pairing pairing = LoRaWanPairing.pair(Fixtures.of(v), 7);
        Exchange.Transcript t = pairing.run(4);
        assertTrue(t.firstEstablished(), t.toString());
        assertTrue(t.secondEstablished(), t.toString());
        assertFalse(t.anyRejected());
        assertEquals(2, t.frames().size());
        assertEquals(LoRaWanDevice.JOINED, pairing.device().state());
        assertEquals(LoRaWanNetwork.SERVING, pairing.infrastructure().state());
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void dataFlowsBothWaysAfterJoin(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        link.join();
        assertArrayEquals(HELLO, delivered(link.toNetwork(link.uplink(HELLO))));
        byte[] down = Fixtures.transmitted(link.network.sendData(link.devAddr(), new byte[] {1, 2, 3}, 5, false));
        assertArrayEquals(new byte[] {1, 2, 3}, delivered(link.toDevice(down)));
        assertArrayEquals(new byte[40], delivered(link.toNetwork(link.uplink(new byte[40]))));
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void networkNamesTheDevAddrOfTheDevicesCurrentSessionOnly(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        long devEui = link.personalization.devEui();
        assertTrue(link.network.devAddr(devEui).isEmpty(), "no session before the join");
        link.join();
        int first = link.device.devAddr().orElseThrow();
        assertEquals(first, link.network.devAddr(devEui).orElseThrow());
        assertTrue(link.network.devAddr(devEui + 1).isEmpty(), "a DevEUI it does not serve");
        link.join();
        int second = link.device.devAddr().orElseThrow();
        assertEquals(second, link.network.devAddr(devEui).orElseThrow(), "the rejoin's session replaces the first");
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void confirmedFramesAreAcknowledged(LoRaWanVersion v) throws Exception {
        Link link = Link.of(Fixtures.of(v));
        link.join();
        List<?> up = link.toNetwork(transmitted(link.device.sendData(HELLO, 2, true)));
        byte[] ack = transmitted(link.networkEffects);
        assertEquals(2, up.size(), "Deliver and the ACK");
        DataFrame ackFrame = decodeData(ack);
        assertTrue(ackFrame.ack());
        assertFalse(ackFrame.hasPort());
        assertTrue(link.toDevice(ack).isEmpty(), "a bare ACK is accepted and delivers nothing");

        byte[] confirmedDown = transmitted(link.network.sendData(link.devAddr(), HELLO, 3, true));
        assertArrayEquals(HELLO, delivered(link.toDevice(confirmedDown)));
        byte[] next = link.uplink(new byte[] {9});
        assertTrue(decodeData(next).ack(), "the next uplink acknowledges the confirmed downlink");
        assertArrayEquals(new byte[] {9}, delivered(link.toNetwork(next)));
    }

    @Test
    void r1MalformedFramesAreRejectedByBothSides() {
        Link link = Link.of(Fixtures.v11());
        assertEquals("LORAWAN-R1", rejectedRule(link.toNetwork(new byte[] {0x00, 0x01})));
        assertEquals("LORAWAN-R1", rejectedRule(link.toNetwork(new byte[0])));
        assertEquals("LORAWAN-R1", rejectedRule(link.toNetwork(new byte[] {(byte) 0xe0, 1, 2, 3, 4, 5})));
        assertEquals("LORAWAN-R1", rejectedRule(link.toDevice(new byte[] {0x21, 0x00})));
        byte[] joinRequestWithRfu = flip(link.joinRequest(), 2);
        assertEquals("LORAWAN-R1", rejectedRule(link.toNetwork(joinRequestWithRfu)));
    }

    @Test
    void r2DevNonceCountsFromZeroAndSurvivesPowerLoss() throws Exception {
        Link link = Link.of(Fixtures.v10());
        assertEquals(0, JoinRequest.decode(link.joinRequest()).devNonce());
        assertEquals(1, JoinRequest.decode(link.joinRequest()).devNonce());
        link.powerCycleDevice();
        assertEquals(2, JoinRequest.decode(link.joinRequest()).devNonce());
        assertEquals(3, CounterRecord.read(link.deviceStore, LoRaWanDevice.NVM_DEV_NONCE).orElseThrow(),
                "the next DevNonce is on record before the JoinRequest leaves");
    }

    @Test
    void r2DeviceRefusesToJoinOnceDevNoncesAreExhausted() {
        Link link = Link.of(Fixtures.v10());
        CounterRecord.write(link.deviceStore, LoRaWanDevice.NVM_DEV_NONCE, 65535);
        link.joinRequest();
        assertThrows(IllegalStateException.class, link::joinRequest);
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void r3JoinServerRefusesAnOldDevNonce(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        byte[] first = link.joinRequest();
        assertTrue(established(link.toNetwork(first)));
        assertEquals("LORAWAN-R3", rejectedRule(link.toNetwork(first)));
        byte[] second = link.joinRequest();
        assertTrue(established(link.toNetwork(second)));
        assertEquals("LORAWAN-R3", rejectedRule(link.toNetwork(first)), "an older DevNonce too");
    }

    @Test
    void r3DevNonceRecordSurvivesANetworkRestart() {
        Link link = Link.of(Fixtures.v10());
        byte[] request = link.joinRequest();
        assertTrue(established(link.toNetwork(request)));
        LoRaWanNetwork restarted = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(Fixtures.v10()),
                Fixtures.ctx(9, link.networkStore), Set.of());
        assertEquals("LORAWAN-R3", rejectedRule(restarted.receive(request)));
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void r4BadMicsAreRejectedEverywhere(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        byte[] request = link.joinRequest();
        assertEquals("LORAWAN-R4", rejectedRule(link.toNetwork(flip(request, 8 * 22))));
        link.toNetwork(request);
        byte[] accept = transmitted(link.networkEffects);
        assertEquals("LORAWAN-R4", rejectedRule(link.toDevice(flip(accept, 8 * 16 + 3))));
        assertEquals(LoRaWanDevice.JOINING, link.device.state());
        assertTrue(established(link.toDevice(accept)));
        byte[] up = link.uplink(HELLO);
        assertEquals("LORAWAN-R4", rejectedRule(link.toNetwork(flip(up, 8 * (up.length - 1)))));
        byte[] down = transmitted(link.network.sendData(link.devAddr(), HELLO, 1, false));
        assertEquals("LORAWAN-R4", rejectedRule(link.toDevice(flip(down, 8 * 9))));
    }

    @Test
    void r4JoinAcceptFromAnotherKeyIsRejected() {
        Link link = new Link(Fixtures.v10(), LoRaWanPersonalization.v1_0_4(Fixtures.DEV_EUI, Fixtures.JOIN_EUI,
                Fixtures.key(0x55)), Set.of(), Set.of(Deviation.MIC_NOT_CHECKED));
        assertTrue(established(link.toNetwork(link.joinRequest())), "the deviant network skips the MIC");
        assertEquals("LORAWAN-R4", rejectedRule(link.toDevice(transmitted(link.networkEffects))));
    }

    @Test
    void r5OneOneDeviceRefusesARepeatedJoinNonce() {
        Link link = new Link(Fixtures.v11(), Set.of(), Set.of(Deviation.NONCE_NOT_FRESH));
        link.join();
        link.toNetwork(link.joinRequest());
        assertEquals("LORAWAN-R5", rejectedRule(link.toDevice(transmitted(link.networkEffects))));
    }

    @Test
    void r5JoinNonceIncreasesPerDeviceAndSurvivesNetworkRestart() throws Exception {
        Link link = Link.of(Fixtures.v10());
        link.join();
        link.join();
        assertEquals(1, CounterRecord.read(link.networkStore, JoinServer.joinNonceRecord(Fixtures.DEV_EUI)).orElseThrow());
        link.network = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(Fixtures.v10()),
                Fixtures.ctx(3, link.networkStore), Set.of());
        byte[] accept = link.join();
        byte[] plain = JoinCrypto.open(Fixtures.v10().nwkKey(), JoinAccept.decode(accept));
        assertEquals(2, JoinAcceptContent.decode(plain).joinNonce());
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void r6CountersRestartAtEachJoin(LoRaWanVersion v) throws Exception {
        Link link = Link.of(Fixtures.of(v));
        link.join();
        assertEquals(0, decodeData(link.uplink(HELLO)).fCnt16());
        assertEquals(1, decodeData(link.uplink(HELLO)).fCnt16());
        link.join();
        byte[] up = link.uplink(HELLO);
        assertEquals(0, decodeData(up).fCnt16());
        assertArrayEquals(HELLO, delivered(link.toNetwork(up)));
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void r7ReplayedFramesAreRefused(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        link.join();
        byte[] first = link.uplink(HELLO);
        assertTrue(accepted(link.toNetwork(first)));
        assertEquals("LORAWAN-R7", rejectedRule(link.toNetwork(first)));
        assertTrue(accepted(link.toNetwork(link.uplink(HELLO))));
        assertEquals("LORAWAN-R7", rejectedRule(link.toNetwork(first)), "an older frame too");
        byte[] down = transmitted(link.network.sendData(link.devAddr(), HELLO, 1, false));
        assertTrue(accepted(link.toDevice(down)));
        assertEquals("LORAWAN-R7", rejectedRule(link.toDevice(down)));
    }

    @Test
    void r7CounterRollsOverThe16BitBoundary() throws Exception {
        Link link = Link.of(Fixtures.v10());
        link.join();
        byte[] frame = null;
        for (int i = 0; i <= 0x10000; i++) {
            frame = link.uplink(new byte[] {(byte) i});
            if (i == 0xfffe) {
                assertArrayEquals(new byte[] {(byte) 0xfe}, delivered(link.toNetwork(frame)));
            }
        }
        assertEquals(0, decodeData(frame).fCnt16(), "FCnt 0x10000 shows 0000 on the air");
        assertArrayEquals(new byte[] {0}, delivered(link.toNetwork(frame)), "0x10000 follows 0xfffe");
        assertEquals("LORAWAN-R7", rejectedRule(link.toNetwork(frame)));
    }

    @Test
    void r8PowerLossEndsTheSession() {
        Link link = Link.of(Fixtures.v11());
        link.join();
        link.powerCycleDevice();
        assertEquals(LoRaWanDevice.IDLE, link.device.state());
        assertThrows(IllegalStateException.class, () -> link.device.sendData(HELLO));
        link.join();
        assertArrayEquals(HELLO, delivered(link.toNetwork(link.uplink(HELLO))));
        assertFalse(link.deviceStore.keys().contains(LoRaWanDevice.NVM_SESSION));
    }

    @Test
    void r9FramesForOthersAreIgnored() {
        Link link = Link.of(Fixtures.v10());
        link.join();
        byte[] down = transmitted(link.network.sendData(link.devAddr(), HELLO, 1, false));
        assertTrue(ignored(link.toDevice(flip(down, 8))), "DevAddr changed");
        byte[] up = link.uplink(HELLO);
        assertTrue(ignored(link.toNetwork(flip(up, 8))), "uplink from a DevAddr without session");
        Link stranger = Link.of(LoRaWanPersonalization.v1_0_4(0x1234L, Fixtures.JOIN_EUI, Fixtures.key(1)));
        assertTrue(ignored(link.toNetwork(stranger.joinRequest())), "unknown DevEUI");
        Link otherJs = Link.of(LoRaWanPersonalization.v1_0_4(Fixtures.DEV_EUI, 0x99L, Fixtures.key(0x10)));
        assertTrue(ignored(link.toNetwork(otherJs.joinRequest())), "known DevEUI, another JoinEUI");
    }

    @Test
    void r10JoinAcceptOutsideAJoinIsIgnored() {
        Link link = Link.of(Fixtures.v10());
        byte[] accept = link.join();
        assertTrue(ignored(link.toDevice(accept)), "already joined");
        link.powerCycleDevice();
        assertTrue(ignored(link.toDevice(accept)), "idle");
    }

    @Test
    void r11OneOneDeviceFallsBackToOneZeroKeysWithoutOptNeg() {
        LoRaWanPersonalization device = Fixtures.v11();
        LoRaWanPersonalization asOneZero = LoRaWanPersonalization.v1_0_4(device.devEui(), device.joinEui(),
                device.nwkKey());
        Link link = new Link(device, asOneZero, Set.of(), Set.of());
        link.join();
        assertTrue(link.deviceEffects.toString().contains("LoRaWAN 1.0.4 session keys"), link.deviceEffects::toString);
        assertArrayEquals(HELLO, delivered(link.toNetwork(link.uplink(HELLO))));
    }

    @Test
    void networkServesManyDevices() {
        List<LoRaWanPersonalization> devices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            devices.add(i % 2 == 0
                    ? LoRaWanPersonalization.v1_0_4(0x1000 + i, Fixtures.JOIN_EUI, Fixtures.key(i))
                    : LoRaWanPersonalization.v1_1(0x1000 + i, Fixtures.JOIN_EUI, Fixtures.key(i), Fixtures.key(~i)));
        }
        LoRaWanNetwork network = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), devices,
                MachineContext.forTest(5), Set.of());
        List<LoRaWanDevice> joined = new ArrayList<>();
        for (LoRaWanPersonalization p : devices) {
            LoRaWanDevice d = new LoRaWanDevice(p, MachineContext.forTest(p.devEui()),
                    Set.of());
            assertTrue(established(d.receive(transmitted(network.receive(transmitted(d.join()))))));
            joined.add(d);
        }
        assertEquals(devices.size(), joined.stream().map(d -> d.devAddr().orElseThrow()).distinct().count(),
                "every session has its own DevAddr");
        for (LoRaWanDevice d : joined) {
            byte[] payload = Ids.eui(d.personalization().devEui()).getBytes(StandardCharsets.US_ASCII);
            assertArrayEquals(payload, delivered(network.receive(transmitted(d.sendData(payload)))));
        }
    }
}
