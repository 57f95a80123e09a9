package dev.ampbench.emulator.firmware;

import static dev.ampbench.emulator.firmware.LoRaWanBench.IDS;
import static dev.ampbench.emulator.firmware.LoRaWanBench.QUIET;
import static dev.ampbench.emulator.firmware.LoRaWanBench.T;
import static dev.ampbench.emulator.firmware.LoRaWanBench.action;
import static dev.ampbench.emulator.firmware.LoRaWanBench.actionOk;
import static dev.ampbench.emulator.firmware.LoRaWanBench.airEmit;
import static dev.ampbench.emulator.firmware.LoRaWanBench.airEmitWithin;
import static dev.ampbench.emulator.firmware.LoRaWanBench.counter;
import static dev.ampbench.emulator.firmware.LoRaWanBench.delivered;
import static dev.ampbench.emulator.firmware.LoRaWanBench.deliveredLog;
import static dev.ampbench.emulator.firmware.LoRaWanBench.device;
import static dev.ampbench.emulator.firmware.LoRaWanBench.established;
import static dev.ampbench.emulator.firmware.LoRaWanBench.event;
import static dev.ampbench.emulator.firmware.LoRaWanBench.inject;
import static dev.ampbench.emulator.firmware.LoRaWanBench.joinTag;
import static dev.ampbench.emulator.firmware.LoRaWanBench.network;
import static dev.ampbench.emulator.firmware.LoRaWanBench.nvRead;
import static dev.ampbench.emulator.firmware.LoRaWanBench.powerCycle;
import static dev.ampbench.emulator.firmware.LoRaWanBench.rejected;
import static dev.ampbench.emulator.firmware.LoRaWanBench.sendArgs;
import static dev.ampbench.emulator.firmware.LoRaWanBench.state;
import static dev.ampbench.emulator.firmware.LoRaWanBench.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.lorawan.DataFrame;
import dev.ampbench.protocol.lorawan.JoinRequest;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * One test per defect of the catalog that applies to lorawan: the defective emulated device against a correct one,
 * both driven over the bench wire, with the protocol module's machines on the bench side. Each test names the rule
 * the defective behaviour breaks ({@link Profiles#ruleBrokenBy} for deviations).
 */
class LoRaWanDefectTest {
    private static final byte[] DATA = "meter=42".getBytes(StandardCharsets.US_ASCII);

    private final LoRaWanBench bench = new LoRaWanBench();

    @AfterEach
    void close() throws Exception {
        bench.close();
    }

    private static String rule(Defect d) {
        return Profiles.ruleBrokenBy(Profile.LORAWAN, d.deviation().orElseThrow()).orElseThrow().id();
    }

    private static WireMessage.Event rejectedEvent(WireClient c, long millis) throws InterruptedException {
        return event(c, EventKind.REJECTED, millis);
    }

    /** Every defect of the catalog is either exercised below or does not apply to lorawan. */
    @Test
    void everyApplicableDefectOfTheCatalogHasATestHere() {
        Set<Defect> tested = EnumSet.of(Defect.NONCE_REUSED_AFTER_POWER_LOSS, Defect.COUNTER_RESET_ON_POWER_LOSS,
                Defect.NONCE_NOT_FRESH, Defect.MIC_NOT_CHECKED, Defect.MIC_FIRST_BYTE_ONLY, Defect.REPLAY_ACCEPTED,
                Defect.KEYS_KEPT_ACROSS_POWER_LOSS, Defect.ANSWERS_FOREIGN_ADDRESS, Defect.CRASH_ON_TRUNCATED_FRAME,
                Defect.HANG_ON_OVERSIZED_LENGTH, Defect.TORN_NV_WRITE);
        for (Defect d : Defect.values()) {
            boolean applies = d.deviation().map(dev -> Profiles.ruleBrokenBy(Profile.LORAWAN, dev).isPresent())
                    .orElse(true);
            assertEquals(applies, tested.contains(d), d.cliName());
        }
    }

    // ----------------------------------------------------------------------------------- DevNonce (LORAWAN-R2)

    @Test
    void nonceReusedAfterPowerLossRepeatsTheFirstDevNonceOfEveryBoot() throws Exception {
        assertEquals("LORAWAN-R2", rule(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? bench.tag(IDS.get(0), new TcpLink(0), Defect.NONCE_REUSED_AFTER_POWER_LOSS)
                    : bench.tag(IDS.get(0), new TcpLink(0));
            WireClient c = bench.connect(s);
            LoRaWanNetwork net = network(40, IDS.get(0));
            JoinRequest before = joinTag(c, net);
            powerCycle(s, c);
            actionOk(c, LoRaWanFirmware.JOIN, new byte[0]);
            JoinRequest after = JoinRequest.decode(airEmit(c).frame());
            List<Effect> verdict = net.receive(after.encode());
            if (defective) {
                assertEquals(before.devNonce(), after.devNonce(), "the defective tag should repeat its DevNonce");
                assertEquals("LORAWAN-R3", rejected(verdict).rule().id(), "the Join Server refuses the repeat");
            } else {
                assertTrue(after.devNonce() > before.devNonce());
                assertTrue(established(verdict), verdict::toString);
            }
        }
    }

    @Test
    void counterResetOnPowerLossRestartsTheDevNonceAtZero() throws Exception {
        assertEquals("LORAWAN-R2", rule(Defect.COUNTER_RESET_ON_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? bench.tag(IDS.get(1), new TcpLink(0), Defect.COUNTER_RESET_ON_POWER_LOSS)
                    : bench.tag(IDS.get(1), new TcpLink(0));
            WireClient c = bench.connect(s);
            LoRaWanNetwork net = network(41, IDS.get(1));
            assertEquals(0, joinTag(c, net).devNonce());
            assertEquals(1, joinTag(c, net).devNonce());
            powerCycle(s, c);
            actionOk(c, LoRaWanFirmware.JOIN, new byte[0]);
            JoinRequest after = JoinRequest.decode(airEmit(c).frame());
            List<Effect> verdict = net.receive(after.encode());
            if (defective) {
                assertEquals(0, after.devNonce(), "the defective tag's DevNonce counter lived in RAM");
                assertEquals("LORAWAN-R3", rejected(verdict).rule().id());
                assertEquals(Optional.of(ErrorCode.NOT_FOUND), ((WireMessage.ErrorResponse) nvRead(c,
                        LoRaWanDevice.NVM_DEV_NONCE)).knownCode(), "the defective tag never wrote the counter");
            } else {
                assertEquals(2, after.devNonce());
                assertTrue(established(verdict), verdict::toString);
                assertEquals(3, counter(((WireMessage.NvData) nvRead(c, LoRaWanDevice.NVM_DEV_NONCE)).value()));
            }
        }
    }

    // ---------------------------------------------------------------------------------- JoinNonce (LORAWAN-R5)

    /** A 1.1 bench tag joins the emulated gateway twice; the defective Join Server repeats its JoinNonce. */
    @Test
    void nonceNotFreshMakesTheGatewayRepeatItsJoinNonceAndA11TagRefusesIt() throws Exception {
        String rule = rule(Defect.NONCE_NOT_FRESH);
        assertEquals("LORAWAN-R5", rule);
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective ? bench.gateway(IDS, new TcpLink(0), Defect.NONCE_NOT_FRESH)
                    : bench.gateway(IDS, new TcpLink(0)));
            LoRaWanDevice tag = device(IDS.get(1), 42);
            inject(c, transmitted(tag.join()));
            assertTrue(established(tag.receive(airEmit(c).frame())));
            inject(c, transmitted(tag.join()));
            List<Effect> second = tag.receive(airEmit(c).frame());
            if (defective) {
                assertEquals(rule, rejected(second).rule().id());
            } else {
                assertTrue(established(second), second::toString);
            }
        }
    }

    // ---------------------------------------------------------------------------------------- MIC (LORAWAN-R4)

    /** MIC_NOT_CHECKED gets a downlink with all four MIC octets wrong; MIC_FIRST_BYTE_ONLY one with the last. */
    private static byte[] corrupted(byte[] frame, Defect d) {
        byte[] f = frame.clone();
        for (int i = d == Defect.MIC_FIRST_BYTE_ONLY ? f.length - 1 : f.length - 4; i < f.length; i++) {
            f[i] ^= 0x5a;
        }
        return f;
    }

    @ParameterizedTest
    @EnumSource(value = Defect.class, names = {"MIC_NOT_CHECKED", "MIC_FIRST_BYTE_ONLY"})
    void aTagWithAMicDefectDeliversADownlinkWhoseMicTheBenchCorrupted(Defect defect) throws Exception {
        assertEquals("LORAWAN-R4", rule(defect));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective ? bench.tag(IDS.get(1), new TcpLink(0), defect)
                    : bench.tag(IDS.get(1), new TcpLink(0)));
            LoRaWanNetwork net = network(43, IDS.get(1));
            joinTag(c, net);
            actionOk(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
            int devAddr = DataFrame.decode(airEmit(c).frame()).devAddr();
            inject(c, corrupted(transmitted(net.sendData(devAddr, DATA, 2, false)), defect));
            if (defective) {
                assertNotNull(deliveredLog(c, T), "the defective tag should deliver the forged downlink");
                assertNull(rejectedEvent(c, QUIET));
            } else {
                assertEquals(rule(defect), rejectedEvent(c, T).name());
                assertNull(deliveredLog(c, QUIET), "the correct tag delivered a frame with a wrong MIC");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = Defect.class, names = {"MIC_NOT_CHECKED", "MIC_FIRST_BYTE_ONLY"})
    void aGatewayWithAMicDefectAcceptsAJoinRequestWhoseMicTheBenchCorrupted(Defect defect) throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective ? bench.gateway(IDS, new TcpLink(0), defect)
                    : bench.gateway(IDS, new TcpLink(0)));
            LoRaWanDevice tag = device(IDS.get(0), 44);
            inject(c, corrupted(transmitted(tag.join()), defect));
            if (defective) {
                assertNotNull(airEmitWithin(c, T), "the defective gateway should answer the forged JoinRequest");
                event(c, EventKind.ESTABLISHED);
            } else {
                assertEquals(rule(defect), rejectedEvent(c, T).name());
                assertNull(airEmitWithin(c, QUIET), "the correct gateway answered a JoinRequest with a wrong MIC");
            }
        }
    }

    // ------------------------------------------------------------------------------------- replay (LORAWAN-R7)

    @Test
    void replayAcceptedMakesTheTagDeliverTheSameDownlinkTwice() throws Exception {
        String rule = rule(Defect.REPLAY_ACCEPTED);
        assertEquals("LORAWAN-R7", rule);
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective ? bench.tag(IDS.get(0), new TcpLink(0), Defect.REPLAY_ACCEPTED)
                    : bench.tag(IDS.get(0), new TcpLink(0)));
            LoRaWanNetwork net = network(45, IDS.get(0));
            joinTag(c, net);
            actionOk(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
            int devAddr = DataFrame.decode(airEmit(c).frame()).devAddr();
            byte[] down = transmitted(net.sendData(devAddr, DATA, 3, false));
            inject(c, down);
            assertNotNull(deliveredLog(c, T));
            inject(c, down);
            if (defective) {
                assertNotNull(deliveredLog(c, T), "the defective tag should deliver the replay");
                assertNull(rejectedEvent(c, QUIET));
            } else {
                assertEquals(rule, rejectedEvent(c, T).name());
                assertNull(deliveredLog(c, QUIET));
            }
        }
    }

    @Test
    void replayAcceptedMakesTheGatewayDeliverTheSameUplinkTwice() throws Exception {
        String rule = rule(Defect.REPLAY_ACCEPTED);
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective ? bench.gateway(IDS, new TcpLink(0), Defect.REPLAY_ACCEPTED)
                    : bench.gateway(IDS, new TcpLink(0)));
            LoRaWanDevice tag = device(IDS.get(1), 46);
            inject(c, transmitted(tag.join()));
            assertTrue(established(tag.receive(airEmit(c).frame())));
            byte[] up = transmitted(tag.sendData(DATA, 4, false));
            inject(c, up);
            assertNotNull(deliveredLog(c, T));
            inject(c, up);
            if (defective) {
                assertNotNull(deliveredLog(c, T), "the defective gateway should deliver the replay");
                assertNull(rejectedEvent(c, QUIET));
            } else {
                assertEquals(rule, rejectedEvent(c, T).name());
                assertNull(deliveredLog(c, QUIET));
            }
        }
    }

    // ------------------------------------------------------------------------- session after power (LORAWAN-R8)

    @Test
    void keysKeptAcrossPowerLossResumeTheSessionWithFCntBackAtZero() throws Exception {
        assertEquals("LORAWAN-R8", rule(Defect.KEYS_KEPT_ACROSS_POWER_LOSS));
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective
                    ? bench.tag(IDS.get(1), new TcpLink(0), Defect.KEYS_KEPT_ACROSS_POWER_LOSS)
                    : bench.tag(IDS.get(1), new TcpLink(0));
            WireClient c = bench.connect(s);
            LoRaWanNetwork net = network(47, IDS.get(1));
            joinTag(c, net);
            int devAddr = 0;
            for (int i = 0; i < 2; i++) {
                actionOk(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
                DataFrame up = DataFrame.decode(airEmit(c).frame());
                devAddr = up.devAddr();
                assertArrayEquals(DATA, delivered(net.receive(up.encode())));
            }
            powerCycle(s, c);
            if (defective) {
                assertEquals(LoRaWanDevice.JOINED, state(c), "the defective tag resumed its session");
                assertInstanceOf(WireMessage.NvData.class, nvRead(c, LoRaWanDevice.NVM_SESSION));
                actionOk(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
                DataFrame resumed = DataFrame.decode(airEmit(c).frame());
                assertEquals(devAddr, resumed.devAddr(), "same session keys and DevAddr");
                assertEquals(0, resumed.fCnt16(), "with FCnt restarted");
                assertEquals("LORAWAN-R7", rejected(net.receive(resumed.encode())).rule().id(),
                        "the network refuses the restarted counter as a replay");
            } else {
                assertEquals(LoRaWanDevice.IDLE, state(c));
                WireMessage r = action(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
                assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode());
                assertNull(airEmitWithin(c, QUIET));
            }
        }
    }

    // -------------------------------------------------------------------------------------- DevAddr (LORAWAN-R9)

    /** A downlink for another tag of the same network: ignored silently by a correct tag, processed by the defective. */
    @Test
    void answersForeignAddressProcessesADownlinkForAnotherDevice() throws Exception {
        assertEquals("LORAWAN-R9", rule(Defect.ANSWERS_FOREIGN_ADDRESS));
        for (boolean defective : new boolean[] {false, true}) {
            WireClient c = bench.connect(defective
                    ? bench.tag(IDS.get(0), new TcpLink(0), Defect.ANSWERS_FOREIGN_ADDRESS)
                    : bench.tag(IDS.get(0), new TcpLink(0)));
            LoRaWanNetwork net = network(48, IDS.get(0), IDS.get(2));
            joinTag(c, net);
            LoRaWanDevice neighbour = device(IDS.get(2), 49);
            assertTrue(established(neighbour.receive(transmitted(net.receive(transmitted(neighbour.join()))))));
            inject(c, transmitted(net.sendData(neighbour.devAddr().orElseThrow(), DATA, 5, false)));
            if (defective) {
                // It acts on the frame instead of ignoring it: the MIC check under its own keys then refuses it.
                assertEquals("LORAWAN-R4", rejectedEvent(c, T).name());
            } else {
                assertNull(rejectedEvent(c, QUIET), "LORAWAN-R9: a foreign downlink is ignored silently");
            }
            assertNull(deliveredLog(c, 1));
        }
    }

    // ------------------------------------------------------------------------------- emulator-level defects

    @Test
    void crashOnTruncatedFrameResetsTheTagWhereACorrectOneRefusesTheFrame() throws Exception {
        LoRaWanPersonalization other = IDS.get(2);
        LoRaWanNetwork net = network(50, other);
        LoRaWanDevice t = device(other, 51);
        t.receive(transmitted(net.receive(transmitted(t.join()))));
        byte[] down = transmitted(net.sendData(t.devAddr().orElseThrow(), DATA, 1, false));
        byte[] truncated = Arrays.copyOf(down, 7); // ends inside FCnt

        WireClient good = bench.connect(bench.tag(IDS.get(0), new PtyLink()));
        inject(good, truncated);
        assertEquals("LORAWAN-R1", rejectedEvent(good, T).name(), "a cut-short frame breaks LORAWAN-R1");
        assertNull(good.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT && e.value() > 1,
                QUIET), "a correct tag must not reset on a truncated frame");

        WireClient bad = bench.connect(bench.tag(IDS.get(0), new TcpLink(0), Defect.CRASH_ON_TRUNCATED_FRAME));
        bad.send(new WireMessage.AirInject(bad.tid(), Profile.LORAWAN, 0, 0x7F, 0xFFFF, truncated));
        WireMessage.Event boot = (WireMessage.Event) bad.await(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.BOOT && e.value() == 2, T);
        assertNotNull(boot, "the defective tag should have crashed and rebooted");
        assertEquals("watchdog", boot.name());
        assertNull(rejectedEvent(bad, 1), "the defective tag crashed instead of refusing the frame");
    }

    @Test
    void hangOnOversizedLengthSilencesTheGatewayUntilPowerCycled() throws Exception {
        byte[] oversized = new byte[LoRaWanFirmware.MAX_FRAME + 1];
        WireClient good = bench.connect(bench.gateway(IDS, new TcpLink(0)));
        WireMessage r = good.request(new WireMessage.AirInject(good.tid(), Profile.LORAWAN, 0, 0x7F, 0xFFFF,
                oversized), T);
        assertEquals(Optional.of(ErrorCode.TOO_LARGE), ((WireMessage.ErrorResponse) r).knownCode());

        EmulatedStation s = bench.gateway(IDS, new TcpLink(0), Defect.HANG_ON_OVERSIZED_LENGTH);
        WireClient bad = bench.connect(s);
        int tid = bad.tid();
        bad.send(new WireMessage.AirInject(tid, Profile.LORAWAN, 0, 0x7F, 0xFFFF, oversized));
        assertNull(bad.await(m -> m.tid() == tid, QUIET), "a hung gateway answered");
        // Hung: it no longer serves a JoinRequest, nor a heartbeat.
        bad.send(new WireMessage.AirInject(bad.tid(), Profile.LORAWAN, 0, 0x7F, 0xFFFF,
                transmitted(device(IDS.get(0), 52).join())));
        int hb = bad.tid();
        bad.send(new WireMessage.Heartbeat(hb));
        assertNull(bad.await(m -> m.tid() == hb, QUIET), "a hung gateway answered a heartbeat");
        assertNull(airEmitWithin(bad, 1));
        powerCycle(s, bad);
        LoRaWanDevice tag = device(IDS.get(0), 53);
        inject(bad, transmitted(tag.join()));
        assertTrue(established(tag.receive(airEmit(bad).frame())), "a power cycle recovers the gateway");
    }

    /**
     * Power is lost two octets into the DevNonce record write (a deterministic tear at the point the bench would
     * aim for on EVENT NV_WRITE_BEGIN). The A/B-slot tag reads the previous record after reboot and joins with the
     * DevNonce it had not sent; the in-place writer reads a half-programmed record (new octets, then erased 0xFF
     * cells), takes it for an exhausted DevNonce space and can never join again (its LORAWAN-R2 counter is lost).
     */
    @Test
    void tornNvWriteOfTheDevNonceLeavesTheInPlaceWriterUnableToJoin() throws Exception {
        for (boolean defective : new boolean[] {false, true}) {
            EmulatedStation s = defective ? bench.tag(IDS.get(0), new TcpLink(0), Defect.TORN_NV_WRITE)
                    : bench.tag(IDS.get(0), new TcpLink(0));
            WireClient c = bench.connect(s);
            LoRaWanNetwork net = network(54, IDS.get(0));
            assertEquals(0, joinTag(c, net).devNonce());

            s.device().nvm().armTear(w -> w.key().equals(LoRaWanDevice.NVM_DEV_NONCE), 2);
            c.drain();
            int tid = c.tid();
            c.send(new WireMessage.Action(tid, Profile.LORAWAN, LoRaWanFirmware.JOIN, new byte[0]));
            WireMessage.Event begin = event(c, EventKind.NV_WRITE_BEGIN);
            assertEquals(LoRaWanDevice.NVM_DEV_NONCE, begin.name());
            assertEquals(8, begin.value());
            assertNull(c.await(m -> m.tid() == tid, QUIET), "the device lost power inside the write");
            assertNull(event(c, EventKind.NV_WRITE_END, 1));
            assertNull(airEmitWithin(c, 1), "no JoinRequest leaves before its DevNonce is stored");
            powerCycle(s, c);

            byte[] record = ((WireMessage.NvData) nvRead(c, LoRaWanDevice.NVM_DEV_NONCE)).value();
            if (defective) {
                assertArrayEquals(new byte[] {0, 0, -1, -1, -1, -1, -1, -1}, record, "half-written in place");
                WireMessage r = action(c, LoRaWanFirmware.JOIN, new byte[0]);
                WireMessage.ErrorResponse e = (WireMessage.ErrorResponse) r;
                assertEquals(Optional.of(ErrorCode.ACTION_FAILED), e.knownCode());
                assertTrue(e.text().contains("LORAWAN-R2"), e.text());
                assertNull(airEmitWithin(c, QUIET));
            } else {
                assertEquals(1, counter(record), "the A/B slots keep the last committed value");
                JoinRequest next = joinTag(c, net);
                assertEquals(1, next.devNonce(), "the DevNonce that never left is used now, once");
            }
        }
    }

    // ---------------------------------------------------------------------------------- not applicable here

    /** LoRaWAN has no separate provisioning mode and 1.1 itself allows OptNeg clear: both defects are ignored. */
    @Test
    void defectsThatDoNotApplyLeaveTheTagCorrect() throws Exception {
        for (Defect d : List.of(Defect.LEAVES_PROVISIONING_EARLY, Defect.POLICY_DOWNGRADE_ACCEPTED)) {
            assertFalse(Profiles.ruleBrokenBy(Profile.LORAWAN, d.deviation().orElseThrow()).isPresent());
        }
        WireClient c = bench.connect(bench.tag(IDS.get(1), new TcpLink(0), Defect.LEAVES_PROVISIONING_EARLY,
                Defect.POLICY_DOWNGRADE_ACCEPTED));
        LoRaWanNetwork net = network(55, IDS.get(1));
        joinTag(c, net);
        actionOk(c, LoRaWanFirmware.SEND, sendArgs(1, false, DATA));
        int devAddr = DataFrame.decode(airEmit(c).frame()).devAddr();
        inject(c, corrupted(transmitted(net.sendData(devAddr, DATA, 2, false)), Defect.MIC_NOT_CHECKED));
        assertEquals("LORAWAN-R4", rejectedEvent(c, T).name());
        assertNull(deliveredLog(c, 1));
    }
}
