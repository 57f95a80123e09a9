package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.Fixtures.DEVICE_ID;
import static dev.ampbench.protocol.aiots9.Fixtures.DN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** One or more examples per rule the machines enforce, each asserting the rule id of the rejection. */
class AiotS9RulesTest {
    private final AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
    private final ManualClock infraClock = new ManualClock(0);
    private final AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p),
            new MachineContext(new SeededRandomSource(7), infraClock, new InMemoryStore()), Set.of());
    private final AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(8), Set.of());

    private byte[] page() {
        return Fixtures.onlyTransmit(infra.page(DEVICE_ID));
    }

    private byte[] command(SecurityPolicy policy) {
        return Fixtures.onlyTransmit(infra.command(DEVICE_ID, policy, new byte[] {0x42}));
    }

    private static byte[] tamperLastByte(byte[] frame) {
        byte[] out = frame.clone();
        out[out.length - 1] ^= 0x01;
        return out;
    }

    @Test
    void r1MalformedFramesAreRefusedByBothSides() {
        byte[] truncated = java.util.Arrays.copyOf(page(), 20);
        assertEquals("AIOT-S9-R1", Fixtures.rejectedRule(device.receive(truncated)));
        assertEquals("AIOT-S9-R1", Fixtures.rejectedRule(infra.receive(new byte[] {0x02, 0x07})));
        assertEquals("AIOT-S9-R1", Fixtures.rejectedRule(device.receive(new byte[0])));
    }

    @ParameterizedTest
    @EnumSource(IdMode.class)
    void r2TheDeviceIdNeverAppearsOnTheAirAndChangesEveryMessage(IdMode mode) throws FrameDecodeException {
        AiotS9Personalization q = Fixtures.personalization(mode, SecurityPolicy.NONE);
        AiotS9Device d = new AiotS9Device(q, MachineContext.forTest(3), Set.of());
        AiotS9Infrastructure i = new AiotS9Infrastructure(List.of(q), MachineContext.forTest(4), Set.of());
        AiotS9Codec codec = new AiotS9Codec();
        Set<String> protectedIds = new HashSet<>();
        for (int n = 0; n < 5; n++) {
            List<Exchange.Transcript> runs = List.of(Exchange.run(i, i.page(DEVICE_ID), d, 4),
                    Exchange.run(i, i.command(DEVICE_ID, SecurityPolicy.NONE, new byte[] {1, 2}), d, 4));
            for (Exchange.Transcript t : runs) {
                for (Exchange.Sent s : t.frames()) {
                    byte[] f = s.frame();
                    assertFalse(Bytes.indexOf(f, DEVICE_ID) >= 0,
                            "device ID in clear in " + Hex.encode(f));
                    FieldDescriptor pid = codec.decode(f).fields().stream()
                            .filter(x -> x.name().equals("ProtectedDeviceId")).findFirst().orElseThrow();
                    protectedIds.add(Hex.encode(java.util.Arrays.copyOfRange(f, pid.offset(), pid.end())));
                }
            }
        }
        assertEquals(20, protectedIds.size(), "every message carries a different ProtectedDeviceId");
    }

    @Test
    void r3TheAiotfDrawsAFreshNetworkNonceForEveryPagingAndCommand() throws FrameDecodeException {
        Set<String> nonces = new HashSet<>();
        for (int n = 0; n < 20; n++) {
            nonces.add(Hex.encode(Paging.decode(page()).networkNonce()));
            nonces.add(Hex.encode(Command.decode(command(SecurityPolicy.INTEGRITY)).networkNonce()));
        }
        assertEquals(40, nonces.size());
    }

    @Test
    void r4TheAiotfRefusesADeviceNonceThatDeviceAlreadyUsed() {
        AiotS9Device sameNonce = new AiotS9Device(p, Fixtures.context(Fixtures.constant(DN)), Set.of());
        Exchange.Transcript first = Exchange.run(infra, infra.page(DEVICE_ID), sameNonce, 4);
        assertTrue(first.firstEstablished());
        byte[] second = Fixtures.onlyTransmit(sameNonce.receive(page()));
        assertEquals("AIOT-S9-R4", Fixtures.rejectedRule(infra.receive(second)));
        byte[] third = Fixtures.onlyTransmit(sameNonce.receive(command(SecurityPolicy.INTEGRITY)));
        assertEquals("AIOT-S9-R4", Fixtures.rejectedRule(infra.receive(third)));
    }

    @Test
    void r5ABadMacIsRefusedBeforeAnyActionOnBothSides() {
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(device.receive(tamperLastByte(page()))));
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(
                device.receive(tamperLastByte(command(SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY)))));
        byte[] response = Fixtures.onlyTransmit(device.receive(page()));
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(infra.receive(tamperLastByte(response))));
        AiotS9Device other = new AiotS9Device(p, MachineContext.forTest(9), Set.of());
        byte[] commandResponse = Fixtures.onlyTransmit(other.receive(command(SecurityPolicy.INTEGRITY)));
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(infra.receive(tamperLastByte(commandResponse))));
    }

    @Test
    void r6TheDeviceRefusesACommandBelowItsMinimumPolicy() {
        byte[] nn = new SeededRandomSource(1).bytes(8);
        byte[] none = AiotS9Frames.command(p, SecurityPolicy.NONE, nn, new byte[] {1}).encode();
        assertEquals("AIOT-S9-R6", Fixtures.rejectedRule(device.receive(none)));

        AiotS9Personalization strict = Fixtures.personalization(IdMode.TEMPORARY_ID,
                SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY);
        AiotS9Device strictDevice = new AiotS9Device(strict, MachineContext.forTest(2), Set.of());
        byte[] integrity = AiotS9Frames.command(strict, SecurityPolicy.INTEGRITY, nn, new byte[] {1}).encode();
        assertEquals("AIOT-S9-R6", Fixtures.rejectedRule(strictDevice.receive(integrity)));
        assertTrue(Fixtures.accepts(strictDevice.receive(
                AiotS9Frames.command(strict, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY, nn, new byte[] {1})
                        .encode())));
    }

    @Test
    void r6TheAiotfRefusesAResponseUnderAnotherPolicyAndNeverSendsBelowTheMinimum() throws FrameDecodeException {
        byte[] nn = Command.decode(command(SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY)).networkNonce();
        byte[] downgraded = AiotS9Frames.commandResponse(p, SecurityPolicy.INTEGRITY, nn, DN, new byte[] {9})
                .encode();
        assertEquals("AIOT-S9-R6", Fixtures.rejectedRule(infra.receive(downgraded)));
        assertThrows(IllegalArgumentException.class, () -> infra.command(DEVICE_ID, SecurityPolicy.NONE, new byte[0]));
    }

    @Test
    void r7TheDeviceRefusesAReplayedPagingOrCommand() {
        byte[] paging = page();
        assertTrue(Fixtures.accepts(device.receive(paging)));
        assertEquals("AIOT-S9-R7", Fixtures.rejectedRule(device.receive(paging)));
        byte[] c = command(SecurityPolicy.INTEGRITY);
        assertTrue(Fixtures.accepts(device.receive(c)));
        assertEquals("AIOT-S9-R7", Fixtures.rejectedRule(device.receive(c)));
    }

    @Test
    void r7TheReplayWindowHoldsTheLast16NetworkNonces() {
        List<byte[]> pagings = new ArrayList<>();
        for (int n = 0; n < AiotS9Device.REPLAY_WINDOW + 1; n++) {
            byte[] paging = page();
            pagings.add(paging);
            assertTrue(Fixtures.accepts(device.receive(paging)));
        }
        assertEquals("AIOT-S9-R7", Fixtures.rejectedRule(device.receive(pagings.get(1))));
        assertTrue(Fixtures.accepts(device.receive(pagings.get(0))), "the 17th-newest nonce has left the window");
    }

    @ParameterizedTest
    @EnumSource(IdMode.class)
    void r8APagingOrCommandForAnotherDeviceIsIgnoredWithoutAnswer(IdMode mode) {
        AiotS9Personalization other = new AiotS9Personalization(Hex.decode("0102030405060708"),
                p.authKey(), mode, SecurityPolicy.INTEGRITY);
        AiotS9Personalization mine = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Device d = new AiotS9Device(mine, MachineContext.forTest(5), Set.of());
        byte[] nn = new SeededRandomSource(2).bytes(8);
        assertTrue(Fixtures.ignored(d.receive(AiotS9Frames.paging(other, nn).encode())));
        assertTrue(Fixtures.ignored(d.receive(
                AiotS9Frames.command(other, SecurityPolicy.INTEGRITY, nn, new byte[] {1}).encode())));
        assertEquals("LISTENING", d.state());
    }

    @Test
    void r8APagingInTheOtherIdModeIsIgnored() {
        AiotS9Personalization temporary = Fixtures.personalization(IdMode.TEMPORARY_ID, SecurityPolicy.INTEGRITY);
        byte[] paging = AiotS9Frames.paging(temporary, new SeededRandomSource(3).bytes(8)).encode();
        assertTrue(Fixtures.ignored(device.receive(paging)));
    }

    @Test
    void r9TheAiotfAcceptsAResponseOnlyOnceAndOnlyInTime() {
        byte[] response = Fixtures.onlyTransmit(device.receive(page()));
        assertEquals("AWAITING_RESPONSE", infra.state());
        assertTrue(infra.receive(response).stream().anyMatch(e -> e instanceof Effect.Established));
        assertEquals("IDLE", infra.state());
        assertEquals("AIOT-S9-R9", Fixtures.rejectedRule(infra.receive(response)));

        byte[] late = Fixtures.onlyTransmit(device.receive(page()));
        infraClock.advance(AiotS9Infrastructure.RESPONSE_TIMEOUT_MILLIS + 1);
        assertEquals("AIOT-S9-R9", Fixtures.rejectedRule(infra.receive(late)));
    }

    @Test
    void r9AResponseFromADeviceThatWasNotPagedIsRefused() {
        AiotS9Personalization stranger = new AiotS9Personalization(Hex.decode("1111111111111111"), p.authKey(),
                IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
        page();
        byte[] unsolicited = AiotS9Frames.pagingResponse(stranger, new SeededRandomSource(4).bytes(8), DN,
                SecurityPolicy.INTEGRITY).encode();
        assertEquals("AIOT-S9-R9", Fixtures.rejectedRule(infra.receive(unsolicited)));
    }

    @Test
    void aPagingAreaOfOneThousandDevicesYieldsExactlyOneAnswer() {
        for (IdMode mode : IdMode.values()) {
            List<AiotS9Personalization> table = new ArrayList<>();
            List<AiotS9Device> area = new ArrayList<>();
            SeededRandomSource keys = new SeededRandomSource(mode.ordinal());
            for (int n = 0; n < 1000; n++) {
                AiotS9Personalization q = Fixtures.personalization(keys.bytes(8), keys.bytes(16), mode);
                table.add(q);
                area.add(new AiotS9Device(q, MachineContext.forTest(n), Set.of()));
            }
            AiotS9Infrastructure aiotf = new AiotS9Infrastructure(table, MachineContext.forTest(-1), Set.of());
            byte[] paging = Fixtures.onlyTransmit(aiotf.page(table.get(537).deviceId()));
            List<byte[]> answers = new ArrayList<>();
            int ignored = 0;
            for (AiotS9Device d : area) {
                List<Effect> effects = d.receive(paging);
                if (Fixtures.ignored(effects)) {
                    ignored++;
                } else {
                    answers.add(Fixtures.onlyTransmit(effects));
                }
            }
            assertEquals(999, ignored, mode.toString());
            assertEquals(1, answers.size(), mode.toString());
            assertTrue(aiotf.receive(answers.get(0)).stream().anyMatch(e -> e instanceof Effect.Established));
            assertNotEquals("LISTENING", area.get(537).state());
        }
    }
}
