package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import java.util.Arrays;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What `ampbench decode --key` relies on for LoRaWAN: published frames of known-answers.json (join frames and 1.0
 * uplinks, their MICs and plaintexts given by the vectors' sources), 1.1 data frames sealed by this profile's own
 * FrameProtection, and bit flips that a MIC must catch.
 */
class LoRaWanInspectorTest {
    private final LoRaWanInspector inspector = new LoRaWanInspector();
    private static final KeyMaterial OTHER = KeyMaterial.of(new byte[16]);

    static java.util.stream.Stream<org.junit.jupiter.api.Named<JsonNode>> joinRequests() {
        return LoRaWanKnownAnswerTest.joinRequests();
    }

    static java.util.stream.Stream<org.junit.jupiter.api.Named<JsonNode>> joinAccepts10() {
        return LoRaWanKnownAnswerTest.joinAccepts10();
    }

    static java.util.stream.Stream<org.junit.jupiter.api.Named<JsonNode>> uplinks10() {
        return LoRaWanKnownAnswerTest.uplinks10();
    }

    private static JsonNode byId(String id) {
        return dev.ampbench.protocol.vectors.KnownAnswers.where(a -> true).stream()
                .filter(v -> v.get("id").asText().equals(id)).findFirst().orElseThrow();
    }

    private static KeyMaterial key(JsonNode v, String field) {
        return KeyMaterial.of(hex(v, field));
    }

    @ParameterizedTest
    @MethodSource("joinRequests")
    void publishedJoinRequestMicVerifiesUnderAppKeyOnly(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayload");
        assertEquals(Verdict.VERIFIED, inspector.inspect(phy, Map.of("AppKey", key(v, "appKey"))).verdict("MIC")
                .orElseThrow());
        assertEquals(Verdict.FAILED, inspector.inspect(phy, Map.of("AppKey", OTHER)).verdict("MIC").orElseThrow());
        assertEquals(Verdict.NOT_CHECKED, inspector.inspect(phy, Map.of()).verdict("MIC").orElseThrow());
    }

    @ParameterizedTest
    @MethodSource("joinAccepts10")
    void publishedJoinAcceptDecryptsToTheVectorsPlaintextAndVerifies(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayloadEncrypted");
        Inspection i = inspector.inspect(phy, Map.of("AppKey", key(v, "appKey")));
        assertEquals(Verdict.VERIFIED, i.verdict("MIC").orElseThrow());
        byte[] expected = hex(v, "decryptedMacPayloadAndMic");
        byte[] plain = i.plaintexts().get(0).bytes();
        // the vectors give JoinNonce..MIC; the plaintext carries the MHDR in front, as the MIC covers it
        assertArrayEquals(expected, Arrays.copyOfRange(plain, 1, plain.length));
        assertTrue(i.plaintexts().get(0).fields().stream().anyMatch(f -> f.name().equals("DevAddr")));
        assertEquals(Verdict.FAILED, inspector.inspect(phy, Map.of("AppKey", OTHER)).verdict("MIC").orElseThrow());
    }

    @Test
    void optNegJoinAcceptDecryptsButItsMicIsNotCheckedFromTheFrameAlone() throws Exception {
        JsonNode v = byId("lorawan11-joinaccept-optneg");
        Inspection i = inspector.inspect(hex(v, "phyPayloadEncrypted"), Map.of("NwkKey", key(v, "nwkKey")));
        byte[] plain = i.plaintexts().get(0).bytes();
        assertArrayEquals(hex(v, "decryptedMacPayloadAndMic"), Arrays.copyOfRange(plain, 1, plain.length));
        assertEquals(Verdict.NOT_CHECKED, i.verdict("MIC").orElseThrow());
        assertTrue(i.checks().get(0).detail().contains("OptNeg"));
    }

    @ParameterizedTest
    @MethodSource("uplinks10")
    void publishedUplinkVerifiesUnderNwkSKeyAndOpensUnderAppSKey(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayload");
        Inspection i = inspector.inspect(phy, Map.of("NwkSKey", key(v, "nwkSKey"), "AppSKey", key(v, "appSKey")));
        assertEquals(Verdict.VERIFIED, i.verdict("MIC").orElseThrow());
        assertEquals("FRMPayload", i.plaintexts().get(0).field());
        assertArrayEquals(hex(v, "plaintext"), i.plaintexts().get(0).bytes());
        assertEquals(Verdict.FAILED, inspector.inspect(phy, Map.of("NwkSKey", key(v, "appSKey"))).verdict("MIC")
                .orElseThrow());
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> inspector.inspect(
                hex(byId("lorawan10-uplink-m"), "phyPayload"),
                Map.of("NwkSKey", KeyMaterial.of(new byte[15]))));
        assertTrue(e.getMessage().startsWith("NwkSKey must be 16 octets"), e.getMessage());
    }

    // --- frames this profile's own machines seal: 1.0 and 1.1 sessions, both directions ---

    @Provide
    Arbitrary<byte[]> key16() {
        return Arbitraries.bytes().array(byte[].class).ofSize(16);
    }

    @Property(tries = 200)
    void sealedFramesVerifyOpenAndAnyFlippedBitIsCaught(@ForAll("key16") byte[] f, @ForAll("key16") byte[] s,
            @ForAll("key16") byte[] e, @ForAll("key16") byte[] a, @ForAll boolean v11, @ForAll boolean up,
            @ForAll int devAddr, @ForAll @IntRange(min = 0, max = 0xffff) int fCnt,
            @ForAll @IntRange(min = 1, max = 223) int fPort, @ForAll @Size(max = 32) byte[] payload,
            @ForAll @Size(max = 15) byte[] fOpts, @ForAll @IntRange(min = 0, max = 10_000) int flip)
            throws FrameDecodeException {
        SessionKeys keys = v11 ? new SessionKeys(LoRaWanVersion.V1_1, KeyMaterial.of(f), KeyMaterial.of(s),
                KeyMaterial.of(e), KeyMaterial.of(a)) : SessionKeys.v1_0(KeyMaterial.of(f), KeyMaterial.of(a));
        MType type = up ? MType.UNCONFIRMED_DATA_UP : MType.UNCONFIRMED_DATA_DOWN;
        byte[] frame = FrameProtection.seal(keys, type, devAddr, 0, fCnt, fOpts, fPort, payload, 0).encode();
        Map<String, KeyMaterial> given = v11
                ? Map.of("FNwkSIntKey", KeyMaterial.of(f), "SNwkSIntKey", KeyMaterial.of(s), "NwkSEncKey",
                KeyMaterial.of(e), "AppSKey", KeyMaterial.of(a))
                : Map.of("NwkSKey", KeyMaterial.of(f), "AppSKey", KeyMaterial.of(a));
        Inspection i = inspector.inspect(frame, given);
        assertTrue(i.checks().stream().allMatch(c -> c.verdict() == Verdict.VERIFIED), i.checks().toString());
        if (payload.length > 0) {
            assertArrayEquals(payload, i.plaintexts().stream().filter(p -> p.field().equals("FRMPayload"))
                    .findFirst().orElseThrow().bytes());
        }
        if (v11 && fOpts.length > 0) {
            assertArrayEquals(fOpts, i.plaintexts().stream().filter(p -> p.field().equals("FOpts"))
                    .findFirst().orElseThrow().bytes());
        }
        byte[] bad = frame.clone();
        int bit = flip % (bad.length * 8);
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        Inspection flipped;
        try {
            flipped = inspector.inspect(bad, given);
        } catch (FrameDecodeException malformed) {
            return; // the flip made it another frame shape: refused before any MIC
        }
        // a 1.1 downlink whose ACK bit the flip set cannot be checked (its MIC then covers ConfFCnt): said so
        boolean ackNowSet = flipped.checks().stream().anyMatch(c -> c.verdict() == Verdict.NOT_CHECKED
                && c.detail().startsWith("ACK set"));
        assertTrue(flipped.checks().stream().anyMatch(c -> c.verdict() == Verdict.FAILED)
                || !flipped.type().equals(i.type()) || ackNowSet, "bit " + bit + " flipped and every MIC still verified: "
                + flipped.checks());
    }
}
