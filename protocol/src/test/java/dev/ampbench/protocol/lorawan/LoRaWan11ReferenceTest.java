package dev.ampbench.protocol.lorawan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * LoRaWAN 1.1 data frames, which known-answers.json has no vector for. The expected frames were computed by
 * {@code protocol/src/test/python/lorawan11_reference.py}, an independent implementation on the Python
 * {@code cryptography} package written from LoRaWAN 1.1 sections 4.3.1.6, 4.3.3 and 4.4 (FOpts A-block per the
 * 1.1 errata) and section 6.1.1 (JSIntKey, JSEncKey); the inputs below are the script's.
 */
class LoRaWan11ReferenceTest {
    private static final SessionKeys KEYS = new SessionKeys(LoRaWanVersion.V1_1,
            KeyMaterial.of(Hex.decode("000102030405060708090a0b0c0d0e0f")),
            KeyMaterial.of(Hex.decode("101112131415161718191a1b1c1d1e1f")),
            KeyMaterial.of(Hex.decode("202122232425262728292a2b2c2d2e2f")),
            KeyMaterial.of(Hex.decode("303132333435363738393a3b3c3d3e3f")));
    private static final int DEV_ADDR = 0x26011bda;

    @Test
    void uplinkWithSplitMicEncryptedFOptsAndConfFCnt() throws Exception {
        byte[] expected = Hex.decode("80da1b0126214523150a8db6bb4ff5a2d36f997d8dd7");
        byte[] payload = "ampbench".getBytes(StandardCharsets.US_ASCII);
        DataFrame sealed = FrameProtection.seal(KEYS, MType.CONFIRMED_DATA_UP, DEV_ADDR, DataFrame.ACK, 0x12345,
                Hex.decode("02"), 10, payload, 7);
        assertArrayEquals(expected, sealed.encode());
        DataFrame received = DataFrame.decode(expected);
        assertArrayEquals(received.mic(), FrameProtection.mic(KEYS, received, 0x12345, 7));
        FrameProtection.Opened opened = FrameProtection.open(KEYS, received, 0x12345);
        assertArrayEquals(Hex.decode("02"), opened.fOpts());
        assertArrayEquals(payload, opened.payload());
    }

    @Test
    void downlinkOnAFCntDownWithConfFCnt() throws Exception {
        byte[] expected = Hex.decode("60da1b01262202011da803cbed5ea683f9ae");
        DataFrame sealed = FrameProtection.seal(KEYS, MType.UNCONFIRMED_DATA_DOWN, DEV_ADDR, DataFrame.ACK, 0x102,
                Hex.decode("0302"), 3, Hex.decode("010203"), 0x2345);
        assertArrayEquals(expected, sealed.encode());
        FrameProtection.Opened opened = FrameProtection.open(KEYS, DataFrame.decode(expected), 0x102);
        assertArrayEquals(Hex.decode("0302"), opened.fOpts());
        assertArrayEquals(Hex.decode("010203"), opened.payload());
    }

    @Test
    void portZeroPayloadUsesNwkSEncKey() throws Exception {
        byte[] expected = Hex.decode("60da1b012600050000d876e7f8811c0eb58b");
        DataFrame sealed = FrameProtection.seal(KEYS, MType.UNCONFIRMED_DATA_DOWN, DEV_ADDR, 0, 5, new byte[0], 0,
                Hex.decode("0205010203"), 0);
        assertArrayEquals(expected, sealed.encode());
        DataFrame received = DataFrame.decode(expected);
        assertEquals(0, received.fPort());
        assertArrayEquals(Hex.decode("0205010203"), FrameProtection.open(KEYS, received, 5).payload());
    }

    @Test
    void joinServerKeysFromNwkKeyAndDevEui() {
        KeyMaterial nwkKey = KeyMaterial.of(Hex.decode("2b7e151628aed2a6abf7158809cf4f3c"));
        long devEui = 0x70b3d57ed0000001L;
        assertArrayEquals(Hex.decode("cf93c3690fd96a769faa548eb3cde704"),
                KeyDerivation.jsIntKey(nwkKey, devEui).bytes());
        assertArrayEquals(Hex.decode("dceef1d17eb97662f884d07bc0c28a8e"),
                KeyDerivation.jsEncKey(nwkKey, devEui).bytes());
    }
}
