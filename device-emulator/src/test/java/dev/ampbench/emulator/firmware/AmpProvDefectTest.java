package dev.ampbench.emulator.firmware;

import static dev.ampbench.emulator.firmware.AmpProvRig.QUIET;
import static dev.ampbench.emulator.firmware.AmpProvRig.T;
import static dev.ampbench.emulator.firmware.AmpProvRig.act;
import static dev.ampbench.emulator.firmware.AmpProvRig.benchGateway;
import static dev.ampbench.emulator.firmware.AmpProvRig.benchTag;
import static dev.ampbench.emulator.firmware.AmpProvRig.emitted;
import static dev.ampbench.emulator.firmware.AmpProvRig.emittedWithin;
import static dev.ampbench.emulator.firmware.AmpProvRig.established;
import static dev.ampbench.emulator.firmware.AmpProvRig.event;
import static dev.ampbench.emulator.firmware.AmpProvRig.inject;
import static dev.ampbench.emulator.firmware.AmpProvRig.nvRead;
import static dev.ampbench.emulator.firmware.AmpProvRig.powerCycle;
import static dev.ampbench.emulator.firmware.AmpProvRig.provisionTag;
import static dev.ampbench.emulator.firmware.AmpProvRig.rejected;
import static dev.ampbench.emulator.firmware.AmpProvRig.rejectedRule;
import static dev.ampbench.emulator.firmware.AmpProvRig.sent;
import static dev.ampbench.emulator.firmware.AmpProvRig.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EmulatedNvm;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.AmpProvRule;
import dev.ampbench.protocol.ampprov.FrameType;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per defect of the catalog that amp-prov can exhibit: each shows at the wire what the defective emulated
 * device does, what the correct one does instead, and the rule the behaviour breaks.
 */
class AmpProvDefectTest {
    private static final AmpProvPersonalization P = AmpProvFirmware.identities(77, 1).get(0);
    private static final int MIC_OFFSET = ProvResponse.LENGTH - 8;

    private final AmpProvRig rig = new AmpProvRig();

    @AfterEach
    void closeAll() throws Exception {
        rig.close();
    }

    private static String rule(Defect d) {
        return Profiles.ruleBrokenBy(Profile.AMP_PROV, d.deviation().orElseThrow()).orElseThrow().id();
    }

    private EmulatedStation tag(Defect... defects) throws Exception {
        return rig.station(AmpProvFirmware.tag(P), new TcpLink(0), defects);
    }

    private EmulatedStation gateway(List<AmpProvPersonalization> table, Defect... defects) throws Exception {
        return rig.station(AmpProvFirmware.gateway(table), new TcpLink(0), defects);
    }

    /** Beacon and request; returns the gateway's genuine PROV_RESPONSE for the tag's request. */
    private static byte[] responseFor(WireClient c, AmpProvInfrastructure gw) throws Exception {
        inject(c, sent(gw.beacon()));
        return sent(gw.receive(emitted(c)));
    }

    private static byte[] flip(byte[] frame, int... offsets) {
        byte[] b = frame.clone();
        for (int o : offsets) {
            b[o] ^= 0x5a;
        }
        return b;
    }

    @Test
    void everyDeviationButKeysKeptAcrossPowerLossBreaksAnAmpProvRule() {
        // The tests below show each of these at the wire; KEYS_KEPT_ACROSS_POWER_LOSS is by design (R8) no defect here.
        Set<Deviation> covered = EnumSet.allOf(Deviation.class);
        covered.remove(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS);
        for (Deviation d : Deviation.values()) {
            assertEquals(covered.contains(d), AmpProvRule.brokenBy(d).isPresent(), d.name());
        }
    }

    @Test
    void micNotCheckedTagAcceptsAResponseWhoseMicTheBenchCorrupted() throws Exception {
        assertEquals("AMP-PROV-R3", rule(Defect.MIC_NOT_CHECKED));
        int[] all = {MIC_OFFSET, MIC_OFFSET + 1, MIC_OFFSET + 2, MIC_OFFSET + 3, MIC_OFFSET + 4, MIC_OFFSET + 5,
            MIC_OFFSET + 6, MIC_OFFSET + 7};

        WireClient good = rig.connect(tag());
        inject(good, flip(responseFor(good, benchGateway(P, 1)), all));
        assertEquals(rule(Defect.MIC_NOT_CHECKED), rejected(good));
        assertNull(emittedWithin(good, QUIET), "a correct tag sends no PROV_CONFIRM to a forged response");
        assertEquals(AmpProvDevice.AWAIT_RESPONSE, state(good));

        WireClient bad = rig.connect(tag(Defect.MIC_NOT_CHECKED));
        inject(bad, flip(responseFor(bad, benchGateway(P, 1)), all));
        assertEquals(FrameType.PROV_CONFIRM.code(), emitted(bad)[0] & 0xff);
        assertNotNull(event(bad, EventKind.ESTABLISHED));
        assertEquals(AmpProvDevice.NORMAL, state(bad));
        assertNull(event(bad, EventKind.REJECTED, QUIET));
    }

