package dev.ampbench.protocol.ampprov;

import static dev.ampbench.protocol.ampprov.Harness.assertIgnored;
import static dev.ampbench.protocol.ampprov.Harness.assertRejected;
import static dev.ampbench.protocol.ampprov.Harness.frame;
import static dev.ampbench.protocol.ampprov.Harness.has;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One example per rule the machines enforce, asserting the rule id; the spec's rules in the same order. */
class AmpProvRulesTest {
    static final byte[] QUERY = "ABCD".getBytes(StandardCharsets.US_ASCII);

    /** The gateway's PROV_RESPONSE to the tag's request, not yet given to the tag. */
    static byte[] responseFor(Harness h) {
        byte[] request = frame(h.tag.receive(frame(h.gw.beacon())));
        return frame(h.gw.receive(request));
    }

    @Test
    void r1ProtectedFramesWaitForProvisioning() {
        Harness h = Harness.correct(1, KdfMode.SLIDES);
        Harness other = Harness.correct(1, KdfMode.SLIDES);
        other.provision();
        byte[] req = frame(other.gw.requestSensorData(other.addr(), QUERY));
        assertIgnored(h.tag.receive(req));
        assertEquals(AmpProvDevice.PROVISIONING, h.tag.state());
    }

    @Test
    void r1TagStaysInProvisioningModeAfterAFailedResponse() {
        Harness h = Harness.correct(2, KdfMode.SLIDES);
        byte[] response = responseFor(h);
        response[response.length - 1] ^= 1;
        assertRejected(AmpProvRule.R3, h.tag.receive(response));
        assertEquals(AmpProvDevice.AWAIT_RESPONSE, h.tag.state());
        assertTrue(h.tag.localAddress().isEmpty());
        assertTrue(h.tagStore.keys().isEmpty(), "nothing persisted");
    }

    @Test
    void r2EveryRequestHasAFreshTagNonce() throws Exception {
        Harness h = Harness.correct(3, KdfMode.SLIDES);
        byte[] beacon = frame(h.gw.beacon());
        byte[] first = ProvRequest.decode(frame(h.tag.receive(beacon))).tagNonce();
        byte[] second = ProvRequest.decode(frame(h.tag.receive(beacon))).tagNonce();
        byte[] afterCut = ProvRequest.decode(frame(h.powerCut().receive(beacon))).tagNonce();
        assertFalse(java.util.Arrays.equals(first, second));
        assertFalse(java.util.Arrays.equals(first, afterCut));
        assertFalse(java.util.Arrays.equals(second, afterCut));
    }

    @Test
    void r3ResponseWithoutProofOfTheSecretIdentityIsRefused() {
        // The impostor knows A_pubk (public, on the QR label) and AS_pubk, but not the tag's serial number.
        Harness h = Harness.correct(4, KdfMode.SLIDES);
        AmpProvAuthServer impostor = new AmpProvAuthServer(h.personalization.asPrivateKey());
        impostor.register(new AmpProvDeviceRecord(KeyMaterial.of(new byte[16]), h.identity.tagPublicKey(),
                KdfMode.SLIDES));
        AmpProvInfrastructure fake = new AmpProvInfrastructure(h.personalization.gatewayId(), impostor,
                dev.ampbench.protocol.machine.MachineContext.forTest(9), Set.of());
        assertTrue(fake.enrol(QrPayload.forPublicKey(h.identity.tagPublicKey(), KdfMode.SLIDES.bit())));
        byte[] request = frame(h.tag.receive(frame(fake.beacon())));
        assertRejected(AmpProvRule.R3, h.tag.receive(frame(fake.receive(request))));
        assertEquals(AmpProvDevice.AWAIT_RESPONSE, h.tag.state());
    }

    @Test
    void r3StrongModeNeedsTheAsPrivateKeyToo() {
        // Knows A_SN and A_pubk but has another AS key: the X25519 secret differs, so KCK does.
        Harness h = Harness.correct(5, KdfMode.STRONG);
        AmpProvAuthServer impostor = new AmpProvAuthServer(KeyMaterial.of(new SeededRandomSource(5).bytes(32)));
        impostor.register(h.personalization.deviceRecord());
        AmpProvInfrastructure fake = new AmpProvInfrastructure(h.personalization.gatewayId(), impostor,
                dev.ampbench.protocol.machine.MachineContext.forTest(9), Set.of());
        assertTrue(fake.enrol(QrPayload.forPublicKey(h.identity.tagPublicKey(), KdfMode.STRONG.bit())));
        byte[] request = frame(h.tag.receive(frame(fake.beacon())));
        assertRejected(AmpProvRule.R3, h.tag.receive(frame(fake.receive(request))));
    }

