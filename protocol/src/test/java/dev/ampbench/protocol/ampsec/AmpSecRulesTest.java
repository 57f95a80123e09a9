package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.ampsec.Fixtures.rejectedRule;
import static dev.ampbench.protocol.ampsec.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** One example per rule the machines enforce, asserting the rule id a violation is rejected under. */
class AmpSecRulesTest {
    private static final byte[] OTHER_SA = Hex.decode("b0b1b2b3b4ff");

    @Test
    void r1MalformedFramesAreRejectedByBothSides() {
        Link link = new Link(1);
        assertEquals("AMP-SEC-R1", rejectedRule(link.sta.receive(Hex.decode("01"))));
        assertEquals("AMP-SEC-R1", rejectedRule(link.ap.receive(Hex.decode("0905"))));
        byte[] response = link.handshake().response();
        assertEquals("AMP-SEC-R1", rejectedRule(link.ap.receive(Arrays.copyOf(response, response.length - 1))));
    }

    @Test
    void r2FramesOfAnotherFormatAreRejected() throws FrameDecodeException {
        Link link = new Link(2);
        TriggerFrame t = TriggerFrame.decode(transmitted(link.ap.trigger()));
        AmpSecFormat shortNonces = new AmpSecFormat(6, 16, AmpSecAkm.CMAC_KDF_SHA256);
        byte[] downgraded = new TriggerFrame(shortNonces, t.aa(), t.da(), t.anonceId(),
                Arrays.copyOf(t.anonce(), 16), t.dlData()).encode();
        assertEquals("AMP-SEC-R2", rejectedRule(link.sta.receive(downgraded)));
        assertEquals(AmpSecStation.AWAITING_TRIGGER, link.sta.state());
    }

    @Test
    void r5ResponseForAnOlderAnonceIsRejected() {
        Link link = new Link(3);
        byte[] trigger = transmitted(link.ap.trigger());
        byte[] response = transmitted(link.sta.receive(trigger));
        link.ap.trigger();
        assertEquals("AMP-SEC-R5", rejectedRule(link.ap.receive(response)));
    }

    @Test
    void r5ResponseAfterTheAnonceLifetimeIsRejected() {
        Link link = new Link(4);
        byte[] trigger = transmitted(link.ap.trigger());
        byte[] response = transmitted(link.sta.receive(trigger));
        link.clock.advance(AmpSecParameters.DEFAULT_ANONCE_LIFETIME_MILLIS + 1);
        assertEquals(AmpSecAccessPoint.IDLE, link.ap.state());
        assertEquals("AMP-SEC-R5", rejectedRule(link.ap.receive(response)));
    }

    @Test
    void r5ResponseJustWithinTheLifetimeIsAccepted() {
        Link link = new Link(5);
        byte[] trigger = transmitted(link.ap.trigger());
        assertEquals(AmpSecAccessPoint.TRIGGERED, link.ap.state());
        byte[] response = transmitted(link.sta.receive(trigger));
        link.clock.advance(AmpSecParameters.DEFAULT_ANONCE_LIFETIME_MILLIS);
        assertEquals(true, Fixtures.established(link.ap.receive(response)));
    }

    @Test
    void r6ARepeatedAnonceSnoncePairIsRejected() {
        Link link = new Link(6);
        Link.Handshake h = link.establish();
        assertEquals("AMP-SEC-R6", rejectedRule(link.ap.receive(h.response())));
    }

    @Test
    void r7ResponseWithABadMicIsRejectedAndNothingIsDelivered() {
        Link link = new Link(7);
        link.sta.sendData(new byte[] {1, 2, 3});
        byte[] response = transmitted(link.sta.receive(transmitted(link.ap.trigger())));
        response[response.length - 1] ^= 0x01;
        List<Effect> effects = link.ap.receive(response);
        assertEquals("AMP-SEC-R7", rejectedRule(effects));
    }