    @Test
    void micNotCheckedGatewayAcceptsAConfirmWhoseMicTheBenchCorrupted() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? gateway(List.of(P), Defect.MIC_NOT_CHECKED) : gateway(List.of(P)));
            AmpProvDevice t = benchTag(P, 3);
            act(c, "enrol", AmpProvFirmware.qrPayload(P).encode());
            act(c, "beacon", new byte[0]);
            inject(c, sent(t.receive(emitted(c))));
            byte[] confirm = sent(t.receive(emitted(c)));
            inject(c, flip(confirm, confirm.length - 1, confirm.length - 8));
            if (defective) {
                assertNotNull(event(c, EventKind.ESTABLISHED), "the defective gateway takes a forged confirm");
            } else {
                // The correct gateway names R7 (the tag's proof failed); the defect is the R3 MIC comparison.
                assertEquals("AMP-PROV-R7", rejected(c));
                assertNull(event(c, EventKind.ESTABLISHED, QUIET));
            }
        }
    }

    @Test
    void micFirstByteOnlyTagAcceptsAResponseWithOnlyItsFirstMicByteRight() throws Exception {
        assertEquals("AMP-PROV-R3", rule(Defect.MIC_FIRST_BYTE_ONLY));
        int last = MIC_OFFSET + 7;

        WireClient good = rig.connect(tag());
        inject(good, flip(responseFor(good, benchGateway(P, 1)), last));
        assertEquals(rule(Defect.MIC_FIRST_BYTE_ONLY), rejected(good));
        assertNull(emittedWithin(good, QUIET));

        WireClient bad = rig.connect(tag(Defect.MIC_FIRST_BYTE_ONLY));
        AmpProvInfrastructure gw = benchGateway(P, 1);
        byte[] genuine = responseFor(bad, gw);
        inject(bad, flip(genuine, MIC_OFFSET));
        assertEquals(rule(Defect.MIC_FIRST_BYTE_ONLY), rejected(bad), "a wrong first byte is still caught");
        inject(bad, flip(genuine, last));
        assertEquals(FrameType.PROV_CONFIRM.code(), emitted(bad)[0] & 0xff);
        assertNotNull(event(bad, EventKind.ESTABLISHED), "7 of 8 MIC bytes wrong and accepted");
    }

    @Test
    void leavesProvisioningEarlyTagTakesTheAddressOfAResponseThatFailedItsMic() throws Exception {
        assertEquals("AMP-PROV-R1", rule(Defect.LEAVES_PROVISIONING_EARLY));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? tag(Defect.LEAVES_PROVISIONING_EARLY) : tag();
            WireClient c = rig.connect(s);
            AmpProvInfrastructure gw = benchGateway(P, 1);
            inject(c, flip(responseFor(c, gw), MIC_OFFSET + 3));
            assertEquals("AMP-PROV-R3", rejected(c), "both see the bad MIC");
            c.drain();
            inject(c, sent(gw.beacon()));
            if (defective) {
                assertEquals(AmpProvDevice.NORMAL, state(c), "R1 broken: out of provisioning mode unverified");
                assertNull(emittedWithin(c, QUIET), "it no longer answers beacons: provisioning can never finish");
                AmpProvRig.nvAbsent(c, "ampprov.provisioning");
            } else {
                assertEquals(AmpProvDevice.AWAIT_RESPONSE, state(c));
                assertEquals(FrameType.PROV_REQUEST.code(), emitted(c)[0] & 0xff, "still provisioning");
            }
        }
    }

    @Test
    void nonceReusedAfterPowerLossTagRepeatsItsTagNonceAfterEveryCut() throws Exception {
        assertEquals("AMP-PROV-R2", rule(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? tag(Defect.NONCE_REUSED_AFTER_POWER_LOSS) : tag();
            WireClient c = rig.connect(s);
            AmpProvInfrastructure gw = benchGateway(P, 1);
            inject(c, sent(gw.beacon()));
            byte[] first = emitted(c);
            assertNotNull(sent(gw.receive(first)));
            powerCycle(s, c);
            inject(c, sent(gw.beacon()));
            byte[] second = emitted(c);
            boolean same = Arrays.equals(ProvRequest.decode(first).tagNonce(), ProvRequest.decode(second).tagNonce());
            assertEquals(defective, same, "TagNonce repeated after the power cut");
            List<Effect> verdict = gw.receive(second);
            // The bench gateway notices the repeat: it never answers a TagNonce twice.
            assertEquals(defective ? "AMP-PROV-R5" : null, rejectedRule(verdict), verdict.toString());
        }
    }

    @Test
    void counterResetOnPowerLossTagTakesAnOldRekeyAgainAfterACut() throws Exception {
        assertEquals("AMP-PROV-R9", rule(Defect.COUNTER_RESET_ON_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? tag(Defect.COUNTER_RESET_ON_POWER_LOSS) : tag();
            WireClient c = rig.connect(s);
            AmpProvInfrastructure gw = benchGateway(P, 1);
            int addr = provisionTag(c, gw);
            byte[] rekeyTo1 = sent(gw.rekey(addr, 2));
            inject(c, rekeyTo1);
            assertTrue(established(gw.receive(emitted(c))));
            inject(c, sent(gw.rekey(addr, 1)));
            assertTrue(established(gw.receive(emitted(c))));
            powerCycle(s, c);
            c.drain();
            inject(c, rekeyTo1); // recorded on the air: Ek_2_1, superseded by Ek_1_2
            if (defective) {
                assertEquals(FrameType.REKEY_ACK.code(), emitted(c)[0] & 0xff);
                assertTrue(event(c, EventKind.ESTABLISHED).name().contains("counter 1"),
                        "R9 broken: the old session key Ek_2_1 is in use again");
            } else {
                assertEquals(rule(Defect.COUNTER_RESET_ON_POWER_LOSS), rejected(c));
                assertNull(emittedWithin(c, QUIET));
            }
        }
    }

    @Test
    void replayAcceptedTagAnswersARecordedRequestAgainUnderTheSameNonce() throws Exception {
        assertEquals("AMP-PROV-R12", rule(Defect.REPLAY_ACCEPTED));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? tag(Defect.REPLAY_ACCEPTED) : tag());
            AmpProvInfrastructure gw = benchGateway(P, 1);
            int addr = provisionTag(c, gw);
            byte[] request = sent(gw.requestSensorData(addr, "ABCD".getBytes()));
            inject(c, request);
            byte[] answer = emitted(c);
            inject(c, request);
            if (defective) {
                assertArrayEquals(answer, emitted(c), "the same frame again: CCM nonce and key reused");
            } else {
                assertEquals(rule(Defect.REPLAY_ACCEPTED), rejected(c));
                assertNull(emittedWithin(c, QUIET));
            }
        }
    }

    @Test
    void replayAcceptedGatewayAnswersARepeatedTagNonceWithASecondDownlink() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? gateway(List.of(P), Defect.REPLAY_ACCEPTED) : gateway(List.of(P)));
            act(c, "enrol", AmpProvFirmware.qrPayload(P).encode());
            act(c, "beacon", new byte[0]);
            byte[] request = sent(benchTag(P, 3).receive(emitted(c)));
            inject(c, request);
            emitted(c);
            inject(c, request);
            if (defective) {
                assertEquals(FrameType.PROV_RESPONSE.code(), emitted(c)[0] & 0xff, "a second downlink (R5, R12)");
            } else {
                assertEquals("AMP-PROV-R5", rejected(c));
                assertNull(emittedWithin(c, QUIET));
            }
        }
    }

    @Test
    void answersForeignAddressTagAnswersBeaconsOnceProvisioned() throws Exception {
        assertEquals("AMP-PROV-R13", rule(Defect.ANSWERS_FOREIGN_ADDRESS));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? tag(Defect.ANSWERS_FOREIGN_ADDRESS) : tag());
            AmpProvInfrastructure gw = benchGateway(P, 1);
            provisionTag(c, gw);
            c.drain();
            inject(c, sent(gw.beacon()));
            WireMessage.AirEmit answer = emittedWithin(c, defective ? T : QUIET);
            if (defective) {
                assertNotNull(answer, "R13 broken: a provisioned tag answered a provisioning beacon");
                assertEquals(FrameType.PROV_REQUEST.code(), answer.frame()[0] & 0xff);
            } else {
                assertNull(answer);
            }
            assertEquals(AmpProvDevice.NORMAL, state(c));
        }
    }

    @Test
    void policyDowngradeAcceptedGatewayProvisionsAStrongTagInSlidesMode() throws Exception {
        assertEquals("AMP-PROV-R4", rule(Defect.POLICY_DOWNGRADE_ACCEPTED));
        AmpProvPersonalization strong = AmpProvFirmware.identities(78, 1, KdfMode.STRONG).get(0);
        AmpProvDeviceIdentity id = strong.deviceIdentity();
        // The same tag keys, but firmware asking for the weak mode: a downgrade on the air.
        AmpProvDeviceIdentity downgraded = new AmpProvDeviceIdentity(id.serialNumber(), id.tagPrivateKey(),
                id.tagPublicKey(), id.asPublicKey(), KdfMode.SLIDES);
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? gateway(List.of(strong), Defect.POLICY_DOWNGRADE_ACCEPTED)
                    : gateway(List.of(strong)));
            act(c, "enrol", AmpProvFirmware.qrPayload(strong).encode());
            act(c, "beacon", new byte[0]);
            AmpProvDevice t = new AmpProvDevice(downgraded, MachineContext.forTest(4), Set.of());
            inject(c, sent(t.receive(emitted(c))));
            if (defective) {
                byte[] response = emitted(c);
                assertEquals(KdfMode.SLIDES, ProvResponse.decode(response).mode());
                inject(c, sent(t.receive(response)));
                assertNotNull(event(c, EventKind.ESTABLISHED), "R4 broken: STRONG tag provisioned in SLIDES");
            } else {
                assertEquals(rule(Defect.POLICY_DOWNGRADE_ACCEPTED), rejected(c));
                assertNull(emittedWithin(c, QUIET));
            }
        }
    }

    @Test
    void nonceNotFreshGatewaySendsTheSameAllZeroTkNonceInEveryResponse() throws Exception {
        assertEquals("AMP-PROV-R6", rule(Defect.NONCE_NOT_FRESH));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? gateway(List.of(P), Defect.NONCE_NOT_FRESH) : gateway(List.of(P)));
            act(c, "enrol", AmpProvFirmware.qrPayload(P).encode());
            AmpProvDevice t = benchTag(P, 3);
            byte[][] tk = new byte[2][];
            for (int i = 0; i < 2; i++) {
                act(c, "beacon", new byte[0]);
                inject(c, sent(t.receive(emitted(c))));
                tk[i] = ProvResponse.decode(emitted(c)).tkNonce();
            }
            assertEquals(defective, Arrays.equals(tk[0], tk[1]), "TkNonce repeated");
            assertEquals(defective, Arrays.equals(new byte[8], tk[0]), "TkNonce all zero");
        }
    }

    @Test
    void crashOnTruncatedFrameTagRebootsByWatchdogWhereTheCorrectOneRefusesTheFrame() throws Exception {
        byte[] truncated = Arrays.copyOf(sent(benchGateway(P, 1).beacon()), 5);

        WireClient good = rig.connect(tag());
        inject(good, truncated);
        assertEquals(AmpProvRule.R15.id(), rejected(good));
        assertNull(good.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT && e.value() > 1,
                QUIET), "a correct tag does not reset on a truncated frame");

        WireClient bad = rig.connect(tag(Defect.CRASH_ON_TRUNCATED_FRAME));
        bad.send(new WireMessage.AirInject(bad.tid(), Profile.AMP_PROV, 0, 0x7F, 0xFFFF, truncated));
        WireMessage boot = bad.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() == 2, T);
        assertNotNull(boot, "the defective tag should have crashed and rebooted");
        assertEquals("watchdog", ((WireMessage.Event) boot).name());
        assertNull(event(bad, EventKind.REJECTED, QUIET), "it crashed instead of refusing the frame (R15)");
    }

    @Test
    void hangOnOversizedLengthTagGoesSilentWhereTheCorrectOneSaysTooLarge() throws Exception {
        byte[] oversized = new byte[AmpProvFirmware.MAX_FRAME + 1];
        oversized[0] = (byte) FrameType.REQ_SENSOR_DATA.code();

        WireClient good = rig.connect(tag());
        WireMessage r = good.request(new WireMessage.AirInject(good.tid(), Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                oversized), T);
        assertEquals(Optional.of(ErrorCode.TOO_LARGE), ((WireMessage.ErrorResponse) r).knownCode(), "WIRE-R5");
        inject(good, Arrays.copyOf(oversized, AmpProvFirmware.MAX_FRAME)); // the largest length is taken
        assertEquals(AmpProvRule.R15.id(), rejected(good));

        EmulatedStation s = tag(Defect.HANG_ON_OVERSIZED_LENGTH);
        WireClient bad = rig.connect(s);
        int tid = bad.tid();
        bad.send(new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF, oversized));
        assertNull(bad.await(m -> m.tid() == tid, QUIET), "a hung tag answers nothing");
        int hb = bad.tid();
        bad.send(new WireMessage.Heartbeat(hb));
        assertNull(bad.await(m -> m.tid() == hb, QUIET), "not even a heartbeat");
        powerCycle(s, bad);
        assertEquals(AmpProvDevice.PROVISIONING, state(bad), "a power cycle recovers it");
    }

    /**
     * A power cut inside the session record write that precedes a RES_SENSOR_DATA. The A/B-slot tag keeps the
     * previous record and answers the gateway's next request; the in-place writer is left with a half-new record
     * whose RxSeq reads 0xFFFFFFFF and refuses every request under its key: its key state did not survive the power
     * loss (AMP-PROV-R8), and at the wire it rejects legitimate frames as replays (AMP-PROV-R12).
     */
    @Test
    void tornNvWriteLeavesAHalfWrittenSessionRecordThatLocksTheTagOut() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? tag(Defect.TORN_NV_WRITE) : tag();
            assertEquals(defective ? EmulatedNvm.Discipline.SINGLE_SLOT : EmulatedNvm.Discipline.AB_SLOTS,
                    s.device().nvm().discipline());
            WireClient c = rig.connect(s);
            AmpProvInfrastructure gw = benchGateway(P, 1);
            int addr = provisionTag(c, gw);
            byte[] before = nvRead(c, "ampprov.session");

            s.device().nvm().armTear(w -> w.key().equals("ampprov.session"), 5);
            c.drain();
            c.send(new WireMessage.AirInject(c.tid(), Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                    sent(gw.requestSensorData(addr, "ABCD".getBytes()))));
            assertNotNull(c.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.NV_WRITE_BEGIN
                    && e.name().equals("ampprov.session"), T), "the tag reports the write it was cut in");
            assertNull(event(c, EventKind.NV_WRITE_END, QUIET), "the write never ended");
            assertNull(emittedWithin(c, QUIET), "power went before the answer");
            Bench.scpi(s.psuPort(), "OUTP OFF");
            powerCycle(s, c);

            byte[] after = nvRead(c, "ampprov.session");
            c.drain();
            inject(c, sent(gw.requestSensorData(addr, "ABCD".getBytes())));
            if (defective) {
                assertArrayEquals(new byte[] {1, 0, 0, 0, 0, -1, -1, -1, -1}, after, "torn: RxSeq erased to FF");
                assertEquals("AMP-PROV-R12", rejected(c));
                assertNull(emittedWithin(c, QUIET), "locked out of sensor data under this key");
            } else {
                assertArrayEquals(before, after, "A/B slots: the previous record survives the tear");
                assertTrue(gw.receive(emitted(c)).stream().anyMatch(e -> e instanceof Effect.Deliver));
            }
            assertEquals(AmpProvDevice.NORMAL, state(c));
        }
    }

    @Test
    void theTornWriteRecoveryAlsoHoldsForTheProvisioningCommit() throws Exception {
        EmulatedStation s = tag(Defect.TORN_NV_WRITE);
        WireClient c = rig.connect(s);
        AmpProvInfrastructure gw = benchGateway(P, 1);
        byte[] response = responseFor(c, gw);
        s.device().nvm().armTear(w -> w.key().equals("ampprov.provisioning"), 10);
        c.send(new WireMessage.AirInject(c.tid(), Profile.AMP_PROV, 0, 0x7F, 0xFFFF, response));
        assertNull(emittedWithin(c, QUIET), "no PROV_CONFIRM: power went during the commit");
        Bench.scpi(s.psuPort(), "OUTP OFF");
        powerCycle(s, c);
        // InitialKeySel is the record's last octet: a torn commit never decodes, so even the in-place writer is
        // back in provisioning mode (R1, R8) and provisions again with a fresh TagNonce.
        assertEquals(AmpProvDevice.PROVISIONING, state(c));
        AmpProvRig.nvAbsent(c, "ampprov.session"); // the orphan session record is erased at boot
        assertTrue(provisionTag(c, gw) > 0);
    }
}
