package dev.ampbench.protocol.ampprov;

import static dev.ampbench.protocol.ampprov.AmpProvRulesTest.QUERY;
import static dev.ampbench.protocol.ampprov.AmpProvRulesTest.responseFor;
import static dev.ampbench.protocol.ampprov.Harness.assertRejected;
import static dev.ampbench.protocol.ampprov.Harness.frame;
import static dev.ampbench.protocol.ampprov.Harness.has;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each deviation amp-prov implements, showing the misbehaviour and, for contrast, the correct machine's answer. */
class AmpProvDeviationTest {

    @Test
    void leavesProvisioningEarlyTakesTheAddressFromAnUnverifiedResponse() {
        Harness h = Harness.tagWith(1, Deviation.LEAVES_PROVISIONING_EARLY);
        byte[] response = responseFor(h);
        response[response.length - 1] ^= 1;
        assertRejected(AmpProvRule.R3, h.tag.receive(response));
        assertEquals(AmpProvDevice.NORMAL, h.tag.state(), "left provisioning mode without proof");
        assertEquals(AmpProvRule.R1, AmpProvRule.brokenBy(Deviation.LEAVES_PROVISIONING_EARLY).orElseThrow());
    }

    @Test
    void nonceReusedAfterPowerLossRepeatsTheTagNonce() throws Exception {
        Harness h = Harness.tagWith(2, Deviation.NONCE_REUSED_AFTER_POWER_LOSS);
        byte[] beacon = frame(h.gw.beacon());
        byte[] before = ProvRequest.decode(frame(h.tag.receive(beacon))).tagNonce();
        byte[] after = ProvRequest.decode(frame(h.powerCut().receive(beacon))).tagNonce();
        assertArrayEquals(before, after);
        // The gateway notices the repeat (R5) even though the tag does not.
        h.gw.receive(requestWith(h, before));
        assertRejected(AmpProvRule.R5, h.gw.receive(requestWith(h, after)));
    }

    private static byte[] requestWith(Harness h, byte[] nonce) {
        return new ProvRequest(h.gw.gatewayId(), h.idHash(), KdfMode.SLIDES, nonce).encode();
    }

    @Test
    void micNotCheckedAcceptsAResponseWithAnyMic() {
        Harness h = Harness.tagWith(3, Deviation.MIC_NOT_CHECKED);
        byte[] response = responseFor(h);
        java.util.Arrays.fill(response, response.length - AmpProvParams.MIC_LEN, response.length, (byte) 0);
        assertTrue(has(h.tag.receive(response), Effect.Established.class));
    }

    @Test
    void micNotCheckedDeliversAForgedSensorRequest() {
        Harness h = Harness.tagWith(4, Deviation.MIC_NOT_CHECKED);
        h.provision();
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        req[req.length - 1] ^= 1;
        assertTrue(has(h.tag.receive(req), Effect.Deliver.class));
    }

    @Test
    void micFirstByteOnlyAcceptsAResponseWhoseOtherMicBytesAreWrong() {
        Harness h = Harness.tagWith(5, Deviation.MIC_FIRST_BYTE_ONLY);
        byte[] response = responseFor(h);
        response[response.length - 1] ^= 1;
        assertTrue(has(h.tag.receive(response), Effect.Established.class));

        Harness firstByteWrong = Harness.tagWith(5, Deviation.MIC_FIRST_BYTE_ONLY);
        byte[] bad = responseFor(firstByteWrong);
        bad[bad.length - AmpProvParams.MIC_LEN] ^= 1;
        assertRejected(AmpProvRule.R3, firstByteWrong.tag.receive(bad));
    }

    @Test
    void micFirstByteOnlyDeliversASensorRequestWhoseLastMicByteIsWrong() {
        Harness h = Harness.tagWith(14, Deviation.MIC_FIRST_BYTE_ONLY);
        h.provision();
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        req[req.length - 1] ^= 1;
        assertTrue(has(h.tag.receive(req), Effect.Deliver.class));
        byte[] first = frame(h.gw.requestSensorData(h.addr(), QUERY));
        first[first.length - AmpProvParams.MIC_LEN] ^= 1;
        assertRejected(AmpProvRule.R11, h.tag.receive(first));
    }

