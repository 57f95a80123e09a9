package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.Fixtures.DEVICE_ID;
import static dev.ampbench.protocol.aiots9.Fixtures.DN;
import static dev.ampbench.protocol.aiots9.Fixtures.KEY;
import static dev.ampbench.protocol.aiots9.Fixtures.NN;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.Kdf33220;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * No published vectors exist for aiot-s9. Every expected value here was printed by
 * {@code protocol/src/test/python/aiot_s9_reference.py}, an independent implementation of the spec's formulas (TS 33.220
 * Annex B.2 KDF with Python's hmac/hashlib, AES-CTR and AES-CMAC from the {@code cryptography} package), not by
 * this code. Inputs: K_auth = 000102..0f, device ID a0..a7, NetworkNonce b0..b7, DeviceNonce c0..c7.
 */
class AiotS9ReferenceTest {
    private static final KeyMaterial K = KeyMaterial.of(KEY);
    private static final byte[] PAYLOAD = "read temperature".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ANSWER = "21.5C".getBytes(StandardCharsets.US_ASCII);

    @Test
    void kdf33220OfSimpleInputsIncludingAnEmptyParameter() {
        byte[] key = new byte[16];
        java.util.Arrays.fill(key, (byte) 0x0b);
        assertArrayEquals(Hex.decode("d087f31bf2bd05eca05ec4cb375df74ca1df8ca1997ded5e643ad682704e05fd"),
                Kdf33220.derive(KeyMaterial.of(key), 0x10, "abc".getBytes(StandardCharsets.US_ASCII), new byte[0])
                        .bytes());
    }

    @Test
    void networkAndDeviceMessageKeys() {
        byte[] n = Hex.decode("cb913450892c2a626b0a4820c33dd4fa7a82ba17290dbc4f31f9c84e738daf54");
        byte[] d = Hex.decode("be7a7d8d43437fb71c8d8a464d7802eb3dbe5a3345cb5da92f8ec86fa8663ae5");
        assertArrayEquals(n, Kdf33220.derive(K, AiotS9Crypto.FC_NETWORK_KEYS, NN).bytes());
        assertArrayEquals(d, Kdf33220.derive(K, AiotS9Crypto.FC_DEVICE_KEYS, NN, DN).bytes());
        MessageKeys network = MessageKeys.network(K, NN);
        assertArrayEquals(java.util.Arrays.copyOfRange(n, 0, 16), network.enc().bytes(), "K_enc_N: 128 MSBs");
        assertArrayEquals(java.util.Arrays.copyOfRange(n, 16, 32), network.integrity().bytes(), "K_int_N: 128 LSBs");
        MessageKeys device = MessageKeys.device(K, NN, DN);
        assertArrayEquals(java.util.Arrays.copyOfRange(d, 0, 16), device.enc().bytes(), "K_enc_D");
        assertArrayEquals(java.util.Arrays.copyOfRange(d, 16, 32), device.integrity().bytes(), "K_int_D");
    }

    @Test
    void aKdfBoundToAKeyGivesTheReferenceValuesOnEveryReuse() {
        Kdf33220 kdf = Kdf33220.forKey(K);
        for (int round = 0; round < 3; round++) {
            assertArrayEquals(Hex.decode("cb913450892c2a626b0a4820c33dd4fa7a82ba17290dbc4f31f9c84e738daf54"),
                    kdf.derive(AiotS9Crypto.FC_NETWORK_KEYS, NN).bytes());
            assertArrayEquals(Hex.decode("8cf67aa544adf4c4"), AiotS9Crypto.temporaryIdUplink(kdf, DEVICE_ID, NN, DN));
            assertArrayEquals(Hex.decode("be7a7d8d43437fb71c8d8a464d7802eb3dbe5a3345cb5da92f8ec86fa8663ae5"),
                    kdf.derive(AiotS9Crypto.FC_DEVICE_KEYS, NN, DN).bytes());
            assertArrayEquals(Hex.decode("6bd92a48b1485133"), AiotS9Crypto.temporaryIdDownlink(kdf, DEVICE_ID, NN));
        }
    }

    @Test
    void temporaryIds() {
        assertArrayEquals(Hex.decode("6bd92a48b1485133"), AiotS9Crypto.temporaryIdDownlink(K, DEVICE_ID, NN));
        assertArrayEquals(Hex.decode("8cf67aa544adf4c4"), AiotS9Crypto.temporaryIdUplink(K, DEVICE_ID, NN, DN));
    }

    @ParameterizedTest
    @EnumSource(IdMode.class)
    void pagingAndResponseFramesFromTheMachines(IdMode mode) {
        String paging = mode == IdMode.ENCRYPTED_ID
                ? "0100b0b1b2b3b4b5b6b7a8464ac5ae2082d153b1584b0c2696cc"
                : "0101b0b1b2b3b4b5b6b76bd92a48b1485133e99b57ceb60f4a56";
        String response = mode == IdMode.ENCRYPTED_ID
                ? "0200c0c1c2c3c4c5c6c7023a87d21590f5712a10a5368d26b75cff"
                : "0201c0c1c2c3c4c5c6c7028cf67aa544adf4c48117b3a6df4256a4";
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p),
                Fixtures.context(Fixtures.constant(NN)), Set.of());
        AiotS9Device device = new AiotS9Device(p, Fixtures.context(Fixtures.constant(DN)), Set.of());

        byte[] pagingFrame = Fixtures.onlyTransmit(infra.page(DEVICE_ID));
        assertEquals(paging, Hex.encode(pagingFrame));
        byte[] responseFrame = Fixtures.onlyTransmit(device.receive(pagingFrame));
        assertEquals(response, Hex.encode(responseFrame));
        assertEquals(1, infra.receive(responseFrame).stream().filter(e -> e instanceof Effect.Established).count());
    }

    @Test
    void commandUnderConfidentialityAndIntegrityAndItsResponse() {
        AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p),
                Fixtures.context(Fixtures.constant(NN)), Set.of());
        AiotS9Device device = new AiotS9Device(p, Fixtures.context(Fixtures.constant(DN)), Set.of(),
                command -> ANSWER);

        byte[] command = Fixtures.onlyTransmit(
                infra.command(DEVICE_ID, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY, PAYLOAD));
        assertEquals("030002b0b1b2b3b4b5b6b7a8464ac5ae2082d16e46706ff0a0695063f635384ada6daebbc73c07c77ce392",
                Hex.encode(command));
        List<Effect> atDevice = device.receive(command);
        assertArrayEquals(PAYLOAD, ((Effect.Deliver) atDevice.get(0)).payload());
        byte[] response = Fixtures.onlyTransmit(atDevice);
        assertEquals("040002c0c1c2c3c4c5c6c73a87d21590f5712af418bae78de024685e124b4ae7", Hex.encode(response));
        assertArrayEquals(ANSWER, ((Effect.Deliver) infra.receive(response).get(0)).payload());
    }

    @Test
    void commandsWithTemporaryIdUnderIntegrityAndNone() {
        AiotS9Personalization p = Fixtures.personalization(IdMode.TEMPORARY_ID, SecurityPolicy.NONE);
        assertEquals("030101b0b1b2b3b4b5b6b76bd92a48b1485133726561642074656d7065726174757265c67042861ea7225f",
                Hex.encode(AiotS9Frames.command(p, SecurityPolicy.INTEGRITY, NN, PAYLOAD).encode()));
        assertEquals("030100b0b1b2b3b4b5b6b76bd92a48b1485133726561642074656d7065726174757265",
                Hex.encode(AiotS9Frames.command(p, SecurityPolicy.NONE, NN, PAYLOAD).encode()));
    }
}
