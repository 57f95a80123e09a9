package dev.ampbench.protocol.lorawan;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static dev.ampbench.protocol.vectors.KnownAnswers.hexReversed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every LoRaWAN vector of known-answers.json through this profile's codec, key derivation and MICs. */
class LoRaWanKnownAnswerTest {
    private final LoRaWanCodec codec = new LoRaWanCodec();

    static Stream<Named<JsonNode>> vectors(String algorithmPrefix) {
        return KnownAnswers.startingWith(algorithmPrefix).stream().map(v -> Named.of(v.get("id").asText(), v));
    }

    static Stream<Named<JsonNode>> joinRequests() {
        return vectors("LoRaWAN 1.0 JoinRequest");
    }

    static Stream<Named<JsonNode>> joinAccepts10() {
        return vectors("LoRaWAN 1.0 JoinAccept");
    }

    static Stream<Named<JsonNode>> uplinks10() {
        return vectors("LoRaWAN 1.0 uplink data frame");
    }

    /** An identifier the file writes most significant byte first, as a number. */
    private static long id(JsonNode v, String field) {
        return Long.parseUnsignedLong(v.get(field).asText(), 16);
    }

    private static KeyMaterial key(JsonNode v, String field) {
        return KeyMaterial.of(hex(v, field));
    }

    @ParameterizedTest
    @MethodSource("joinRequests")
    void joinRequestDecodesReencodesAndVerifies(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayload");
        JoinRequest r = assertInstanceOf(JoinRequest.class, codec.decode(phy));
        assertEquals(id(v, "joinEui"), r.joinEui());
        assertEquals(id(v, "devEui"), r.devEui());
        assertArrayEquals(hexReversed(v, "joinEui"), Arrays.copyOfRange(phy, 1, 9), "JoinEUI travels LSB first");
        assertArrayEquals(hexReversed(v, "devEui"), Arrays.copyOfRange(phy, 9, 17), "DevEUI travels LSB first");
        assertEquals(v.get("devNonce").asInt(), r.devNonce());
        assertArrayEquals(hex(v, "mic"), r.mic());
        assertArrayEquals(phy, r.encode());
        assertArrayEquals(hex(v, "mic"), JoinCrypto.joinRequestMic(key(v, "appKey"), r));
    }

    @ParameterizedTest
    @MethodSource("joinAccepts10")
    void joinAccept10DecryptsVerifiesAndReseals(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayloadEncrypted");
        KeyMaterial appKey = key(v, "appKey");
        JoinAccept onAir = assertInstanceOf(JoinAccept.class, codec.decode(phy));
        JoinAcceptContent c = JoinAcceptContent.decode(JoinCrypto.open(appKey, onAir));
        byte[] plain = c.encode();
        assertArrayEquals(hex(v, "decryptedMacPayloadAndMic"), Arrays.copyOfRange(plain, 1, plain.length));
        assertEquals(v.get("joinNonce").asInt(), c.joinNonce());
        assertEquals(id(v, "netId"), c.netId());
        assertEquals(id(v, "devAddr"), c.devAddr() & 0xffffffffL);
        assertEquals(v.get("dlSettings").asInt(), c.dlSettings());
        assertEquals(v.get("rxDelay").asInt(), c.rxDelay());
        assertFalse(c.optNeg());
        assertArrayEquals(hex(v, "mic"), c.mic());
        assertArrayEquals(hex(v, "mic"), JoinCrypto.joinAcceptMic(appKey, c.signedPart(), false, 0, 0),
                "the 1.0 MIC covers neither JoinEUI nor DevNonce");
        assertArrayEquals(phy, JoinCrypto.seal(appKey, c).encode());
        assertArrayEquals(phy, onAir.encode());
    }

    @Test
    void sessionKeys10() {
        JsonNode v = KnownAnswers.startingWith("LoRaWAN 1.0 NwkSKey/AppSKey derivation").get(0);
        SessionKeys k = KeyDerivation.v1_0(key(v, "appKey"), v.get("joinNonce").asInt(), (int) id(v, "netId"),
                v.get("devNonce").asInt());
        assertArrayEquals(hex(v, "nwkSKey"), k.nwkSKey().bytes());
        assertArrayEquals(hex(v, "appSKey"), k.appSKey().bytes());
    }

