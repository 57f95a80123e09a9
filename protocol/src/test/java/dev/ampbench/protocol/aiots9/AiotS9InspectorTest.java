package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.Fixtures.DEVICE_ID;
import static dev.ampbench.protocol.aiots9.Fixtures.KEY;
import static dev.ampbench.protocol.aiots9.Fixtures.onlyTransmit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.Inspection;
import dev.ampbench.protocol.inspect.Inspection.Verdict;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What `ampbench decode --key` relies on for aiot-s9: frames the profile's own AIoTF and device machines exchange
 * (encrypted device ID, a command under confidentiality and integrity), opened with the device's K_auth.
 */
class AiotS9InspectorTest {
    private final AiotS9Inspector inspector = new AiotS9Inspector();
    private static final byte[] CMD = "open valve 3".getBytes(StandardCharsets.US_ASCII);
    private static final KeyMaterial K_AUTH = KeyMaterial.of(KEY);

    private static final class Exchange {
        final byte[] paging;
        final byte[] pagingResponse;
        final byte[] command;
        final byte[] commandResponse;

        Exchange() {
            AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
            AiotS9Infrastructure net = new AiotS9Infrastructure(List.of(p),
                    Fixtures.context(new SeededRandomSource(1)), Set.of());
            AiotS9Device dev = new AiotS9Device(p, Fixtures.context(new SeededRandomSource(2)), Set.of());
            paging = onlyTransmit(net.page(DEVICE_ID));
            pagingResponse = onlyTransmit(dev.receive(paging));
            net.receive(pagingResponse);
            command = onlyTransmit(net.command(DEVICE_ID, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY, CMD));
            List<Effect> got = dev.receive(command);
            commandResponse = onlyTransmit(got);
        }
    }

    private final Exchange x = new Exchange();

    @Test
    void networkFramesOpenWithKAuthAlone() throws Exception {
        Inspection paging = inspector.inspect(x.paging, Map.of("K_auth", K_AUTH));
        assertEquals(Verdict.VERIFIED, paging.verdict("Mac").orElseThrow());
        assertArrayEquals(DEVICE_ID, paging.plaintexts().get(0).bytes());
        Inspection command = inspector.inspect(x.command, Map.of("K_auth", K_AUTH));
        assertEquals(Verdict.VERIFIED, command.verdict("Mac").orElseThrow());
        assertEquals("SecuredPayload", command.plaintexts().get(1).field());
        assertArrayEquals(CMD, command.plaintexts().get(1).bytes());
    }

    @Test
    void deviceFramesNeedTheNetworkNonceOfWhatTheyAnswer() throws Exception {
        byte[] nn = Command.decode(x.command).networkNonce();
        Inspection without = inspector.inspect(x.commandResponse, Map.of("K_auth", K_AUTH));
        assertEquals(Verdict.NOT_CHECKED, without.verdict("Mac").orElseThrow());
        assertTrue(without.checks().get(0).detail().contains("NetworkNonce"), without.checks().toString());
        Inspection with = inspector.inspect(x.commandResponse, Map.of("K_auth", K_AUTH, "NetworkNonce",
                KeyMaterial.of(nn)));
        assertEquals(Verdict.VERIFIED, with.verdict("Mac").orElseThrow());
        assertArrayEquals(DEVICE_ID, with.plaintexts().get(0).bytes());
        byte[] pagingNn = Paging.decode(x.paging).networkNonce();
        assertEquals(Verdict.VERIFIED, inspector.inspect(x.pagingResponse, Map.of("K_auth", K_AUTH,
                "NetworkNonce", KeyMaterial.of(pagingNn))).verdict("Mac").orElseThrow());
        // the other exchange's NN derives other keys
        assertEquals(Verdict.FAILED, inspector.inspect(x.pagingResponse, Map.of("K_auth", K_AUTH,
                "NetworkNonce", KeyMaterial.of(nn))).verdict("Mac").orElseThrow());
    }

    @Test
    void aWrongKeyOrAFlippedBitFails() throws Exception {
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertEquals(Verdict.FAILED, inspector.inspect(x.command, Map.of("K_auth", KeyMaterial.of(other)))
                .verdict("Mac").orElseThrow());
        for (int i = 1; i < x.command.length; i++) {
            byte[] bad = x.command.clone();
            bad[i] ^= 0x10;
            Inspection got;
            try {
                got = inspector.inspect(bad, Map.of("K_auth", K_AUTH));
            } catch (dev.ampbench.protocol.codec.FrameDecodeException malformed) {
                continue; // a flipped IdMode or Policy is refused before any Mac
            }
            assertTrue(got.checks().stream().noneMatch(c -> c.verdict() == Verdict.VERIFIED), "octet " + i);
        }
    }
}
