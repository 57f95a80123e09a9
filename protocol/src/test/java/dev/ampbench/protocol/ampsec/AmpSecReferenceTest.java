package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.ampsec.Fixtures.AA;
import static dev.ampbench.protocol.ampsec.Fixtures.ANONCE;
import static dev.ampbench.protocol.ampsec.Fixtures.PMK;
import static dev.ampbench.protocol.ampsec.Fixtures.SA;
import static dev.ampbench.protocol.ampsec.Fixtures.SNONCE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Expected values not in known-answers.json, computed by an independent implementation written from the spec:
 * protocol/src/test/python/amp_sec_reference.py (Python hmac/hashlib and the cryptography package's AES-CMAC and
 * AES-CCM). Inputs are the IEEE 802.11 PTK vector's PMK, AA, SPA, ANonce and SNonce.
 */
class AmpSecReferenceTest {

    @Test
    void pmkUpdateDerivation() {
        assertArrayEquals(Hex.decode("2f67a721b3a66c6b7242e85f498447193fd33f12879842749fe3422bb12a9e80"),
                AmpSecKeySchedule.nextPmk(AmpSecAkm.CMAC_KDF_SHA256, PMK, AA, SA, 1).bytes());
    }

    @Test
    void pmkUpdateDerivationWithThePrfSha1Akm() {
        assertArrayEquals(Hex.decode("87fd526fa3822d763625c13630fc46447e3e21b67c060d8ccf836fd28f79cf7c"),
                AmpSecKeySchedule.nextPmk(AmpSecAkm.HMAC_SHA1_PRF_SHA1, PMK, AA, SA, 7).bytes());
    }

    @Test
    void kdfSha256AkmSplitsKckAndTk() {
        // PTK from Kdf256ReferenceTest (same inputs, independently computed): KCK = octets 0-15, TK = 32-47.
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(AmpSecAkm.CMAC_KDF_SHA256, PMK, AA, SA, ANONCE, SNONCE);
        assertArrayEquals(Hex.decode("ef4540918946a492df873642a391980e"), ptk.kck().bytes());
        assertArrayEquals(Hex.decode("c1d8551e9b4a744376a33e8ebf50290c"), ptk.tk().bytes());
    }

    @Test
    void hmacSha1AkmMicIsHmacSha1Truncated() {
        KeyMaterial kck = KeyMaterial.of(Hex.decode("379f9852d0199236b94e407ce4c00ec8"));
        assertArrayEquals(Hex.decode("548e86bc952bda89903e59e1807f6501"),
                AmpSecAkm.HMAC_SHA1_PRF_SHA1.mic(kck, "abc".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void fullTranscriptMatchesTheReference() {
        MachineContext apCtx = new MachineContext(Fixtures.fixed(ANONCE), new ManualClock(0), new InMemoryStore());
        MachineContext staCtx = new MachineContext(Fixtures.fixed(SNONCE), new ManualClock(0), new InMemoryStore());
        AmpSecAccessPoint ap = new AmpSecAccessPoint(AA, AmpSecParameters.DEFAULT, List.of(Fixtures.personalization()),
                apCtx, Set.of());
        AmpSecStation sta = new AmpSecStation(Fixtures.personalization(), staCtx, Set.of());
        assertEquals(List.of(), sta.sendData(ascii("hello")), "queued for the Response");

        byte[] trigger = Fixtures.transmitted(ap.trigger());
        assertArrayEquals(Hex.decode("0105a0a1a1a3a4a5ffffffffffff0000"
                + "e0e1e2e3e4e5e6e7e8e9f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff000102030405"), trigger);
        byte[] response = Fixtures.transmitted(sta.receive(trigger));
        assertArrayEquals(Hex.decode("0205a0a1a1a3a4a5b0b1b2b3b4b500000000"
                + "c0c1c2c3c4c5c6c7c8c9d0d1d2d3d4d5d6d7d8d9dadbdcdddedfe0e1e2e3e4e5"
                + "e1d926e3b449922df91819a156b721521733972ec62b9ff3d4432e9485"), response);
        List<Effect> apEffects = ap.receive(response);
        byte[] confirm = Fixtures.transmitted(apEffects);
        assertArrayEquals(Hex.decode("0305a0a1a1a3a4a5b0b1b2b3b4b5000000005de97d36dca0c2e7d764aa6a716bd419"),
                confirm);
        assertArrayEquals(ascii("hello"), Fixtures.delivered(apEffects).get(0));
        assertEquals(true, Fixtures.established(sta.receive(confirm)));

        assertArrayEquals(Hex.decode("0405a0a1a1a3a4a5b0b1b2b3b4b5000000000001a0136ebfd8d5f996cf78d9d2"),
                Fixtures.transmitted(sta.sendData(ascii("ping"))));
        byte[] downlink = Fixtures.transmitted(ap.sendData(SA, ascii("pong")));
        assertArrayEquals(Hex.decode("0505a0a1a1a3a4a5b0b1b2b3b4b5000000000001a840a7cfe815ecc803778c54"), downlink);
        assertArrayEquals(ascii("pong"), Fixtures.delivered(sta.receive(downlink)).get(0));
        byte[] update = Fixtures.transmitted(ap.updatePmk(SA));
        assertArrayEquals(Hex.decode("0605a0a1a1a3a4a5b0b1b2b3b4b500000000000200014c6592f29f4be7c41e900711f3b6c715"),
                update);
        assertEquals(true, Fixtures.established(sta.receive(update)));
        assertEquals(1, sta.pmkGeneration());
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