    @Test
    void r4TagRefusesAResponseInAnotherMode() {
        Harness h = Harness.correct(6, KdfMode.STRONG);
        byte[] response = responseFor(h);
        response[9] = (byte) KdfMode.SLIDES.code();
        assertRejected(AmpProvRule.R4, h.tag.receive(response));
    }

    @Test
    void r4GatewayRefusesARequestInAnotherModeThanRecorded() {
        AmpProvPersonalization strong = AmpProvPersonalization.generate(new SeededRandomSource(7), 1, KdfMode.STRONG);
        // The tag was personalized for SLIDES, the AS records STRONG: a downgrade attempt.
        AmpProvPersonalization slidesTag = new AmpProvPersonalization(strong.serialNumber(), strong.tagPrivateKey(),
                strong.asPrivateKey(), 1, KdfMode.SLIDES);
        Harness h = new Harness(strong, 7, Set.of(), Set.of());
        AmpProvDevice downgraded = new AmpProvDevice(slidesTag.deviceIdentity(), h.tagCtx, Set.of());
        byte[] request = frame(downgraded.receive(frame(h.gw.beacon())));
        assertRejected(AmpProvRule.R4, h.gw.receive(request));
    }

    @Test
    void r5TagTreatsASecondProvisioningDownlinkAsAViolation() {
        Harness h = Harness.correct(8, KdfMode.SLIDES);
        byte[] response = responseFor(h);
        assertTrue(has(h.tag.receive(response), Effect.Established.class));
        assertRejected(AmpProvRule.R5, h.tag.receive(response));
    }

    @Test
    void r5GatewayAnswersATagNonceOnce() {
        Harness h = Harness.correct(9, KdfMode.SLIDES);
        byte[] request = frame(h.tag.receive(frame(h.gw.beacon())));
        frame(h.gw.receive(request));
        assertRejected(AmpProvRule.R5, h.gw.receive(request));
    }

    @Test
    void gatewayAnswersRequestsOnlyForItselfForEnrolledTagsWhileBeaconing() {
        Harness h = Harness.correct(29, KdfMode.SLIDES);
        byte[] request = frame(h.tag.receive(frame(h.gw.beacon())));
        h.gw.closeProvisioning();
        assertEquals(AmpProvInfrastructure.IDLE, h.gw.state());
        assertIgnored(h.gw.receive(request));
        h.gw.beacon();
        assertEquals(AmpProvInfrastructure.BEACONING, h.gw.state());
        ProvRequest other = new ProvRequest(h.gw.gatewayId() ^ 1, h.idHash(), KdfMode.SLIDES, new byte[8]);
        assertIgnored(h.gw.receive(other.encode()));
        ProvRequest stranger = new ProvRequest(h.gw.gatewayId(), new byte[8], KdfMode.SLIDES, new byte[8]);
        assertIgnored(h.gw.receive(stranger.encode()));
    }