    @Test
    void replayAcceptedDeliversAReplayedSensorRequestAndReusesItsNonce() {
        Harness h = Harness.tagWith(6, Deviation.REPLAY_ACCEPTED);
        h.provision();
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        List<Effect> first = h.tag.receive(req);
        h.tag.setSensorReading(new byte[] {42});
        List<Effect> replay = h.tag.receive(req);
        assertTrue(has(replay, Effect.Deliver.class));
        byte[] a = frame(first);
        byte[] b = frame(replay);
        // Same CCM nonce (header) for two different readings: the tag just reused a keystream.
        assertArrayEquals(java.util.Arrays.copyOf(a, ProtectedFrame.HEADER_LEN),
                java.util.Arrays.copyOf(b, ProtectedFrame.HEADER_LEN));
        assertFalse(java.util.Arrays.equals(a, b));
    }

    @Test
    void counterResetOnPowerLossGoesBackToAnOldKeyAndAcceptsOldFrames() {
        Harness h = Harness.tagWith(7, Deviation.COUNTER_RESET_ON_POWER_LOSS);
        h.provision();
        byte[] oldReq = frame(h.gw.requestSensorData(h.addr(), QUERY));
        assertTrue(has(h.tag.receive(oldReq), Effect.Deliver.class));
        h.gw.receive(frame(h.tag.receive(frame(h.gw.rekey(h.addr(), 2)))));
        AmpProvDevice rebooted = h.powerCut();
        assertTrue(has(rebooted.receive(oldReq), Effect.Deliver.class), "Ek_1_0 is back in use");
        assertFalse(h.tagStore.read(TagRecords.SESSION).isPresent());
    }

    @Test
    void answersForeignAddressAnswersABeaconWhenProvisioned() {
        Harness h = Harness.tagWith(8, Deviation.ANSWERS_FOREIGN_ADDRESS);
        h.provision();
        assertTrue(has(h.tag.receive(frame(h.gw.beacon())), Effect.Transmit.class));
    }

    @Test
    void answersForeignAddressProcessesAnotherTagsFrame() {
        Harness h = Harness.tagWith(9, Deviation.ANSWERS_FOREIGN_ADDRESS);
        h.gw.allocateFrom(0x10);
        h.provision();
        Harness other = Harness.correct(10, KdfMode.SLIDES);
        other.gw.allocateFrom(0x20);
        other.provision();
        List<Effect> out = h.tag.receive(frame(other.gw.requestSensorData(other.addr(), QUERY)));
        assertFalse(out.get(0) instanceof Effect.Ignored, "a correct tag ignores it: " + out);
    }

    @Test
    void nonceNotFreshRepeatsTheGatewayTkNonce() throws Exception {
        Harness h = new Harness(11, KdfMode.SLIDES, Set.of(), Set.of(Deviation.NONCE_NOT_FRESH));
        byte[] first = ProvResponse.decode(responseFor(h)).tkNonce();
        byte[] second = ProvResponse.decode(responseFor(h)).tkNonce();
        assertArrayEquals(first, second);
    }

    @Test
    void policyDowngradeAcceptedLetsAStrongTagBeProvisionedWithTheSlidesKeys() {
        AmpProvPersonalization strong = AmpProvPersonalization.generate(new SeededRandomSource(12), 1, KdfMode.STRONG);
        AmpProvPersonalization slidesTag = new AmpProvPersonalization(strong.serialNumber(), strong.tagPrivateKey(),
                strong.asPrivateKey(), 1, KdfMode.SLIDES);
        Harness h = new Harness(strong, 12, Set.of(), Set.of(Deviation.POLICY_DOWNGRADE_ACCEPTED));
        h.tag = new AmpProvDevice(slidesTag.deviceIdentity(), h.tagCtx, Set.of());
        h.provision();
        assertEquals(AmpProvRule.R4, AmpProvRule.brokenBy(Deviation.POLICY_DOWNGRADE_ACCEPTED).orElseThrow());
    }

    @Test
    void gatewayMicNotCheckedAcceptsAForgedConfirm() {
        Harness h = new Harness(13, KdfMode.SLIDES, Set.of(), Set.of(Deviation.MIC_NOT_CHECKED));
        byte[] confirm = frame(h.tag.receive(responseFor(h)));
        confirm[confirm.length - 1] ^= 1;
        assertTrue(has(h.gw.receive(confirm), Effect.Established.class));
    }
}
