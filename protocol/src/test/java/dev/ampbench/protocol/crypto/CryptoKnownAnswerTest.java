package dev.ampbench.protocol.crypto;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every primitive against the published vectors in known-answers.json. */
class CryptoKnownAnswerTest {

    static Stream<Named<JsonNode>> vectors(String algorithmPrefix) {
        return KnownAnswers.startingWith(algorithmPrefix).stream().map(v -> Named.of(v.get("id").asText(), v));
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

    static Stream<Named<JsonNode>> prf() {
        return vectors("IEEE 802.11 PRF-SHA1");
    }

    static Stream<Named<JsonNode>> ptk() {
        return vectors("IEEE 802.11 PTK");
    }

    @ParameterizedTest
    @MethodSource("hkdf")
    void hkdfExtractAndExpand(JsonNode v) {
        KeyMaterial prk = Hkdf.extract(hex(v, "salt"), hex(v, "ikm"));
        assertArrayEquals(hex(v, "prk"), prk.bytes());
        assertArrayEquals(hex(v, "okm"), Hkdf.expand(prk, hex(v, "info"), v.get("length").asInt()).bytes());
        assertArrayEquals(hex(v, "okm"),
                Hkdf.derive(hex(v, "salt"), hex(v, "ikm"), hex(v, "info"), v.get("length").asInt()).bytes());
    }

    @ParameterizedTest
    @MethodSource("cmac")
    void aesCmac(JsonNode v) {
        assertArrayEquals(hex(v, "tag"), AesCmac.mac(KeyMaterial.of(hex(v, "key")), hex(v, "message")));
    }

    @ParameterizedTest
    @MethodSource("cmac")
    void aesCmacOverSplitInputEqualsWhole(JsonNode v) {
        byte[] m = hex(v, "message");
        int cut = m.length / 3;
        byte[] a = java.util.Arrays.copyOfRange(m, 0, cut);
        byte[] b = java.util.Arrays.copyOfRange(m, cut, m.length);
        assertArrayEquals(hex(v, "tag"), AesCmac.mac(KeyMaterial.of(hex(v, "key")), a, b));
    }

    @ParameterizedTest
    @MethodSource("ccm")
    void aesCcmSealAndOpen(JsonNode v) {
        KeyMaterial key = KeyMaterial.of(hex(v, "key"));
        byte[] tag = hex(v, "tag");
        byte[] expected = Bytes.concat(hex(v, "ciphertext"), tag);
        byte[] sealed = AesCcm.seal(key, hex(v, "nonce"), hex(v, "aad"), hex(v, "plaintext"), tag.length);
        assertArrayEquals(expected, sealed);
        byte[] opened = AesCcm.open(key, hex(v, "nonce"), hex(v, "aad"), sealed, tag.length);
        assertNotNull(opened);
        assertArrayEquals(hex(v, "plaintext"), opened);
    }

    @ParameterizedTest
    @MethodSource("prf")
    void ieee80211PrfSha1(JsonNode v) {
        byte[] out = Ieee80211Kdf.prfSha1(KeyMaterial.of(hex(v, "key")), v.get("label").asText(), hex(v, "data"),
                v.get("bits").asInt());
        assertArrayEquals(hex(v, "output"), out);
    }

    @ParameterizedTest
    @MethodSource("ptk")
    void ieee80211PtkKckKekTk(JsonNode v) {
        KeyMaterial ptk = Ieee80211Kdf.ptkPrfSha1(KeyMaterial.of(hex(v, "pmk")), hex(v, "aa"), hex(v, "spa"),
                hex(v, "anonce"), hex(v, "snonce"), 384);
        assertArrayEquals(hex(v, "kck"), ptk.slice(0, 16).bytes(), "KCK");
        assertArrayEquals(hex(v, "kek"), ptk.slice(16, 16).bytes(), "KEK");
        assertArrayEquals(hex(v, "tk"), ptk.slice(32, 16).bytes(), "TK");
    }

    @ParameterizedTest
    @MethodSource("ptk")
    void ptkIsSymmetricInRoles(JsonNode v) {
        // Min/Max ordering makes the derivation the same whichever side computes it.
        KeyMaterial pmk = KeyMaterial.of(hex(v, "pmk"));
        KeyMaterial a = Ieee80211Kdf.ptkPrfSha1(pmk, hex(v, "aa"), hex(v, "spa"), hex(v, "anonce"), hex(v, "snonce"), 384);
        KeyMaterial b = Ieee80211Kdf.ptkPrfSha1(pmk, hex(v, "spa"), hex(v, "aa"), hex(v, "snonce"), hex(v, "anonce"), 384);
        assertArrayEquals(a.bytes(), b.bytes());
        assertArrayEquals(Hex.decode(v.get("tk").asText()), b.slice(32, 16).bytes());
    }
}
