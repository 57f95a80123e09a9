package dev.ampbench.emulator.firmware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.aiots9.AiotS9Codec;
import dev.ampbench.protocol.aiots9.AiotS9Frames;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.Paging;
import dev.ampbench.protocol.aiots9.PagingResponse;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every defect of the catalog that an aiot-s9 device or AIoTF can exhibit, shown at the wire against the correct
 * emulated device, with the rule the defective behaviour breaks.
 */
class AiotS9DefectsTest {
    private static final long T = 2_000;
    private static final List<AiotS9Personalization> IDS = AiotS9Firmware.identities(42, 2);
    private static final AiotS9Personalization TAG = IDS.get(0);
    private static final AiotS9Personalization OTHER = IDS.get(1);

    private final List<AutoCloseable> open = new ArrayList<>();
    private int nonce = 1;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private record Dut(EmulatedStation station, WireClient wire) {
    }

    private Dut tag(Defect... defects) throws Exception {
        return start(AiotS9Firmware.tag(TAG), defects);
    }

    private Dut start(AiotS9Firmware fw, Defect... defects) throws Exception {
        EmulatedStation s = new EmulatedStation(fw, Set.of(defects), new SeededRandomSource(nonce++ * 1000L),
                new MonotonicClock(), new TcpLink(0), 0, null, "PSU");
        open.add(s);
        WireClient c = Bench.connect(s.address());
        open.add(c);
        return new Dut(s, c);
    }

    private static String rule(Defect d) {
        Rule r = Profiles.ruleBrokenBy(Profile.AIOT_S9, d.deviation().orElseThrow()).orElseThrow();
        return r.id();
    }

    private byte[] freshNonce() {
        byte[] n = new byte[AiotS9Codec.NONCE_LEN];
        n[0] = (byte) nonce++;
        n[7] = (byte) 0x5a;
        return n;
    }

