package dev.ampbench.emulator.firmware;

import static dev.ampbench.emulator.firmware.AmpSecRig.OTHER;
import static dev.ampbench.emulator.firmware.AmpSecRig.QUIET;
import static dev.ampbench.emulator.firmware.AmpSecRig.STA;
import static dev.ampbench.emulator.firmware.AmpSecRig.T;
import static dev.ampbench.emulator.firmware.AmpSecRig.act;
import static dev.ampbench.emulator.firmware.AmpSecRig.delivered;
import static dev.ampbench.emulator.firmware.AmpSecRig.deliveredLog;
import static dev.ampbench.emulator.firmware.AmpSecRig.emitted;
import static dev.ampbench.emulator.firmware.AmpSecRig.emittedQuickly;
import static dev.ampbench.emulator.firmware.AmpSecRig.establishGateway;
import static dev.ampbench.emulator.firmware.AmpSecRig.establishTag;
import static dev.ampbench.emulator.firmware.AmpSecRig.established;
import static dev.ampbench.emulator.firmware.AmpSecRig.event;
import static dev.ampbench.emulator.firmware.AmpSecRig.flip;
import static dev.ampbench.emulator.firmware.AmpSecRig.inject;
import static dev.ampbench.emulator.firmware.AmpSecRig.powerCycle;
import static dev.ampbench.emulator.firmware.AmpSecRig.rejected;
import static dev.ampbench.emulator.firmware.AmpSecRig.rejectedBy;
import static dev.ampbench.emulator.firmware.AmpSecRig.response;
import static dev.ampbench.emulator.firmware.AmpSecRig.tx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.AmpSecRule;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import dev.ampbench.protocol.ampsec.UplinkDataFrame;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import dev.ampbench.protocol.wire.WireRule;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per defect of the catalog that applies to amp-sec: each runs a correct and a defective emulated device
 * through the same bench steps and shows, at the wire, what the defect changes and which rule that breaks.
 */
class AmpSecDefectTest {
    private final AmpSecRig rig = new AmpSecRig();

    @AfterEach
    void close() throws Exception {
        rig.close();
    }

    private static String rule(Defect d) {
        Deviation dev = d.deviation().orElseThrow();
        return Profiles.ruleBrokenBy(Profile.AMP_SEC, dev).orElseThrow().id();
    }