    @ParameterizedTest
    @MethodSource("uplinks10")
    void uplink10DecodesDecryptsVerifiesAndReseals(JsonNode v) throws Exception {
        byte[] phy = hex(v, "phyPayload");
        SessionKeys keys = SessionKeys.v1_0(key(v, "nwkSKey"), key(v, "appSKey"));
        DataFrame f = assertInstanceOf(DataFrame.class, codec.decode(phy));
        assertEquals(MType.UNCONFIRMED_DATA_UP, f.mType());
        assertEquals(id(v, "devAddr"), f.devAddr() & 0xffffffffL);
        assertArrayEquals(hexReversed(v, "devAddr"), Arrays.copyOfRange(phy, 1, 5));
        long fCnt = v.get("fCnt").asLong();
        assertEquals(fCnt, f.fCnt16());
        assertEquals(v.get("fPort").asInt(), f.fPort());
        assertArrayEquals(hex(v, "mic"), f.mic());
        assertArrayEquals(hex(v, "mic"), FrameProtection.mic(keys, f, fCnt, 0));
        assertArrayEquals(hex(v, "plaintext"), FrameProtection.open(keys, f, fCnt).payload());
        DataFrame resealed = FrameProtection.seal(keys, f.mType(), f.devAddr(), f.fCtrlFlags(), fCnt, f.fOpts(),
                f.fPort(), hex(v, "plaintext"), 0);
        assertArrayEquals(phy, resealed.encode());
    }

    @Test
    void sessionKeys11() {
        JsonNode v = KnownAnswers.startingWith("LoRaWAN 1.1 session key derivation").get(0);
        SessionKeys k = KeyDerivation.v1_1(key(v, "nwkKey"), key(v, "appKey"), v.get("joinNonce").asInt(),
                id(v, "joinEui"), v.get("devNonce").asInt());
        assertArrayEquals(hex(v, "fNwkSIntKey"), k.fNwkSIntKey().bytes());
        assertArrayEquals(hex(v, "sNwkSIntKey"), k.sNwkSIntKey().bytes());
        assertArrayEquals(hex(v, "nwkSEncKey"), k.nwkSEncKey().bytes());
        assertArrayEquals(hex(v, "appSKey"), k.appSKey().bytes());
    }

    @Test
    void joinAccept11WithOptNeg() throws Exception {
        JsonNode v = KnownAnswers.startingWith("LoRaWAN 1.1 JoinAccept").get(0);
        byte[] phy = hex(v, "phyPayloadEncrypted");
        KeyMaterial nwkKey = key(v, "nwkKey");
        JoinAcceptContent c = JoinAcceptContent.decode(
                JoinCrypto.open(nwkKey, assertInstanceOf(JoinAccept.class, codec.decode(phy))));
        byte[] plain = c.encode();
        assertArrayEquals(hex(v, "decryptedMacPayloadAndMic"), Arrays.copyOfRange(plain, 1, plain.length));
        assertTrue(c.optNeg());
        assertEquals(hex(v, "dlSettings")[0] & 0xff, c.dlSettings());
        assertEquals(v.get("joinNonce").asInt(), c.joinNonce());
        assertEquals(id(v, "netId"), c.netId());
        assertEquals(id(v, "devAddr"), c.devAddr() & 0xffffffffL);
        assertEquals(v.get("rxDelay").asInt(), c.rxDelay());
        assertEquals(JoinCrypto.JOIN_REQ_TYPE, hex(v, "joinReqType")[0] & 0xff);
        assertArrayEquals(hex(v, "mic"), JoinCrypto.joinAcceptMic(key(v, "jsIntKey"), c.signedPart(), true,
                id(v, "joinEui"), v.get("devNonce").asInt()));
        assertArrayEquals(phy, JoinCrypto.seal(nwkKey, c).encode(), Hex.encode(phy));
    }
}
