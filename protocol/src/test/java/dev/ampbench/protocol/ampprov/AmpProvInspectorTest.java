package dev.ampbench.protocol.ampprov;

import static dev.ampbench.protocol.ampprov.AmpProvKnownAnswerTest.REQ_SENSOR_ABCD;
import static dev.ampbench.protocol.ampprov.AmpProvKnownAnswerTest.SLIDES;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What `ampbench decode --key` relies on for amp-prov, on the reference frame of AmpProvKnownAnswerTest (a
 * REQ_SENSOR_DATA "ABCD" under Ek_1_0 of the SLIDES hierarchy, values from protocol/src/test/python).
 */
class AmpProvInspectorTest {
    private final AmpProvInspector inspector = new AmpProvInspector();
    private static final byte[] FRAME = Hex.decode(REQ_SENSOR_ABCD);
    private static final byte[] ABCD = "ABCD".getBytes(StandardCharsets.US_ASCII);

    @Test
    void tk1DerivesTheFramesKeyFromItsKeySelAndCntr() throws Exception {
        Inspection i = inspector.inspect(FRAME, Map.of("TK1", KeyMaterial.of(Hex.decode(SLIDES.tk1()))));
        assertEquals(Verdict.VERIFIED, i.verdict("MIC").orElseThrow());
        assertArrayEquals(ABCD, i.plaintexts().get(0).bytes());
        assertEquals("Ek_1_0 from TK1", i.plaintexts().get(0).key());
    }

    @Test
    void ekOpensItDirectly() throws Exception {
        Inspection i = inspector.inspect(FRAME, Map.of("Ek", KeyMaterial.of(Hex.decode(SLIDES.ek10()))));
        assertEquals(Verdict.VERIFIED, i.verdict("MIC").orElseThrow());
        assertArrayEquals(ABCD, i.plaintexts().get(0).bytes());
    }

    @Test
    void theOtherTemporalKeyCannotCheckItAndAWrongOneFails() throws Exception {
        Inspection i = inspector.inspect(FRAME, Map.of("TK2", KeyMaterial.of(Hex.decode(SLIDES.tk2()))));
        assertEquals(Verdict.NOT_CHECKED, i.verdict("MIC").orElseThrow());
        assertTrue(i.checks().get(0).detail().startsWith("needs TK1 (KeySel 1)"), i.checks().toString());
        assertEquals(Verdict.FAILED, inspector.inspect(FRAME, Map.of("TK1", KeyMaterial.of(Hex.decode(SLIDES.tk2()))))
                .verdict("MIC").orElseThrow());
    }

    @Test
    void everyFlippedBitFails() throws Exception {
        KeyMaterial tk1 = KeyMaterial.of(Hex.decode(SLIDES.tk1()));
        for (int bit = 0; bit < FRAME.length * 8; bit++) {
            byte[] bad = FRAME.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            Inspection got;
            try {
                got = inspector.inspect(bad, Map.of("TK1", tk1, "TK2", tk1));
            } catch (FrameDecodeException malformed) {
                continue; // another Type, a KeySel of 0 or 3, a Seq of 0: refused before any MIC
            }
            assertTrue(got.checks().stream().noneMatch(c -> c.verdict() == Verdict.VERIFIED), "bit " + bit);
        }
    }
}
