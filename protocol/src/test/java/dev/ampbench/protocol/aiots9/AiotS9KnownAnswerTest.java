package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.vectors.KnownAnswers.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ampbench.protocol.aiots9.AiotS9Crypto.Direction;
import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.AesCtrLightweight;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published vectors that cover aiot-s9's primitives. known-answers.json has AES-128-CMAC (RFC 4493), which is
 * the profile's Mac before truncation; it has no HMAC-SHA-256 KDF or AES-CTR vector, so the KDF is checked against
 * an independent implementation in {@link AiotS9ReferenceTest} and AES-CTR against NIST SP 800-38A below.
 */
class AiotS9KnownAnswerTest {

    static Stream<Named<JsonNode>> cmac() {
        return KnownAnswers.startingWith("AES-128-CMAC").stream().map(v -> Named.of(v.get("id").asText(), v));
    }

    @ParameterizedTest
    @MethodSource("cmac")
    void macIsTheFirst64BitsOfAesCmac(JsonNode v) {
        KeyMaterial key = KeyMaterial.of(hex(v, "key"));
        MessageKeys keys = new MessageKeys(key, key, Direction.DOWNLINK);
        assertArrayEquals(Arrays.copyOf(hex(v, "tag"), AiotS9Codec.MAC_LEN), keys.mac(hex(v, "message")));
    }

    /** NIST SP 800-38A, F.5.1 CTR-AES128.Encrypt (all four blocks). */
    @Test
    void aesCtrMatchesSp80038a() {
        KeyMaterial key = KeyMaterial.of(Hex.decode("2b7e151628aed2a6abf7158809cf4f3c"));
        byte[] counter = Hex.decode("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
        byte[] plaintext = Hex.decode("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710");
        byte[] ciphertext = Hex.decode("874d6191b620e3261bef6864990db6ce9806f66b7970fdff8617187bb9fffdff"
                + "5ae4df3edbd5d35e5b4f09020db03eab1e031dda2fbe03d1792170a0f3009cee");
        assertArrayEquals(ciphertext, AesCtrLightweight.apply(key, counter, plaintext));
        assertArrayEquals(plaintext, AesCtrLightweight.apply(key, counter, ciphertext));
    }
}