    /** Injects a frame; returns the frame the device answered with over the air, or null if it stayed silent. */
    private static byte[] inject(WireClient c, byte[] frame) throws Exception {
        c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, frame), T);
        WireMessage.AirEmit answer = (WireMessage.AirEmit) c.await(m -> m instanceof WireMessage.AirEmit, 300);
        return answer == null ? null : answer.frame();
    }

    private static WireMessage.Event rejected(WireClient c) throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.REJECTED,
                300);
    }

    @Test
    void micNotChecked() throws Exception {
        byte[] forged = AiotS9Frames.paging(TAG, freshNonce()).encode();
        forged[forged.length - 1] ^= 0x01;
        forged[forged.length - 8] ^= 0x10;
        Dut good = tag();
        assertNull(inject(good.wire(), forged), "a correct tag must not answer a forged paging");
        assertEquals(rule(Defect.MIC_NOT_CHECKED), rejected(good.wire()).name());
        Dut bad = tag(Defect.MIC_NOT_CHECKED);
        assertNotNull(inject(bad.wire(), forged), "the defective tag answers a paging whose MAC it never checked");
        assertEquals("AIOT-S9-R5", rule(Defect.MIC_NOT_CHECKED));
    }

    @Test
    void micFirstByteOnly() throws Exception {
        byte[] forged = AiotS9Frames.paging(TAG, freshNonce()).encode();
        forged[forged.length - 1] ^= 0x01; // the first MAC byte is intact
        Dut good = tag();
        assertNull(inject(good.wire(), forged));
        assertEquals("AIOT-S9-R5", rejected(good.wire()).name());
        Dut bad = tag(Defect.MIC_FIRST_BYTE_ONLY);
        assertNotNull(inject(bad.wire(), forged), "the defective tag compared only the MAC's first byte");
        assertEquals("AIOT-S9-R5", rule(Defect.MIC_FIRST_BYTE_ONLY));
    }

    @Test
    void replayAccepted() throws Exception {
        byte[] paging = AiotS9Frames.paging(TAG, freshNonce()).encode();
        Dut good = tag();
        assertNotNull(inject(good.wire(), paging));
        assertNull(inject(good.wire(), paging), "a correct tag refuses a replayed paging");
        assertEquals("AIOT-S9-R7", rejected(good.wire()).name());
        Dut bad = tag(Defect.REPLAY_ACCEPTED);
        assertNotNull(inject(bad.wire(), paging));
        assertNotNull(inject(bad.wire(), paging), "the defective tag answers the replay");
        assertEquals("AIOT-S9-R7", rule(Defect.REPLAY_ACCEPTED));
    }

    @Test
    void answersForeignAddress() throws Exception {
        byte[] forOther = AiotS9Frames.paging(OTHER, freshNonce()).encode();
        Dut good = tag();
        assertNull(inject(good.wire(), forOther), "a paging for another device is ignored");
        assertNull(rejected(good.wire()), "ignoring a foreign paging is not a rejection");
        Dut bad = tag(Defect.ANSWERS_FOREIGN_ADDRESS);
        assertNotNull(inject(bad.wire(), forOther), "the defective tag answers a paging for someone else");
        assertEquals("AIOT-S9-R8", rule(Defect.ANSWERS_FOREIGN_ADDRESS));
    }

    @Test
    void policyDowngradeAccepted() throws Exception {
        // TAG's minimum policy is INTEGRITY; a command under NONE is a downgrade.
        byte[] downgraded = AiotS9Frames.command(TAG, SecurityPolicy.NONE, freshNonce(), new byte[] {1, 2}).encode();
        Dut good = tag();
        assertNull(inject(good.wire(), downgraded));
        assertEquals("AIOT-S9-R6", rejected(good.wire()).name());
        Dut bad = tag(Defect.POLICY_DOWNGRADE_ACCEPTED);
        assertNotNull(inject(bad.wire(), downgraded), "the defective tag executed a downgraded command");
        assertEquals("AIOT-S9-R6", rule(Defect.POLICY_DOWNGRADE_ACCEPTED));
    }

    /** Pages the tag, power-cycles it through its supply, pages it again: returns the two device nonces. */
    private byte[][] deviceNoncesAcrossAPowerCycle(Dut dut) throws Exception {
        byte[] nn1 = freshNonce();
        byte[] first = inject(dut.wire(), AiotS9Frames.paging(TAG, nn1).encode());
        Bench.scpi(dut.station().psuPort(), "OUTP OFF");
        Bench.scpi(dut.station().psuPort(), "OUTP ON");
        assertNotNull(dut.wire().await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() == 2, T));
        byte[] second = inject(dut.wire(), AiotS9Frames.paging(TAG, freshNonce()).encode());
        return new byte[][] {PagingResponse.decode(first).deviceNonce(), PagingResponse.decode(second).deviceNonce()};
    }

    @Test
    void nonceReusedAfterPowerLoss() throws Exception {
        byte[][] good = deviceNoncesAcrossAPowerCycle(tag());
        assertFalse(java.util.Arrays.equals(good[0], good[1]), "a correct tag draws a fresh device nonce");
        byte[][] bad = deviceNoncesAcrossAPowerCycle(tag(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
        assertArrayEquals(bad[0], bad[1], "the defective tag repeats its device nonce after a power cycle");
        assertEquals("AIOT-S9-R4", rule(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
    }

    /** Asks an emulated AIoTF to page twice; returns the two network nonces it put on the air. */
    private static byte[][] networkNoncesOfTwoPagings(Dut gw) throws Exception {
        byte[][] out = new byte[2][];
        for (int i = 0; i < 2; i++) {
            gw.wire().request(new WireMessage.Action(gw.wire().tid(), Profile.AIOT_S9, "page", TAG.deviceId()), T);
            WireMessage.AirEmit e = (WireMessage.AirEmit) gw.wire().await(m -> m instanceof WireMessage.AirEmit, T);
            out[i] = Paging.decode(e.frame()).networkNonce();
        }
        return out;
    }

    @Test
    void nonceNotFresh() throws Exception {
        byte[][] good = networkNoncesOfTwoPagings(start(AiotS9Firmware.gateway(IDS)));
        assertFalse(java.util.Arrays.equals(good[0], good[1]));
        byte[][] bad = networkNoncesOfTwoPagings(start(AiotS9Firmware.gateway(IDS), Defect.NONCE_NOT_FRESH));
        assertArrayEquals(bad[0], bad[1], "the defective AIoTF repeats its network nonce");
        assertEquals("AIOT-S9-R3", rule(Defect.NONCE_NOT_FRESH));
    }

    @Test
    void identitiesFromASeedAreReproducibleAndDistinct() {
        assertEquals(AiotS9Firmware.identities(42, 2), IDS);
        assertFalse(java.util.Arrays.equals(TAG.deviceId(), OTHER.deviceId()));
        assertFalse(TAG.authKey().equals(OTHER.authKey()));
        assertFalse(AiotS9Firmware.identities(43, 1).get(0).authKey().equals(TAG.authKey()));
    }

    @Test
    void theBenchPlayingTheAiotfAuthenticatesASeededTag() throws Exception {
        Dut dut = tag();
        AiotS9Infrastructure aiotf = new AiotS9Infrastructure(IDS, MachineContext.forTest(5), Set.of());
        byte[] paging = ((Effect.Transmit) aiotf.page(TAG.deviceId()).get(0)).frame();
        byte[] answer = inject(dut.wire(), paging);
        assertTrue(aiotf.receive(answer).stream().anyMatch(e -> e instanceof Effect.Established));
    }
}