    @Test
    void r7ConfirmWithABadMicIsRejected() {
        Link link = new Link(8);
        byte[] response = transmitted(link.sta.receive(transmitted(link.ap.trigger())));
        byte[] confirm = transmitted(link.ap.receive(response));
        confirm[confirm.length - 16] ^= (byte) 0x80;
        assertEquals("AMP-SEC-R7", rejectedRule(link.sta.receive(confirm)));
        assertEquals(AmpSecStation.AWAITING_CONFIRM, link.sta.state());
    }

    @Test
    void r7DataWithABadCcmMicIsRejected() {
        Link link = new Link(9);
        link.establish();
        byte[] up = transmitted(link.sta.sendData(new byte[] {42}));
        up[up.length - 8] ^= 0x04;
        assertEquals("AMP-SEC-R7", rejectedRule(link.ap.receive(up)));
        byte[] down = transmitted(link.ap.sendData(Fixtures.SA, new byte[] {43}));
        down[down.length - 9] ^= 0x04;
        assertEquals("AMP-SEC-R7", rejectedRule(link.sta.receive(down)));
    }

    @Test
    void r9AfterPowerLossTheStaHasNoSessionAndHandshakesAgain() {
        Link link = new Link(10);
        byte[] firstSnonce = snonce(link.establish().response());
        link.powerCycle();
        assertEquals(AmpSecStation.AWAITING_TRIGGER, link.sta.state());
        assertEquals(List.of(), link.sta.sendData(new byte[] {7}), "no UplinkData without a handshake");
        assertEquals(Set.of(), link.staStore.keys(), "nothing but PMK updates is ever written");
        Link.Handshake again = link.establish();
        assertNotEquals(Hex.encode(firstSnonce), Hex.encode(snonce(again.response())));
        assertArrayEquals(new byte[] {7}, Fixtures.delivered(again.apEffects()).get(0), "queued data rode along");
    }

    @Test
    void r9DownlinkDataFromTheOldSessionIsRejectedAfterPowerLoss() {
        Link link = new Link(11);
        link.establish();
        byte[] down = transmitted(link.ap.sendData(Fixtures.SA, new byte[] {1}));
        link.powerCycle();
        assertEquals("AMP-SEC-R15", rejectedRule(link.sta.receive(down)));
    }

    @Test
    void r10ReplayedDataIsRejectedByBothSides() {
        Link link = new Link(12);
        link.establish();
        byte[] up = transmitted(link.sta.sendData(new byte[] {1}));
        assertEquals(1, Fixtures.delivered(link.ap.receive(up)).size());
        assertEquals("AMP-SEC-R10", rejectedRule(link.ap.receive(up)));
        byte[] down1 = transmitted(link.ap.sendData(Fixtures.SA, new byte[] {2}));
        byte[] down2 = transmitted(link.ap.sendData(Fixtures.SA, new byte[] {3}));
        assertEquals(1, Fixtures.delivered(link.sta.receive(down2)).size());
        assertEquals("AMP-SEC-R10", rejectedRule(link.sta.receive(down1)), "an older PN after a newer one");
    }

    @Test
    void r11FramesForAnotherStaOrApAreIgnored() {
        Link link = new Link(13);
        List<Effect> paged = link.sta.receive(transmitted(link.ap.page(OTHER_SA)));
        assertInstanceOf(Effect.Ignored.class, paged.get(0));
        assertEquals(1, paged.size());
        AmpSecAccessPoint otherAp = new AmpSecAccessPoint(Hex.decode("a0a1a1a3a4ff"), AmpSecParameters.DEFAULT,
                List.of(), Fixtures.context(99), Set.of());
        List<Effect> foreign = link.sta.receive(transmitted(otherAp.trigger()));
        assertInstanceOf(Effect.Ignored.class, foreign.get(0));
        assertEquals(AmpSecStation.AWAITING_TRIGGER, link.sta.state());
        byte[] response = transmitted(link.sta.receive(transmitted(link.ap.page(Fixtures.SA))));
        assertInstanceOf(Effect.Ignored.class, otherAp.receive(response).get(0));
    }

