package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.aiots9.AiotS9MacObserver.Status;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.Pairing;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The passive observer follows a real device and AIoTF: every Mac verifies, a flipped one fails, no key no verdict. */
class AiotS9MacObserverTest {

    /** A paging and its response, then a command under each policy and its response. */
    private static List<byte[]> air(AiotS9Personalization p) {
        Pairing pairing = AiotS9Pairing.pair(p, 7);
        List<byte[]> air = new ArrayList<>();
        Exchange.Transcript t = pairing.run(8);
        t.frames().forEach(s -> air.add(s.frame()));
        AiotS9Infrastructure net = (AiotS9Infrastructure) pairing.infrastructure();
        for (SecurityPolicy policy : List.of(SecurityPolicy.INTEGRITY, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY)) {
            byte[] cmd = Fixtures.onlyTransmit(net.command(p.deviceId(), policy, new byte[] {1, 2, 3}));
            air.add(cmd);
            byte[] res = Fixtures.onlyTransmit(pairing.device().receive(cmd));
            air.add(res);
            net.receive(res);
        }
        assertEquals(6, air.size());
        return air;
    }

    @ParameterizedTest
    @EnumSource(IdMode.class)
    void everyMacOfAConformingExchangeVerifies(IdMode mode) throws Exception {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Personalization other = Fixtures.personalization(new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, Fixtures.KEY, mode);
        AiotS9MacObserver o = new AiotS9MacObserver(List.of(other, p));
        for (byte[] f : air(p)) {
            AiotS9MacObserver.Verdict v = o.observe(f);
            assertEquals(Status.VERIFIED, v.status(), v.detail());
        }
    }

    @ParameterizedTest
    @EnumSource(IdMode.class)
    void aFlippedMacOctetFails(IdMode mode) throws Exception {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        List<byte[]> air = air(p);
        for (int k = 0; k < air.size(); k++) {
            AiotS9MacObserver o = new AiotS9MacObserver(List.of(p));
            for (int i = 0; i < k; i++) {
                assertEquals(Status.VERIFIED, o.observe(air.get(i)).status());
            }
            byte[] bad = air.get(k).clone();
            bad[bad.length - 1] ^= 0x01; // the Mac is the last field of every frame
            assertEquals(Status.FAILED, o.observe(bad).status(), "frame " + k);
        }
    }

    @Test
    void framesOfAnUnknownDeviceAreNotJudged() throws Exception {
        AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
        AiotS9MacObserver o = new AiotS9MacObserver(List.of(Fixtures.personalization(
                new byte[] {9, 9, 9, 9, 9, 9, 9, 9}, Fixtures.KEY, IdMode.ENCRYPTED_ID)));
        for (byte[] f : air(p)) {
            assertEquals(Status.NO_KEYS, o.observe(f).status());
        }
    }
}