    @Test
    void registeredButNotEnrolledTagIsIgnored() {
        AmpProvPersonalization p = AmpProvPersonalization.generate(new SeededRandomSource(30), 3, KdfMode.SLIDES);
        AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
        as.register(p.deviceRecord());
        AmpProvInfrastructure gw = new AmpProvInfrastructure(3, as,
                dev.ampbench.protocol.machine.MachineContext.forTest(30), Set.of());
        AmpProvDevice tag = new AmpProvDevice(p.deviceIdentity(),
                dev.ampbench.protocol.machine.MachineContext.forTest(31), Set.of());
        byte[] idHash = AmpProvKdf.idHash(AmpProvKdf.pubKeyHash(p.deviceIdentity().tagPublicKey()));
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_REGISTERED), gw.tagState(idHash));
        assertIgnored(gw.receive(frame(tag.receive(frame(gw.beacon())))));
        assertFalse(gw.enrol(QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), KdfMode.STRONG.bit())),
                "a QR payload without the recorded mode does not enrol");
        assertTrue(gw.enrol(QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), KdfMode.allBits())));
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_ENROLLED), gw.tagState(idHash));
    }

    @Test
    void r6EveryResponseHasAFreshTkNonce() throws Exception {
        Harness h = Harness.correct(10, KdfMode.SLIDES);
        byte[] first = ProvResponse.decode(responseFor(h)).tkNonce();
        byte[] second = ProvResponse.decode(responseFor(h)).tkNonce();
        assertFalse(java.util.Arrays.equals(first, second));
    }

    @Test
    void r7GatewayNeedsAValidConfirm() {
        Harness h = Harness.correct(11, KdfMode.STRONG);
        byte[] confirm = frame(h.tag.receive(responseFor(h)));
        confirm[confirm.length - 1] ^= 1;
        assertRejected(AmpProvRule.R7, h.gw.receive(confirm));
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_RESPONDED), h.gw.tagState(h.idHash()));
    }

    @Test
    void r7ALostConfirmIsReplacedByTheFirstProtectedResponse() {
        Harness h = Harness.correct(27, KdfMode.STRONG);
        byte[] confirm = frame(h.tag.receive(responseFor(h)));
        int addr = h.addr();
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_RESPONDED), h.gw.tagState(h.idHash()));
        List<Effect> out = h.gw.receive(frame(h.tag.receive(frame(h.gw.requestSensorData(addr, QUERY)))));
        assertTrue(has(out, Effect.Deliver.class) && has(out, Effect.Established.class), out::toString);
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_PROVISIONED), h.gw.tagState(h.idHash()));
        assertIgnored(h.gw.receive(confirm));
        assertTrue(has(h.gw.receive(frame(h.tag.receive(frame(h.gw.rekey(addr, 2))))), Effect.Established.class));
    }

    @Test
    void r7AResponseUnderUnconfirmedKeysFromAnImpostorIsRefused() throws Exception {
        Harness h = Harness.correct(28, KdfMode.SLIDES);
        h.tag.receive(responseFor(h));
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        ProtectedFrame genuine = ProtectedFrame.decode(frame(h.tag.receive(req)));
        byte[] forged = new ProtectedFrame(genuine.kind(), genuine.localAddr(), genuine.keySel(), genuine.cntr(),
                genuine.seq(), genuine.ciphertext(), new byte[AmpProvParams.MIC_LEN]).encode();
        assertRejected(AmpProvRule.R11, h.gw.receive(forged));
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_RESPONDED), h.gw.tagState(h.idHash()));
    }

    @Test
    void r8AddressAndKeysSurvivePowerLoss() {
        Harness h = Harness.correct(12, KdfMode.STRONG);
        h.provision();
        int addr = h.addr();
        AmpProvDevice rebooted = h.powerCut();
        assertEquals(AmpProvDevice.NORMAL, rebooted.state());
        assertEquals(addr, rebooted.localAddress().orElseThrow());
        List<Effect> out = rebooted.receive(frame(h.gw.requestSensorData(addr, QUERY)));
        assertArrayEquals(QUERY, ((Effect.Deliver) out.get(0)).payload());
        assertTrue(has(h.gw.receive(frame(out)), Effect.Deliver.class));
    }

    @Test
    void r8PowerLossBeforeTheResponseMeansStartingOver() {
        Harness h = Harness.correct(13, KdfMode.SLIDES);
        byte[] response = responseFor(h);
        AmpProvDevice rebooted = h.powerCut();
        assertEquals(AmpProvDevice.PROVISIONING, rebooted.state());
        assertIgnored(rebooted.receive(response));
    }

    @Test
    void r9ARekeyThatDoesNotAdvanceTheCounterIsRefused() {
        Harness h = Harness.correct(14, KdfMode.SLIDES);
        h.provision();
        byte[] rekey1 = frame(h.gw.rekey(h.addr(), 2));
        assertTrue(has(h.gw.receive(frame(h.tag.receive(rekey1))), Effect.Established.class));
        byte[] rekey2 = frame(h.gw.rekey(h.addr(), 1));
        assertTrue(has(h.gw.receive(frame(h.tag.receive(rekey2))), Effect.Established.class));
        assertRejected(AmpProvRule.R9, h.tag.receive(rekey1));
        assertRejected(AmpProvRule.R9, h.powerCut().receive(rekey1));
    }

    @Test
    void r9NewCounterIsWrittenBeforeTheNewKeyIsUsed() {
        Harness h = Harness.correct(15, KdfMode.SLIDES);
        h.provision();
        byte[] rekey = frame(h.gw.rekey(h.addr(), 1));
        h.tag.receive(rekey);
        // The REKEY_ACK is lost with the power: the stored counter already moved.
        byte[] session = h.tagStore.read(TagRecords.SESSION).orElseThrow();
        assertEquals(1, TagRecords.Session.decode(session).orElseThrow().cntr());
        // The gateway retries the same REKEY; the rebooted tag, already on the new key, acknowledges it again.
        byte[] retry = frame(h.gw.retryRekey(h.addr()));
        assertArrayEquals(rekey, retry);
        assertTrue(has(h.gw.receive(frame(h.powerCut().receive(retry))), Effect.Established.class));
        assertEquals(1, TagRecords.Session.decode(h.tagStore.read(TagRecords.SESSION).orElseThrow()).orElseThrow()
                .cntr());
        assertTrue(has(h.tag.receive(frame(h.gw.requestSensorData(h.addr(), QUERY))), Effect.Deliver.class));
    }

    @Test
    void r10DataUnderAnOldKeyIsRefused() {
        Harness h = Harness.correct(16, KdfMode.SLIDES);
        h.provision();
        byte[] oldReq = frame(h.gw.requestSensorData(h.addr(), QUERY));
        h.gw.receive(frame(h.tag.receive(frame(h.gw.rekey(h.addr(), 2)))));
        assertRejected(AmpProvRule.R10, h.tag.receive(oldReq));
    }

    @Test
    void r11AForgedSensorRequestIsRefused() {
        Harness h = Harness.correct(17, KdfMode.SLIDES);
        h.provision();
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        req[13] ^= 0x40;
        assertRejected(AmpProvRule.R11, h.tag.receive(req));
    }

    @Test
    void r12AReplayedSensorRequestIsRefusedAlsoAfterPowerLoss() {
        Harness h = Harness.correct(18, KdfMode.SLIDES);
        h.provision();
        byte[] req = frame(h.gw.requestSensorData(h.addr(), QUERY));
        assertTrue(has(h.tag.receive(req), Effect.Deliver.class));
        assertRejected(AmpProvRule.R12, h.tag.receive(req));
        assertRejected(AmpProvRule.R12, h.powerCut().receive(req));
    }

    @Test
    void r12GatewayRefusesAResponseToNoOutstandingRequest() {
        Harness h = Harness.correct(19, KdfMode.SLIDES);
        h.provision();
        byte[] res = frame(h.tag.receive(frame(h.gw.requestSensorData(h.addr(), QUERY))));
        assertTrue(has(h.gw.receive(res), Effect.Deliver.class));
        assertRejected(AmpProvRule.R12, h.gw.receive(res));
    }

    @Test
    void r13FramesForOthersAndBeaconsWhenProvisionedAreIgnored() {
        Harness h = Harness.correct(20, KdfMode.SLIDES);
        h.gw.allocateFrom(0x100);
        Harness other = Harness.correct(21, KdfMode.SLIDES);
        other.gw.allocateFrom(0x200);
        h.provision();
        other.provision();
        assertIgnored(h.tag.receive(frame(other.gw.requestSensorData(other.addr(), QUERY))));
        assertIgnored(h.tag.receive(frame(h.gw.beacon())));
        assertIgnored(h.tag.receive(responseFor(Harness.correct(26, KdfMode.SLIDES))));
    }

    @Test
    void r14AuthenticatedReprovisionErasesAndStartsOver() {
        Harness h = Harness.correct(22, KdfMode.STRONG);
        h.provision();
        assertTrue(h.tag.receive(frame(h.gw.reprovision(h.addr()))).isEmpty());
        assertEquals(AmpProvDevice.PROVISIONING, h.tag.state());
        assertTrue(h.tagStore.keys().isEmpty());
        assertEquals(Optional.of(AmpProvInfrastructure.TAG_ENROLLED), h.gw.tagState(h.idHash()));
        h.provision();
        assertEquals(AmpProvDevice.NORMAL, h.powerCut().state());
    }

    @Test
    void r14ForgedReprovisionIsRefused() {
        Harness h = Harness.correct(23, KdfMode.SLIDES);
        h.provision();
        byte[] f = frame(h.gw.reprovision(h.addr()));
        f[f.length - 1] ^= 1;
        assertRejected(AmpProvRule.R11, h.tag.receive(f));
        assertEquals(AmpProvDevice.NORMAL, h.tag.state());
    }

    @Test
    void r14LocalFactoryResetThenTheGatewayReprovisions() {
        Harness h = Harness.correct(24, KdfMode.SLIDES);
        h.provision();
        int addr = h.addr();
        h.tag.factoryReset();
        assertTrue(h.tagStore.keys().isEmpty());
        h.provision();
        assertEquals(addr, h.addr(), "the gateway keeps the tag's address");
        assertTrue(has(h.tag.receive(frame(h.gw.requestSensorData(addr, QUERY))), Effect.Deliver.class));
    }

    @Test
    void r15UndecodableFramesAreRefusedByBothSides() {
        Harness h = Harness.correct(25, KdfMode.SLIDES);
        assertRejected(AmpProvRule.R15, h.tag.receive(new byte[] {0x03, 1, 2}));
        assertRejected(AmpProvRule.R15, h.gw.receive(new byte[0]));
        assertRejected(AmpProvRule.R15, h.tag.receive(null));
    }

    @ParameterizedTest
    @EnumSource(Deviation.class)
    void everyDeviationNamesARuleOrIsNotApplicable(Deviation d) {
        Optional<dev.ampbench.protocol.Rule> r = AmpProvRule.brokenBy(d);
        assertEquals(d == Deviation.KEYS_KEPT_ACROSS_POWER_LOSS, r.isEmpty(), d.name());
    }

    @Test
    void ruleIdsAreNumberedFromOne() {
        AmpProvRule[] rules = AmpProvRule.values();
        for (int i = 0; i < rules.length; i++) {
            assertEquals("AMP-PROV-R" + (i + 1), rules[i].id());
            assertFalse(rules[i].summary().isBlank());
        }
    }
}