    @Test
    void r11TheApRejectsAStaAnsweringATriggerPagedToAnother() {
        Link link = new Link(14);
        AmpSecAccessPoint ap = link.ap;
        ap.enroll(Fixtures.personalization(OTHER_SA));
        byte[] page = transmitted(ap.page(OTHER_SA));
        TriggerFrame t = decodeTrigger(page);
        // What a STA that answers foreign pages sends: built with the deviation, see AmpSecDeviationTest.
        AmpSecStation careless = new AmpSecStation(Fixtures.personalization(), Fixtures.context(5),
                Set.of(Deviation.ANSWERS_FOREIGN_ADDRESS));
        byte[] response = transmitted(careless.receive(t.encode()));
        assertEquals("AMP-SEC-R11", rejectedRule(ap.receive(response)));
    }

    @Test
    void r12PmkUpdateMustNameTheNextGeneration() {
        // A PmkUpdate for generation 2 while at 0, with a valid MIC: the test knows the KCK because it fixes both
        // nonces.
        MachineContext staCtx = new MachineContext(Fixtures.fixed(Fixtures.SNONCE), new ManualClock(0),
                new InMemoryStore());
        AmpSecStation sta = new AmpSecStation(Fixtures.personalization(), staCtx, Set.of());
        MachineContext apCtx = new MachineContext(Fixtures.fixed(Fixtures.ANONCE), new ManualClock(0),
                new InMemoryStore());
        AmpSecAccessPoint ap = new AmpSecAccessPoint(Fixtures.AA, AmpSecParameters.DEFAULT,
                List.of(Fixtures.personalization()), apCtx, Set.of());
        sta.receive(transmitted(ap.receive(transmitted(sta.receive(transmitted(ap.trigger()))))));
        assertEquals(AmpSecStation.ESTABLISHED, sta.state());
        KeyMaterial kck = AmpSecKeySchedule.ptk(AmpSecAkm.CMAC_KDF_SHA256, Fixtures.PMK, Fixtures.AA, Fixtures.SA,
                Fixtures.ANONCE, Fixtures.SNONCE).kck();
        PmkUpdateFrame skip = new PmkUpdateFrame(AmpSecFormat.DEFAULT, Fixtures.AA, Fixtures.SA, 1, 2, new byte[16]);
        skip = skip.withMic(AmpSecAkm.CMAC_KDF_SHA256.mic(kck, skip.micCovered()));
        assertEquals("AMP-SEC-R12", rejectedRule(sta.receive(skip.encode())));
        assertEquals(0, sta.pmkGeneration());
    }

    @Test
    void r12CommittedPmkSurvivesPowerLossAndATornSecondUpdateFallsBack() {
        Link link = new Link(15);
        link.establish();
        assertEquals(true, Fixtures.established(link.sta.receive(transmitted(link.ap.updatePmk(Fixtures.SA)))));
        link.powerCycle();
        assertEquals(1, link.sta.pmkGeneration());
        link.establish();
        assertEquals(true, Fixtures.established(link.sta.receive(transmitted(link.ap.updatePmk(Fixtures.SA)))));
        // Tear the write of generation 2: it went into the slot that did not hold generation 1.
        String tornSlot = link.staStore.read(PmkSlots.SLOT_B).isPresent() ? PmkSlots.SLOT_B : PmkSlots.SLOT_A;
        byte[] record = link.staStore.read(tornSlot).orElseThrow();
        link.staStore.write(tornSlot, Arrays.copyOf(record, record.length / 2));
        link.powerCycle();
        assertEquals(1, link.sta.pmkGeneration(), "the intact slot stands");
        Link.Handshake h = link.establish();
        assertEquals(1, ResponseFrameView.generation(h.response()));
    }

    @Test
    void r13TheApSettlesAnUpdateOnTheNextVerifiedResponse() {
        Link link = new Link(16);
        link.establish();
        link.sta.receive(transmitted(link.ap.updatePmk(Fixtures.SA)));
        Link.Handshake h = link.establish();
        assertEquals(1, ResponseFrameView.generation(h.response()));
        // Generation 0 is no longer accepted: a STA presenting it is rejected.
        AmpSecStation stale = new AmpSecStation(Fixtures.personalization(), Fixtures.context(77), Set.of());
        byte[] response = transmitted(stale.receive(transmitted(link.ap.trigger())));
        assertEquals("AMP-SEC-R13", rejectedRule(link.ap.receive(response)));
    }

