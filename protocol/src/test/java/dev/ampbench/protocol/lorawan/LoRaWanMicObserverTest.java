package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.lorawan.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.lorawan.LoRaWanMicObserver.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The passive observer follows a real device and network: every MIC of their exchange verifies, a flipped one not. */
class LoRaWanMicObserverTest {
    private static final byte[] HELLO = {'h', 'i'};

    /** Join, unconfirmed and confirmed data both ways, ACKs: every frame on the air, in order. */
    private static List<byte[]> air(LoRaWanVersion v) {
        Link link = Link.of(Fixtures.of(v));
        List<byte[]> air = new ArrayList<>();
        byte[] req = link.joinRequest();
        air.add(req);
        link.toNetwork(req);
        byte[] accept = transmitted(link.networkEffects);
        air.add(accept);
        link.toDevice(accept);
        byte[] up = link.uplink(HELLO);
        air.add(up);
        link.toNetwork(up);
        byte[] confirmedUp = transmitted(link.device.sendData(HELLO, 2, true));
        air.add(confirmedUp);
        link.toNetwork(confirmedUp);
        byte[] ack = transmitted(link.networkEffects);
        air.add(ack);
        link.toDevice(ack);
        byte[] confirmedDown = transmitted(link.network.sendData(link.devAddr(), HELLO, 3, true));
        air.add(confirmedDown);
        link.toDevice(confirmedDown);
        byte[] next = link.uplink(new byte[] {9});
        air.add(next);
        assertTrue(Fixtures.delivered(link.toNetwork(next)) != null, "the network took the last uplink");
        return air;
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void everyMicOfAConformingExchangeVerifies(LoRaWanVersion v) throws Exception {
        LoRaWanMicObserver o = new LoRaWanMicObserver(List.of(Fixtures.of(v)));
        for (byte[] f : air(v)) {
            LoRaWanMicObserver.Verdict verdict = o.observe(f);
            assertEquals(Status.VERIFIED, verdict.status(), verdict.detail());
        }
    }

    @ParameterizedTest
    @EnumSource(LoRaWanVersion.class)
    void aFlippedMicBitFailsWhereverItIs(LoRaWanVersion v) throws Exception {
        List<byte[]> air = air(v);
        for (int k = 0; k < air.size(); k++) {
            LoRaWanMicObserver o = new LoRaWanMicObserver(List.of(Fixtures.of(v)));
            for (int i = 0; i < air.size(); i++) {
                byte[] f = air.get(i);
                if (i == k) {
                    byte[] bad = Fixtures.flip(f, (f.length - 1) * 8); // a bit of the last octet: MIC (or, in a
                    LoRaWanMicObserver.Verdict verdict = o.observe(bad); // JoinAccept, the encrypted MIC block)
                    assertEquals(Status.FAILED, verdict.status(), "frame " + i + ": " + verdict.detail());
                    assertFalse(verdict.detail().toLowerCase().contains("key="), verdict.detail());
                    break;
                }
                assertEquals(Status.VERIFIED, o.observe(f).status(), "frame " + i);
            }
        }
    }

    @Test
    void withoutTheDevicesKeysNothingIsJudged() throws Exception {
        LoRaWanMicObserver o = new LoRaWanMicObserver(List.of());
        for (byte[] f : air(LoRaWanVersion.V1_1)) {
            assertEquals(Status.NO_KEYS, o.observe(f).status());
        }
    }
}