    /** The next EVENT of an NV-write kind for a record whose key starts with {@code prefix}, or null. */
    private static WireMessage.Event nvEvent(WireClient c, EventKind kind, String prefix, long timeout)
            throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind
                && e.name().startsWith(prefix), timeout);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyDefectIsEitherCoveredHereOrCannotApplyToAmpSec() {
        Set<Defect> notApplicable = EnumSet.of(Defect.LEAVES_PROVISIONING_EARLY, Defect.POLICY_DOWNGRADE_ACCEPTED);
        for (Defect d : Defect.values()) {
            Optional<Deviation> dev = d.deviation();
            boolean applies = dev.isEmpty() || Profiles.ruleBrokenBy(Profile.AMP_SEC, dev.get()).isPresent();
            assertEquals(!notApplicable.contains(d), applies, d.cliName());
        }
    }

    // ------------------------------------------------------------------------------------ Deviations (STA)

    /** AMP-SEC-R3: the defective tag's first SNonce after every boot is the same. */
    @Test
    void nonceReusedAfterPowerLoss() throws Exception {
        assertEquals("AMP-SEC-R3", rule(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? rig.tag(new TcpLink(0), Defect.NONCE_REUSED_AFTER_POWER_LOSS)
                    : rig.tag(new TcpLink(0));
            WireClient c = rig.connect(s);
            AmpSecAccessPoint ap = rig.benchAp();
            inject(c, tx(ap.trigger()));
            byte[] before = response(emitted(c)).snonce();
            powerCycle(s, c);
            inject(c, tx(ap.trigger()));
            byte[] after = response(emitted(c)).snonce();
            assertEquals(defective, Arrays.equals(before, after),
                    (defective ? "defective" : "correct") + " tag: SNonce repeated across the power cycle");
        }
    }

    /** AMP-SEC-R7: a Confirm whose MIC the bench corrupted establishes the defective tag. */
    @Test
    void micNotCheckedByTheTag() throws Exception {
        assertEquals("AMP-SEC-R7", rule(Defect.MIC_NOT_CHECKED));
        assertEquals(List.of("AMP-SEC-R7", "ESTABLISHED"),
                List.of(tagOnCorruptConfirm(-16), tagOnCorruptConfirm(-16, Defect.MIC_NOT_CHECKED)));
    }

    /** AMP-SEC-R7: a Confirm with only its last MIC octet corrupted establishes the first-byte-only tag. */
    @Test
    void micFirstByteOnlyAtTheTag() throws Exception {
        assertEquals("AMP-SEC-R7", rule(Defect.MIC_FIRST_BYTE_ONLY));
        assertEquals(List.of("AMP-SEC-R7", "ESTABLISHED", "AMP-SEC-R7"),
                List.of(tagOnCorruptConfirm(-1), tagOnCorruptConfirm(-1, Defect.MIC_FIRST_BYTE_ONLY),
                        tagOnCorruptConfirm(-16, Defect.MIC_FIRST_BYTE_ONLY)));
    }

    /** What the tag reports on a Confirm with the octet at {@code index} (from the end) inverted. */
    private String tagOnCorruptConfirm(int index, Defect... defects) throws Exception {
        WireClient c = rig.connect(rig.tag(new TcpLink(0), defects));
        AmpSecAccessPoint ap = rig.benchAp();
        inject(c, tx(ap.trigger()));
        byte[] confirm = tx(ap.receive(emitted(c)));
        inject(c, flip(confirm, index));
        WireMessage.Event e = (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event ev
                && (ev.kind() == EventKind.ESTABLISHED || ev.kind() == EventKind.REJECTED), T);
        assertNotNull(e, "the tag said nothing about the Confirm");
        return e.kind() == EventKind.ESTABLISHED ? "ESTABLISHED" : e.name();
    }

    /** AMP-SEC-R10: DownlinkData injected twice is delivered twice by the defective tag. */
    @Test
    void replayAcceptedByTheTag() throws Exception {
        assertEquals("AMP-SEC-R10", rule(Defect.REPLAY_ACCEPTED));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? rig.tag(new TcpLink(0), Defect.REPLAY_ACCEPTED)
                    : rig.tag(new TcpLink(0)));
            AmpSecAccessPoint ap = rig.benchAp();
            establishTag(c, ap);
            byte[] data = tx(ap.sendData(STA.sa(), utf8("open the valve")));
            inject(c, data);
            assertTrue(deliveredLog(c, T));
            inject(c, data);
            if (defective) {
                assertTrue(deliveredLog(c, T), "the defective tag delivers the replay");
                assertNull(event(c, EventKind.REJECTED, QUIET));
            } else {
                assertEquals("AMP-SEC-R10", rejected(c));
                assertFalse(deliveredLog(c, QUIET));
            }
        }
    }

    /**
     * AMP-SEC-R9 (and R10 through PN reuse): after a power cycle the defective tag sends UplinkData at once under the
     * TK of the session before the cut, with PN 1 again, and the bench AP refuses the repeated PN; the correct tag
     * sends nothing before a new handshake. The defective tag also leaves its session keys in NV.
     */
    @Test
    void keysKeptAcrossPowerLoss() throws Exception {
        assertEquals("AMP-SEC-R9", rule(Defect.KEYS_KEPT_ACROSS_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? rig.tag(new TcpLink(0), Defect.KEYS_KEPT_ACROSS_POWER_LOSS)
                    : rig.tag(new TcpLink(0));
            WireClient c = rig.connect(s);
            AmpSecAccessPoint ap = rig.benchAp();
            establishTag(c, ap);
            act(c, "send", utf8("before"));
            assertArrayEquals(utf8("before"), delivered(ap.receive(emitted(c))));
            powerCycle(s, c);
            WireMessage nv = c.request(new WireMessage.NvRead(c.tid(), "ampsec.session"), T);
            act(c, "send", utf8("after"));
            byte[] up = emittedQuickly(c);
            if (defective) {
                assertEquals(32, ((WireMessage.NvData) nv).value().length, "KCK || TK in NV");
                assertNotNull(up, "the defective tag sent data without a handshake");
                assertEquals(1, UplinkDataFrame.decode(up).pn(), "PN restarted under the old TK");
                assertEquals("AMP-SEC-R10", rejectedBy(ap.receive(up)));
            } else {
                assertEquals(Optional.of(ErrorCode.NOT_FOUND), ((WireMessage.ErrorResponse) nv).knownCode());
                assertNull(up, "the correct tag queues the data for the next handshake");
            }
        }
    }

    /** AMP-SEC-R11: the defective tag answers a Trigger paged to another STA; the bench AP refuses it by R11. */
    @Test
    void answersForeignAddress() throws Exception {
        assertEquals("AMP-SEC-R11", rule(Defect.ANSWERS_FOREIGN_ADDRESS));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? rig.tag(new TcpLink(0), Defect.ANSWERS_FOREIGN_ADDRESS)
                    : rig.tag(new TcpLink(0)));
            AmpSecAccessPoint ap = rig.benchAp();
            inject(c, tx(ap.page(OTHER.sa())));
            byte[] answer = emittedQuickly(c);
            if (defective) {
                assertNotNull(answer, "the defective tag answered a page for another STA");
                assertEquals("AMP-SEC-R11", rejectedBy(ap.receive(answer)));
            } else {
                assertNull(answer, "the correct tag ignores a page for another STA");
            }
            // Both answer a page for themselves.
            inject(c, tx(ap.page(STA.sa())));
            assertTrue(established(ap.receive(emitted(c))));
        }
    }

    /**
     * AMP-SEC-R12: the defective tag acknowledges a PmkUpdate (EVENT ESTABLISHED naming generation 1) without
     * writing NV, and after a power cycle answers under generation 0 again.
     */
    @Test
    void counterResetOnPowerLoss() throws Exception {
        assertEquals("AMP-SEC-R12", rule(Defect.COUNTER_RESET_ON_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? rig.tag(new TcpLink(0), Defect.COUNTER_RESET_ON_POWER_LOSS)
                    : rig.tag(new TcpLink(0));
            WireClient c = rig.connect(s);
            AmpSecAccessPoint ap = rig.benchAp();
            establishTag(c, ap);
            inject(c, tx(ap.updatePmk(STA.sa())));
            WireMessage.Event done = event(c, EventKind.ESTABLISHED, T);
            assertNotNull(done);
            assertTrue(done.name().contains("generation 1"), done.name());
            WireMessage.Event write = nvEvent(c, EventKind.NV_WRITE_BEGIN, "ampsec.pmk.", QUIET);
            assertEquals(defective, write == null, "NV write of the new PMK");
            powerCycle(s, c);
            inject(c, tx(ap.trigger()));
            assertEquals(defective ? 0 : 1, response(emitted(c)).pmkGeneration());
        }
    }

    // ------------------------------------------------------------------------------------ Deviations (AP)

    /** AMP-SEC-R4: the defective gateway sends the same ANonce in every Trigger. */
    @Test
    void nonceNotFresh() throws Exception {
        assertEquals("AMP-SEC-R4", rule(Defect.NONCE_NOT_FRESH));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? rig.gateway(new TcpLink(0), Defect.NONCE_NOT_FRESH)
                    : rig.gateway(new TcpLink(0)));
            act(c, "trigger", new byte[0]);
            TriggerFrame first = TriggerFrame.decode(emitted(c));
            act(c, "page", STA.sa());
            TriggerFrame second = TriggerFrame.decode(emitted(c));
            assertNotEquals(first.anonceId(), second.anonceId());
            assertEquals(defective, Arrays.equals(first.anonce(), second.anonce()),
                    (defective ? "defective" : "correct") + " gateway: ANonce repeated");
        }
    }

    /** AMP-SEC-R7: a Response whose MIC the bench corrupted gets a Confirm from the defective gateway. */
    @Test
    void micNotCheckedByTheGateway() throws Exception {
        assertEquals(List.of("AMP-SEC-R7", "ESTABLISHED"),
                List.of(gatewayOnCorruptResponse(-16), gatewayOnCorruptResponse(-16, Defect.MIC_NOT_CHECKED)));
    }

    /** AMP-SEC-R7: a Response with only its last MIC octet corrupted gets a Confirm from the defective gateway. */
    @Test
    void micFirstByteOnlyAtTheGateway() throws Exception {
        assertEquals(List.of("AMP-SEC-R7", "ESTABLISHED", "AMP-SEC-R7"),
                List.of(gatewayOnCorruptResponse(-1), gatewayOnCorruptResponse(-1, Defect.MIC_FIRST_BYTE_ONLY),
                        gatewayOnCorruptResponse(-16, Defect.MIC_FIRST_BYTE_ONLY)));
    }

    private String gatewayOnCorruptResponse(int index, Defect... defects) throws Exception {
        WireClient c = rig.connect(rig.gateway(new TcpLink(0), defects));
        AmpSecStation sta = rig.benchSta(STA);
        act(c, "trigger", new byte[0]);
        inject(c, flip(tx(sta.receive(emitted(c))), index));
        WireMessage.Event e = (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event ev
                && (ev.kind() == EventKind.ESTABLISHED || ev.kind() == EventKind.REJECTED), T);
        assertNotNull(e, "the gateway said nothing about the Response");
        byte[] confirm = emittedQuickly(c);
        if (e.kind() == EventKind.REJECTED) {
            assertNull(confirm, "a rejected Response must not be confirmed");
            return e.name();
        }
        assertNotNull(confirm, "an accepted Response is confirmed on the air");
        return "ESTABLISHED";
    }

    /** AMP-SEC-R10: UplinkData injected twice is delivered twice by the defective gateway. */
    @Test
    void replayAcceptedByTheGateway() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = rig.connect(defective ? rig.gateway(new TcpLink(0), Defect.REPLAY_ACCEPTED)
                    : rig.gateway(new TcpLink(0)));
            AmpSecStation sta = rig.benchSta(STA);
            establishGateway(c, sta);
            byte[] up = tx(sta.sendData(utf8("meter 17")));
            inject(c, up);
            assertTrue(deliveredLog(c, T));
            inject(c, up);
            if (defective) {
                assertTrue(deliveredLog(c, T), "the defective gateway delivers the replay");
            } else {
                assertEquals("AMP-SEC-R10", rejected(c));
                assertFalse(deliveredLog(c, QUIET));
            }
        }
    }

    // ------------------------------------------------------------------------------- emulator-level defects

    /** A Trigger cut short: the correct tag rejects it by AMP-SEC-R1, the defective one crashes and reboots. */
    @Test
    void crashOnTruncatedFrame() throws Exception {
        byte[] trigger = tx(rig.benchAp().trigger());
        byte[] truncated = Arrays.copyOf(trigger, trigger.length - 4);

        WireClient good = rig.connect(rig.tag(new TcpLink(0)));
        inject(good, truncated);
        assertEquals("AMP-SEC-R1", rejected(good));
        assertNull(good.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT && e.value() > 1,
                QUIET), "a correct tag must not reset on a truncated frame");

        WireClient bad = rig.connect(rig.tag(new TcpLink(0), Defect.CRASH_ON_TRUNCATED_FRAME));
        bad.send(new WireMessage.AirInject(bad.tid(), Profile.AMP_SEC, 0, 0x7F, 0xFFFF, truncated));
        WireMessage.Event boot = (WireMessage.Event) bad.await(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.BOOT && e.value() == 2, T);
        assertNotNull(boot, "the defective tag should have crashed and rebooted");
        assertEquals("watchdog", boot.name());
        assertNull(event(bad, EventKind.REJECTED, 0), "it crashed instead of citing AMP-SEC-R1");
    }

    /**
     * A Trigger one octet over the largest frame (329 octets with the defaults): the correct tag answers ERROR
     * TOO_LARGE (WIRE-R5) and still handles a frame of exactly the maximum; the defective tag hangs until a power
     * cycle.
     */
    @Test
    void hangOnOversizedLength() throws Exception {
        int max = AmpSecFirmware.tag(STA).maxFrameLength();
        assertEquals(329, max);
        AmpSecAccessPoint ap = rig.benchAp();
        byte[] largest = tx(ap.trigger(new byte[max - 48]));
        byte[] oversized = tx(ap.trigger(new byte[max - 47]));
        assertEquals(max + 1, oversized.length);
        assertEquals(AmpSecFormat.DEFAULT, TriggerFrame.decode(oversized).format());

        WireClient good = rig.connect(rig.tag(new TcpLink(0)));
        WireMessage r = good.request(new WireMessage.AirInject(good.tid(), Profile.AMP_SEC, 0, 0x7F, 0xFFFF,
                oversized), T);
        assertEquals(Optional.of(ErrorCode.TOO_LARGE), ((WireMessage.ErrorResponse) r).knownCode(),
                WireRule.R5.id());
        inject(good, largest);
        assertNotNull(emitted(good), "a frame of exactly the maximum is handled");

        EmulatedStation s = rig.tag(new TcpLink(0), Defect.HANG_ON_OVERSIZED_LENGTH);
        WireClient bad = rig.connect(s);
        int tid = bad.tid();
        bad.send(new WireMessage.AirInject(tid, Profile.AMP_SEC, 0, 0x7F, 0xFFFF, oversized));
        assertNull(bad.await(m -> m.tid() == tid, QUIET), "a hung tag answers nothing");
        int hb = bad.tid();
        bad.send(new WireMessage.Heartbeat(hb));
        assertNull(bad.await(m -> m.tid() == hb, QUIET), "a hung tag answered a heartbeat");
        powerCycle(s, bad);
        inject(bad, largest);
        assertNotNull(emitted(bad), "a power cycle recovers the hung tag");
    }

    /**
     * TORN_NV_WRITE on the PMK update: power is lost 10 octets into the write of {@code ampsec.pmk.a}. The correct
     * (A/B-slot) NVM never exposes the torn record; the defective one leaves it in place (generation 1, then
     * erased 0xff octets) for NV_READ to see. In both, the PMK record's own CRC (spec section 7, AMP-SEC-R12) makes
     * the tag ignore it: after reboot the tag answers under generation 0, which the bench AP still accepts as the
     * unsettled update's previous generation (AMP-SEC-R13).
     */
    @Test
    void tornNvWriteOfThePmkUpdate() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? rig.tag(new TcpLink(0), Defect.TORN_NV_WRITE) : rig.tag(new TcpLink(0));
            WireClient c = rig.connect(s);
            AmpSecAccessPoint ap = rig.benchAp();
            establishTag(c, ap);
            s.device().nvm().armTear(w -> w.key().equals("ampsec.pmk.a"), 10);
            c.send(new WireMessage.AirInject(c.tid(), Profile.AMP_SEC, 0, 0x7F, 0xFFFF,
                    tx(ap.updatePmk(STA.sa()))));
            WireMessage.Event begin = nvEvent(c, EventKind.NV_WRITE_BEGIN, "ampsec.pmk.", T);
            assertNotNull(begin, "the tag reports the NV write it starts");
            assertEquals("ampsec.pmk.a", begin.name());
            assertEquals(38, begin.value());
            assertNull(nvEvent(c, EventKind.NV_WRITE_END, "ampsec.pmk.", QUIET), "power was lost inside the write");
            assertNull(event(c, EventKind.ESTABLISHED, 0), "no generation 1 without a completed commit");
            assertEquals(2, powerCycle(s, c));

            WireMessage nv = c.request(new WireMessage.NvRead(c.tid(), "ampsec.pmk.a"), T);
            if (defective) {
                byte[] torn = ((WireMessage.NvData) nv).value();
                assertEquals(38, torn.length);
                assertArrayEquals(new byte[] {0, 1}, Arrays.copyOf(torn, 2), "generation 1 was written first");
                for (int i = 10; i < 38; i++) {
                    assertEquals((byte) 0xff, torn[i], "octet " + i + " was never programmed");
                }
            } else {
                assertEquals(Optional.of(ErrorCode.NOT_FOUND), ((WireMessage.ErrorResponse) nv).knownCode(),
                        "the A/B NVM never exposes an uncommitted write");
            }
            inject(c, tx(ap.trigger()));
            byte[] r = emitted(c);
            assertEquals(0, response(r).pmkGeneration(), "the torn record fails its CRC; generation 0 stands");
            List<Effect> verdict = ap.receive(r);
            assertTrue(established(verdict), "R13: the AP accepts the previous generation: " + verdict);
            inject(c, tx(verdict));
            assertNotNull(event(c, EventKind.ESTABLISHED, T));
        }
    }

    /**
     * TORN_NV_WRITE of the boot counter, the record without a CRC of its own: power is lost one octet into the
     * boot-time write. After the next boot the correct tag reports boot 2; the defective one reads the torn counter
     * (one new octet, seven erased) and reports a jump, breaking WIRE-R12 (the boot counter grows by one per boot).
     */
    @Test
    void tornNvWriteOfTheBootCounter() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? rig.tag(new TcpLink(0), Defect.TORN_NV_WRITE) : rig.tag(new TcpLink(0));
            WireClient c = rig.connect(s);
            s.device().nvm().armTear(w -> w.key().equals(EmulatedDevice.BOOT_COUNT_KEY), 1);
            Bench.scpi(s.psuPort(), "OUTP OFF");
            Bench.scpi(s.psuPort(), "OUTP ON");
            assertNull(event(c, EventKind.BOOT, QUIET), "the boot died in its boot-counter write");
            long boot = powerCycle(s, c);
            if (defective) {
                assertNotEquals(2, boot, WireRule.R12.id() + ": the torn counter does not grow by one");
                assertEquals(0xFFFF_FF03L, boot);
            } else {
                assertEquals(2, boot);
            }
            AmpSecAccessPoint ap = rig.benchAp();
            inject(c, tx(ap.trigger()));
            assertNotNull(emitted(c), "the tag works either way");
        }
    }
}