    @Test
    void r13TheApFallsBackWhenTheStaNeverGotTheUpdate() {
        Link link = new Link(17);
        link.establish();
        transmitted(link.ap.updatePmk(Fixtures.SA)); // lost on the air
        assertThrows(IllegalStateException.class, () -> link.ap.updatePmk(Fixtures.SA), "one update at a time");
        link.powerCycle();
        Link.Handshake h = link.establish();
        assertEquals(0, ResponseFrameView.generation(h.response()));
        assertEquals(true, Fixtures.established(link.sta.receive(transmitted(link.ap.updatePmk(Fixtures.SA)))),
                "settled: the AP can issue the update again");
        assertEquals(1, link.sta.pmkGeneration());
    }

    @Test
    void r14ResponsesFromUnenrolledStasAreRejected() {
        Link link = new Link(18);
        AmpSecStation stranger = new AmpSecStation(Fixtures.personalization(OTHER_SA), Fixtures.context(3), Set.of());
        byte[] response = transmitted(stranger.receive(transmitted(link.ap.trigger())));
        assertEquals("AMP-SEC-R14", rejectedRule(link.ap.receive(response)));
    }

    @Test
    void r15ConfirmWithoutHandshakeAndDataWithoutSessionAreRejected() {
        Link link = new Link(19);
        byte[] confirm = link.establish().confirm();
        assertEquals("AMP-SEC-R15", rejectedRule(link.sta.receive(confirm)));
        Link other = new Link(20);
        other.establish();
        byte[] up = transmitted(other.sta.sendData(new byte[] {1}));
        AmpSecAccessPoint freshAp = new AmpSecAccessPoint(Fixtures.AA, AmpSecParameters.DEFAULT,
                List.of(Fixtures.personalization()), Fixtures.context(4), Set.of());
        assertEquals("AMP-SEC-R15", rejectedRule(freshAp.receive(up)));
        assertThrows(IllegalStateException.class, () -> freshAp.sendData(Fixtures.SA, new byte[] {1}));
    }

    @Test
    void r3AndR4EveryHandshakeHasFreshNonces() {
        Link link = new Link(21);
        Link.Handshake a = link.establish();
        Link.Handshake b = link.establish();
        assertFalse(Arrays.equals(snonce(a.response()), snonce(b.response())));
        assertFalse(Arrays.equals(decodeTrigger(a.trigger()).anonce(), decodeTrigger(b.trigger()).anonce()));
    }

    @Test
    void triggerDlDataIsDeliveredOnlyOnceTheConfirmVerifies() {
        Link link = new Link(22);
        byte[] trigger = transmitted(link.ap.trigger(new byte[] {9, 9}));
        byte[] response = transmitted(link.sta.receive(trigger));
        byte[] confirm = transmitted(link.ap.receive(response));
        byte[] forged = confirm.clone();
        forged[forged.length - 1] ^= 1;
        assertEquals(List.of(), Fixtures.delivered(link.sta.receive(forged)));
        assertArrayEquals(new byte[] {9, 9}, Fixtures.delivered(link.sta.receive(confirm)).get(0));
    }

    @Test
    void tamperedTriggerDlDataFailsTheResponseMic() {
        Link link = new Link(23);
        byte[] trigger = transmitted(link.ap.trigger(new byte[] {1, 2}));
        trigger[trigger.length - 1] ^= 0x10;
        byte[] response = transmitted(link.sta.receive(trigger));
        assertEquals("AMP-SEC-R7", rejectedRule(link.ap.receive(response)));
    }

    private static TriggerFrame decodeTrigger(byte[] b) {
        try {
            return TriggerFrame.decode(b);
        } catch (FrameDecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] snonce(byte[] response) {
        return ResponseFrameView.of(response).snonce();
    }
}
