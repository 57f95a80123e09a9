package dev.ampbench.protocol.ampprov;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.Hkdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The profile's primitives against the published vectors of known-answers.json (HKDF-SHA256, AES-CMAC, AES-CCM),
 * X25519 against RFC 7748 section 6.1, and the profile's own derivations, MICs and frames against values computed
 * independently in Python (hashlib/hmac and pyca/cryptography) by protocol/src/test/python/amp_prov_reference.py.
 */
class AmpProvKnownAnswerTest {
    // RFC 7748 section 6.1: Alice's and Bob's keys and their shared secret. Alice is the tag, Bob the AS.
    static final byte[] TAG_PRIV = Hex.decode("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    static final byte[] TAG_PUB = Hex.decode("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    static final byte[] AS_PRIV = Hex.decode("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    static final byte[] AS_PUB = Hex.decode("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    static final byte[] SHARED = Hex.decode("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");

    // Inputs of amp_prov_reference.py.
    static final byte[] SERIAL = Hex.decode("000102030405060708090a0b0c0d0e0f");
    static final long GWID = 0x0A0B0C0DL;
    static final byte[] TK_NONCE = Hex.decode("1112131415161718");
    static final byte[] TAG_NONCE = Hex.decode("2122232425262728");
    static final int ADDR = 0x0234;

    /** Expected outputs of amp_prov_reference.py, per mode. */
    record Expected(KdfMode mode, String prk, String tk1, String tk2, String kck, String ek10, String ek23,
                    String response, String confirm) {
    }

    static final Expected SLIDES = new Expected(KdfMode.SLIDES,
            "0bb8316d22259197ef0b2f7e15fcbbd53a7f8080c5a55e8cff9c927f94ba07bf",
            "634ecf1cfc99cb808b23eb9239faa2a6", "ce1a4896d8515c7a84225ac5cf6dbf6b", "3ee07f96fb2102c646191cd7f18b4320",
            "61cfdabec311a677263887d393da1cf3", "a1d887ebcbbc80f436a59a64a2ab5bdb",
            "03300c9c9603b92a4b000234111213141516171801dc66eaa1562b498c", "04023482cac72d39035c23");
    static final Expected STRONG = new Expected(KdfMode.STRONG,
            "e7ebaa42603d7a63e9d985fbe96661da66688532a96255c6c634b93b1a37ac21",
            "fb581e171d2df0b6af28299fec5e0efd", "03c1b93ab63e3c4236aa991ed0f0cd97", "8a0a930acd1354a337e8bf0668dcdbe9",
            "9e5623a8c06af210556ba83a7d1b7781", "9ed622cd39e9e34ced26ff636fc1808f",
            "03300c9c9603b92a4b010234111213141516171801639344f579236bea", "040234fbe24e4880f88e77");
    static final String PUB_KEY_HASH = "300c9c9603b92a4b39ed3958bf9240114804db4fd373012c0ca47432d63425ae";
    static final String REQ_SENSOR_ABCD = "100234010000000000000001603b39125f0b5f8a0319f72a";
    static final String QR_TEXT = "AMPPROV:0103300C9C9603B92A4B39ED3958BF9240114804DB4FD373012C0CA47432D63425AE";

    static Stream<Named<JsonNode>> vectors(String prefix) {
        return KnownAnswers.startingWith(prefix).stream().map(v -> Named.of(v.get("id").asText(), v));
    }

    static Stream<Named<JsonNode>> hkdf() {
        return vectors("HKDF-SHA256");
    }

    static Stream<Named<JsonNode>> cmac() {
        return vectors("AES-128-CMAC");
    }

    static Stream<Named<JsonNode>> ccm() {
        return vectors("AES-128-CCM");
    }

    @ParameterizedTest
    @MethodSource("hkdf")
    void hkdfAsTheKeyHierarchyUsesIt(JsonNode v) {
        KeyMaterial prk = Hkdf.extract(hex(v, "salt"), hex(v, "ikm"));
        assertArrayEquals(hex(v, "prk"), prk.bytes());
        assertArrayEquals(hex(v, "okm"), Hkdf.expand(prk, hex(v, "info"), v.get("length").asInt()).bytes());
    }

    @ParameterizedTest
    @MethodSource("cmac")
    void cmacTruncatedToTheMicLength(JsonNode v) {
        byte[] tag = hex(v, "tag");
        assertArrayEquals(java.util.Arrays.copyOf(tag, AmpProvParams.MIC_LEN),
                AesCmac.macTruncated(KeyMaterial.of(hex(v, "key")), AmpProvParams.MIC_LEN, hex(v, "message")));
    }

    @ParameterizedTest
    @MethodSource("ccm")
    void ccmSealsAndOpens(JsonNode v) {
        KeyMaterial key = KeyMaterial.of(hex(v, "key"));
        byte[] tag = hex(v, "tag");
        byte[] sealed = AesCcm.seal(key, hex(v, "nonce"), hex(v, "aad"), hex(v, "plaintext"), tag.length);
        assertEquals(Hex.encode(hex(v, "ciphertext")) + Hex.encode(tag), Hex.encode(sealed));
        assertArrayEquals(hex(v, "plaintext"), AesCcm.open(key, hex(v, "nonce"), hex(v, "aad"), sealed, tag.length));
    }

    @Test
    void x25519Rfc7748Section61() {
        assertArrayEquals(TAG_PUB, X25519.publicKey(KeyMaterial.of(TAG_PRIV)));
        assertArrayEquals(AS_PUB, X25519.publicKey(KeyMaterial.of(AS_PRIV)));
        assertArrayEquals(SHARED, X25519.agree(KeyMaterial.of(TAG_PRIV), AS_PUB).orElseThrow().bytes());
        assertArrayEquals(SHARED, X25519.agree(KeyMaterial.of(AS_PRIV), TAG_PUB).orElseThrow().bytes());
    }

    @Test
    void x25519RefusesALowOrderPoint() {
        assertTrue(X25519.agree(KeyMaterial.of(TAG_PRIV), new byte[32]).isEmpty());
    }

    static Stream<Expected> modes() {
        return Stream.of(SLIDES, STRONG);
    }

    @ParameterizedTest
    @MethodSource("modes")
    void keyHierarchyMatchesTheReference(Expected e) {
        KeyMaterial prk = AmpProvKdf.prk(e.mode(), KeyMaterial.of(SERIAL), AS_PUB, KeyMaterial.of(SHARED), TAG_NONCE,
                TK_NONCE);
        assertEquals(e.prk(), Hex.encode(prk.bytes()));
        TemporalKeys tk = AmpProvKdf.temporalKeys(prk, GWID, TK_NONCE, ADDR);
        assertEquals(e.tk1(), Hex.encode(tk.tk1().bytes()));
        assertEquals(e.tk2(), Hex.encode(tk.tk2().bytes()));
        assertEquals(e.kck(), Hex.encode(tk.kck().bytes()));
        assertEquals(e.ek10(), Hex.encode(AmpProvKdf.sessionKey(tk, 1, 0).bytes()));
        assertEquals(e.ek23(), Hex.encode(AmpProvKdf.sessionKey(tk, 2, 3).bytes()));
    }

    @Test
    void qrPayloadTextMatchesTheReference() throws Exception {
        QrPayload qr = QrPayload.forPublicKey(TAG_PUB, KdfMode.allBits());
        assertEquals(QR_TEXT, qr.toText());
        assertEquals(qr, QrPayload.parse(QR_TEXT));
        assertEquals(PUB_KEY_HASH, Hex.encode(qr.pubKeyHash()));
    }

    /** A fixed TagNonce, so the tag's frames can be compared with the reference. */
    static MachineContext fixedNonceContext() {
        return new MachineContext(out -> System.arraycopy(TAG_NONCE, 0, out, 0, out.length), new ManualClock(0),
                new InMemoryStore());
    }

    static AmpProvDevice referenceTag(KdfMode mode) {
        return new AmpProvDevice(new AmpProvDeviceIdentity(KeyMaterial.of(SERIAL), KeyMaterial.of(TAG_PRIV), TAG_PUB,
                AS_PUB, mode), fixedNonceContext(), Set.of());
    }

    /** The tag, run on the reference's frames, sends the reference's PROV_REQUEST and PROV_CONFIRM. */
    @ParameterizedTest
    @MethodSource("modes")
    void tagProvisionsFromTheReferenceResponse(Expected e) {
        AmpProvDevice tag = referenceTag(e.mode());
        List<Effect> out = tag.receive(new ProvBeacon(GWID, KdfMode.allBits()).encode());
        String request = "02" + "0a0b0c0d" + PUB_KEY_HASH.substring(0, 16) + "0" + e.mode().code() + "2122232425262728";
        assertEquals(request, Hex.encode(assertInstanceOf(Effect.Transmit.class, out.get(0)).frame()));

        out = tag.receive(Hex.decode(e.response()));
        assertEquals(e.confirm(), Hex.encode(assertInstanceOf(Effect.Transmit.class, out.get(0)).frame()));
        assertInstanceOf(Effect.Established.class, out.get(1));
        assertEquals(AmpProvDevice.NORMAL, tag.state());
        assertEquals(ADDR, tag.localAddress().orElseThrow());
    }

    @Test
    void tagOpensTheReferenceSensorRequest() {
        AmpProvDevice tag = referenceTag(KdfMode.SLIDES);
        tag.receive(new ProvBeacon(GWID, KdfMode.allBits()).encode());
        tag.receive(Hex.decode(SLIDES.response()));
        List<Effect> out = tag.receive(Hex.decode(REQ_SENSOR_ABCD));
        assertArrayEquals("ABCD".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                assertInstanceOf(Effect.Deliver.class, out.get(0)).payload());
        assertNotNull(assertInstanceOf(Effect.Transmit.class, out.get(1)));
    }

    @Test
    void sessionProtectionMatchesTheReference() {
        ProtectedFrame f = SessionProtection.seal(FrameType.REQ_SENSOR_DATA, ADDR, 1, 0, 1,
                KeyMaterial.of(Hex.decode(SLIDES.ek10())), "ABCD".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(REQ_SENSOR_ABCD, Hex.encode(f.encode()));
    }

    @ParameterizedTest
    @EnumSource(MicCheck.class)
    void everyMicCheckOpensAnAuthenticFrameToTheSamePlaintext(MicCheck check) throws Exception {
        ProtectedFrame f = ProtectedFrame.decode(Hex.decode(REQ_SENSOR_ABCD));
        assertEquals("ABCD", new String(SessionProtection.open(f, KeyMaterial.of(Hex.decode(SLIDES.ek10())), check),
                java.nio.charset.StandardCharsets.US_ASCII));
    }
}
