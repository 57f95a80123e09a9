package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.ampsec.Fixtures.AA;
import static dev.ampbench.protocol.ampsec.Fixtures.PMK;
import static dev.ampbench.protocol.ampsec.Fixtures.SA;
import static dev.ampbench.protocol.ampsec.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What `ampbench decode --key` relies on for amp-sec: a handshake between this profile's own AP and STA machines,
 * then data both ways and a PMK update; the inspector, given the session's PTK (or KCK and TK), opens what the
 * machines sealed and verifies their MICs, and refuses a wrong key or a flipped bit.
 */
class AmpSecInspectorTest {
    private final AmpSecInspector inspector = new AmpSecInspector();
    private static final byte[] UL_EARLY = "early".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DL = "downlink payload".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] UL = "uplink".getBytes(StandardCharsets.US_ASCII);

    private byte[] response;
    private byte[] confirm;
    private byte[] downlink;
    private byte[] uplink;
    private byte[] pmkUpdate;
    private KeyMaterial kck;
    private KeyMaterial tk;
    private KeyMaterial ptk;

    @BeforeEach
    void handshakeThenTraffic() throws Exception {
        AmpSecPersonalization p = Fixtures.personalization();
        AmpSecAccessPoint ap = new AmpSecAccessPoint(AA, AmpSecParameters.DEFAULT, List.of(p), Fixtures.context(1),
                Set.of());
        AmpSecStation sta = new AmpSecStation(p, Fixtures.context(2), Set.of());
        sta.sendData(UL_EARLY); // rides the Response as UlData
        byte[] trigger = transmitted(ap.trigger());
        response = transmitted(sta.receive(trigger));
        confirm = transmitted(ap.receive(response));
        sta.receive(confirm);
        downlink = transmitted(ap.sendData(SA, DL));
        uplink = transmitted(sta.sendData(UL));
        pmkUpdate = transmitted(ap.updatePmk(SA));
        AmpSecKeySchedule.Ptk keys = AmpSecKeySchedule.ptk(AmpSecAkm.CMAC_KDF_SHA256, PMK, AA, SA,
                TriggerFrame.decode(trigger).anonce(), ResponseFrame.decode(response).snonce());
        kck = keys.kck();
        tk = keys.tk();
        byte[] whole = new byte[48]; // KCK || KEK (unused, any) || TK, as docs/protocols/amp-sec.md 6.1 lays it out
        System.arraycopy(kck.bytes(), 0, whole, 0, 16);
        java.util.Arrays.fill(whole, 16, 32, (byte) 0x5a);
        System.arraycopy(tk.bytes(), 0, whole, 32, 16);
        ptk = KeyMaterial.of(whole);
    }

    @Test
    void dataBothWaysOpensUnderTheSessionsTk() throws Exception {
        for (byte[][] c : new byte[][][] {{downlink, DL}, {uplink, UL}}) {
            for (Map<String, KeyMaterial> keys : List.of(Map.of("TK", tk), Map.of("PTK", ptk))) {
                Inspection i = inspector.inspect(c[0], keys);
                assertEquals(Verdict.VERIFIED, i.verdict("CCM MIC of Data").orElseThrow(), i.toString());
                assertArrayEquals(c[1], i.plaintexts().get(0).bytes());
            }
        }
    }

    @Test
    void theResponsesUlDataOpensButItsMicNeedsTheTrigger() throws Exception {
        Inspection i = inspector.inspect(response, Map.of("PTK", ptk));
        assertEquals(Verdict.NOT_CHECKED, i.verdict("MIC").orElseThrow());
        assertEquals(Verdict.VERIFIED, i.verdict("CCM MIC of UlData").orElseThrow());
        assertArrayEquals(UL_EARLY, i.plaintexts().get(0).bytes());
        assertEquals(Verdict.NOT_CHECKED, inspector.inspect(confirm, Map.of("PTK", ptk)).verdict("MIC")
                .orElseThrow());
    }

    @Test
    void pmkUpdateMicVerifiesUnderKck() throws Exception {
        assertEquals(Verdict.VERIFIED, inspector.inspect(pmkUpdate, Map.of("KCK", kck)).verdict("MIC").orElseThrow());
        assertEquals(Verdict.VERIFIED, inspector.inspect(pmkUpdate, Map.of("PTK", ptk)).verdict("MIC").orElseThrow());
        assertEquals(Verdict.FAILED, inspector.inspect(pmkUpdate, Map.of("KCK", tk)).verdict("MIC").orElseThrow());
        assertEquals(Verdict.NOT_CHECKED, inspector.inspect(pmkUpdate, Map.of()).verdict("MIC").orElseThrow());
    }

    @Test
    void aWrongKeyOrAFlippedBitFails() throws Exception {
        assertEquals(Verdict.FAILED, inspector.inspect(downlink, Map.of("TK", kck)).verdict("CCM MIC of Data")
                .orElseThrow());
        for (int i = 0; i < downlink.length; i++) {
            byte[] bad = downlink.clone();
            bad[i] ^= 0x01;
            Inspection got;
            try {
                got = inspector.inspect(bad, Map.of("TK", tk));
            } catch (dev.ampbench.protocol.codec.FrameDecodeException malformed) {
                continue; // the flip broke the frame's shape: refused before any MIC
            }
            assertTrue(got.checks().stream().noneMatch(c -> c.verdict() == Verdict.VERIFIED), "octet " + i + ": "
                    + got.checks());
        }
    }

    @Test
    void keysOfTheWrongLengthAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> inspector.inspect(downlink, Map.of("PTK", tk)));
        assertTrue(e.getMessage().startsWith("PTK must be 48 octets"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> inspector.inspect(downlink, Map.of("TK", ptk)));
        assertTrue(e.getMessage().startsWith("TK must be 16 octets"), e.getMessage());
    }
}
