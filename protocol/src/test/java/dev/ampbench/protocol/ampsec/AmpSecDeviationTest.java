package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.ampsec.Fixtures.rejectedRule;
import static dev.ampbench.protocol.ampsec.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each deviation the amp-sec machines implement, shown misbehaving next to the correct machine. */
class AmpSecDeviationTest {

    private static Link staWith(long seed, Deviation d) {
        return new Link(seed, Fixtures.personalization(), Set.of(d), Set.of());
    }

    private static Link apWith(long seed, Deviation d) {
        return new Link(seed, Fixtures.personalization(), Set.of(), Set.of(d));
    }

    @Test
    void brokenByNamesTheRuleOfEachImplementedDeviation() {
        assertEquals(Optional.of(AmpSecRule.R3), AmpSecRule.brokenBy(Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals(Optional.of(AmpSecRule.R4), AmpSecRule.brokenBy(Deviation.NONCE_NOT_FRESH));
        assertEquals(Optional.of(AmpSecRule.R7), AmpSecRule.brokenBy(Deviation.MIC_NOT_CHECKED));
        assertEquals(Optional.of(AmpSecRule.R7), AmpSecRule.brokenBy(Deviation.MIC_FIRST_BYTE_ONLY));
        assertEquals(Optional.of(AmpSecRule.R10), AmpSecRule.brokenBy(Deviation.REPLAY_ACCEPTED));
        assertEquals(Optional.of(AmpSecRule.R9), AmpSecRule.brokenBy(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS));
        assertEquals(Optional.of(AmpSecRule.R11), AmpSecRule.brokenBy(Deviation.ANSWERS_FOREIGN_ADDRESS));
        assertEquals(Optional.of(AmpSecRule.R12), AmpSecRule.brokenBy(Deviation.COUNTER_RESET_ON_POWER_LOSS));
        assertEquals(Optional.empty(), AmpSecRule.brokenBy(Deviation.LEAVES_PROVISIONING_EARLY));
        assertEquals(Optional.empty(), AmpSecRule.brokenBy(Deviation.POLICY_DOWNGRADE_ACCEPTED));
    }

    @Test
    void nonceReusedAfterPowerLossRepeatsTheSnonce() {
        Link bad = staWith(1, Deviation.NONCE_REUSED_AFTER_POWER_LOSS);
        byte[] first = ResponseFrameView.of(bad.establish().response()).snonce();
        bad.powerCycle();
        byte[] second = ResponseFrameView.of(bad.establish().response()).snonce();
        assertArrayEquals(first, second);

        Link good = new Link(1);
        byte[] a = ResponseFrameView.of(good.establish().response()).snonce();
        good.powerCycle();
        assertFalse(Arrays.equals(a, ResponseFrameView.of(good.establish().response()).snonce()));
    }

    @Test
    void nonceNotFreshRepeatsTheAnonce() throws FrameDecodeException {
        Link bad = apWith(2, Deviation.NONCE_NOT_FRESH);
        byte[] a = TriggerFrame.decode(bad.establish().trigger()).anonce();
        byte[] b = TriggerFrame.decode(bad.establish().trigger()).anonce();
        assertArrayEquals(a, b);
        Link good = new Link(2);
        assertFalse(Arrays.equals(TriggerFrame.decode(good.establish().trigger()).anonce(),
                TriggerFrame.decode(good.establish().trigger()).anonce()));
    }

    @Test
    void micNotCheckedAcceptsAZeroMicAndAForgedCcmMic() {
        Link bad = apWith(3, Deviation.MIC_NOT_CHECKED);
        byte[] response = transmitted(bad.sta.receive(transmitted(bad.ap.trigger())));
        Arrays.fill(response, response.length - 16, response.length, (byte) 0);
        assertTrue(Fixtures.established(bad.ap.receive(response)), "AP established on a zero MIC");

        Link badSta = staWith(4, Deviation.MIC_NOT_CHECKED);
        badSta.establish();
        byte[] down = transmitted(badSta.ap.sendData(Fixtures.SA, new byte[] {1, 2}));
        down[down.length - 1] ^= 0x55;
        assertArrayEquals(new byte[] {1, 2}, Fixtures.delivered(badSta.sta.receive(down)).get(0));
    }

    @Test
    void micFirstByteOnlyAcceptsAMicWrongInItsLastByte() {
        Link bad = apWith(5, Deviation.MIC_FIRST_BYTE_ONLY);
        byte[] response = transmitted(bad.sta.receive(transmitted(bad.ap.trigger())));
        byte[] forged = response.clone();
        forged[forged.length - 1] ^= 0x01;
        assertTrue(Fixtures.established(bad.ap.receive(forged)));
        byte[] wrongFirst = response.clone();
        wrongFirst[wrongFirst.length - 16] ^= 0x01;
        Link bad2 = apWith(5, Deviation.MIC_FIRST_BYTE_ONLY);
        byte[] r2 = transmitted(bad2.sta.receive(transmitted(bad2.ap.trigger())));
        r2[r2.length - 16] ^= 0x01;
        assertEquals("AMP-SEC-R7", rejectedRule(bad2.ap.receive(r2)), "the first byte is still compared");
    }

    @Test
    void replayAcceptedDeliversAReplayedFrameTwice() {
        Link bad = staWith(6, Deviation.REPLAY_ACCEPTED);
        bad.establish();
        byte[] down = transmitted(bad.ap.sendData(Fixtures.SA, new byte[] {5}));
        assertEquals(1, Fixtures.delivered(bad.sta.receive(down)).size());
        assertEquals(1, Fixtures.delivered(bad.sta.receive(down)).size(), "replay delivered again");

        Link badAp = apWith(7, Deviation.REPLAY_ACCEPTED);
        Link.Handshake h = badAp.establish();
        assertTrue(Fixtures.established(badAp.ap.receive(h.response())), "replayed Response re-establishes");
    }

    @Test
    void keysKeptAcrossPowerLossSendsDataWithoutAHandshakeAndReusesPns() {
        Link bad = staWith(8, Deviation.KEYS_KEPT_ACROSS_POWER_LOSS);
        bad.establish();
        byte[] before = transmitted(bad.sta.sendData(new byte[] {1}));
        assertEquals(1, Fixtures.delivered(bad.ap.receive(before)).size());
        bad.powerCycle();
        assertEquals(AmpSecStation.ESTABLISHED, bad.sta.state());
        byte[] after = transmitted(bad.sta.sendData(new byte[] {2}));
        assertEquals("AMP-SEC-R10", rejectedRule(bad.ap.receive(after)), "PN 1 again under the same TK");
        assertTrue(bad.staStore.keys().contains(AmpSecStation.SESSION_RECORD));
    }

    @Test
    void answersForeignAddressRespondsToAnotherStasPageAndAnotherAp() {
        Link bad = staWith(9, Deviation.ANSWERS_FOREIGN_ADDRESS);
        byte[] other = Hex.decode("b0b1b2b3b4ff");
        bad.ap.enroll(Fixtures.personalization(other));
        List<Effect> effects = bad.sta.receive(transmitted(bad.ap.page(other)));
        byte[] response = transmitted(effects);
        assertEquals("AMP-SEC-R11", rejectedRule(bad.ap.receive(response)));
    }

    @Test
    void counterResetOnPowerLossForgetsThePmkGeneration() {
        Link bad = staWith(10, Deviation.COUNTER_RESET_ON_POWER_LOSS);
        bad.establish();
        assertTrue(Fixtures.established(bad.sta.receive(transmitted(bad.ap.updatePmk(Fixtures.SA)))));
        bad.establish(); // proves generation 1 while still powered
        bad.powerCycle();
        assertEquals(0, bad.sta.pmkGeneration(), "generation 1 was never committed");
        byte[] response = transmitted(bad.sta.receive(transmitted(bad.ap.trigger())));
        assertEquals("AMP-SEC-R13", rejectedRule(bad.ap.receive(response)), "locked out after power loss");

        Link good = new Link(10);
        good.establish();
        good.sta.receive(transmitted(good.ap.updatePmk(Fixtures.SA)));
        good.establish();
        good.powerCycle();
        assertEquals(1, good.sta.pmkGeneration());
        good.establish();
    }
}
