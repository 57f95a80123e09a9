package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published vectors of known-answers.json that amp-sec's own key schedule, MIC and data protection cover,
 * run through amp-sec's classes (not the crypto primitives directly).
 */
class AmpSecKnownAnswerTest {

    static Stream<Named<JsonNode>> vectors(String algorithmPrefix) {
        return KnownAnswers.startingWith(algorithmPrefix).stream().map(v -> Named.of(v.get("id").asText(), v));
    }

    static Stream<Named<JsonNode>> ptk() {
        return vectors("IEEE 802.11 PTK");
    }

    static Stream<Named<JsonNode>> prf() {
        return vectors("IEEE 802.11 PRF-SHA1");
    }

    static Stream<Named<JsonNode>> cmac() {
        return vectors("AES-128-CMAC");
    }

    static Stream<Named<JsonNode>> ccm() {
        return vectors("AES-128-CCM (M=8, L=2)");
    }

    @ParameterizedTest
    @MethodSource("ptk")
    void prfSha1AkmSplitsKckAndTkAsThe80211Ptk(JsonNode v) {
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(AmpSecAkm.HMAC_SHA1_PRF_SHA1, KeyMaterial.of(hex(v, "pmk")),
                hex(v, "aa"), hex(v, "spa"), hex(v, "anonce"), hex(v, "snonce"));
        assertArrayEquals(hex(v, "kck"), ptk.kck().bytes(), "KCK");
        assertArrayEquals(hex(v, "tk"), ptk.tk().bytes(), "TK");
    }

    @ParameterizedTest
    @MethodSource("prf")
    void prfSha1AkmKdfIsThe80211Prf(JsonNode v) {
        assertArrayEquals(hex(v, "output"), AmpSecAkm.HMAC_SHA1_PRF_SHA1.kdf(KeyMaterial.of(hex(v, "key")),
                v.get("label").asText(), hex(v, "data"), v.get("bits").asInt()));
    }

    @ParameterizedTest
    @MethodSource("ptk")
    void ptkIsTheSameFromTheApAndTheStaSide(JsonNode v) {
        for (AmpSecAkm akm : AmpSecAkm.values()) {
            KeyMaterial pmk = KeyMaterial.of(hex(v, "pmk"));
            AmpSecKeySchedule.Ptk ap = AmpSecKeySchedule.ptk(akm, pmk, hex(v, "aa"), hex(v, "spa"), hex(v, "anonce"),
                    hex(v, "snonce"));
            AmpSecKeySchedule.Ptk sta = AmpSecKeySchedule.ptk(akm, pmk, hex(v, "spa"), hex(v, "aa"),
                    hex(v, "snonce"), hex(v, "anonce"));
            assertArrayEquals(ap.kck().bytes(), sta.kck().bytes(), akm.name());
            assertArrayEquals(ap.tk().bytes(), sta.tk().bytes(), akm.name());
        }
    }

    @ParameterizedTest
    @MethodSource("cmac")
    void defaultAkmMicIsAesCmac(JsonNode v) {
        byte[] m = hex(v, "message");
        byte[] half = java.util.Arrays.copyOf(m, m.length / 2);
        byte[] rest = java.util.Arrays.copyOfRange(m, m.length / 2, m.length);
        assertArrayEquals(hex(v, "tag"), AmpSecAkm.CMAC_KDF_SHA256.mic(KeyMaterial.of(hex(v, "key")), half, rest));
    }

    @ParameterizedTest
    @MethodSource("ccm")
    void dataProtectionIsCcmWithDirectionSaPnNonce(JsonNode v) {
        // RFC 3610 packet 1's nonce 00 000003020100 a0a1a2a3a4a5 reads as Direction 0 (uplink), SA 000003020100,
        // PN 0xa0a1a2a3a4a5: the same 13 octets amp-sec builds.
        byte[] nonce = hex(v, "nonce");
        byte[] sa = java.util.Arrays.copyOfRange(nonce, 1, 7);
        long pn = Long.parseLong(Hex.encode(java.util.Arrays.copyOfRange(nonce, 7, 13)), 16);
        assertArrayEquals(nonce, AmpSecCcm.nonce(AmpSecCcm.UPLINK, sa, pn));
        KeyMaterial key = KeyMaterial.of(hex(v, "key"));
        byte[] sealed = AmpSecCcm.seal(key, AmpSecCcm.UPLINK, sa, pn, hex(v, "aad"), hex(v, "plaintext"));
        assertArrayEquals(Bytes.concat(hex(v, "ciphertext"), hex(v, "tag")), sealed);
        assertArrayEquals(hex(v, "plaintext"),
                AmpSecCcm.open(key, AmpSecCcm.UPLINK, sa, pn, hex(v, "aad"), sealed, Set.of()));
        // The deviation paths decrypt with the same keystream.
        assertArrayEquals(hex(v, "plaintext"), AmpSecCcm.open(key, AmpSecCcm.UPLINK, sa, pn, hex(v, "aad"), sealed,
                Set.of(Deviation.MIC_NOT_CHECKED)));
        assertArrayEquals(hex(v, "plaintext"), AmpSecCcm.open(key, AmpSecCcm.UPLINK, sa, pn, hex(v, "aad"), sealed,
                Set.of(Deviation.MIC_FIRST_BYTE_ONLY)));
    }
}
