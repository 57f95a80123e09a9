package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.Fixtures.DEVICE_ID;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each deviation the machines implement, showing the misbehaviour a conforming machine does not have. */
class AiotS9DeviationTest {
    private final AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);

    private AiotS9Infrastructure infra(Set<Deviation> deviations) {
        return new AiotS9Infrastructure(List.of(p), MachineContext.forTest(11), deviations);
    }

    private AiotS9Device device(Set<Deviation> deviations) {
        return new AiotS9Device(p, MachineContext.forTest(12), deviations);
    }

    private static byte[] tamper(byte[] frame, int offsetFromEnd) {
        byte[] out = frame.clone();
        out[out.length - offsetFromEnd] ^= 0x01;
        return out;
    }

    @Test
    void nonceReusedAfterPowerLossRepeatsTheDeviceNonceAndTheAiotfCatchesIt() throws FrameDecodeException {
        AiotS9Infrastructure aiotf = infra(Set.of());
        InMemoryStore store = new InMemoryStore();
        SeededRandomSource random = new SeededRandomSource(13);
        Set<Deviation> defect = Set.of(Deviation.NONCE_REUSED_AFTER_POWER_LOSS);
        AiotS9Device before = new AiotS9Device(p, new MachineContext(random, new ManualClock(0), store), defect);
        byte[] first = Fixtures.onlyTransmit(before.receive(Fixtures.onlyTransmit(aiotf.page(DEVICE_ID))));
        assertTrue(aiotf.receive(first).stream().anyMatch(e -> e instanceof Effect.Established));

        AiotS9Device after = new AiotS9Device(p, new MachineContext(random, new ManualClock(0), store), defect);
        byte[] second = Fixtures.onlyTransmit(after.receive(Fixtures.onlyTransmit(aiotf.page(DEVICE_ID))));
        assertArrayEquals(PagingResponse.decode(first).deviceNonce(), PagingResponse.decode(second).deviceNonce());
        assertEquals("AIOT-S9-R4", Fixtures.rejectedRule(aiotf.receive(second)));
    }

    @Test
    void nonceNotFreshRepeatsTheNetworkNonceAndTheDeviceRefusesTheSecondPaging() throws FrameDecodeException {
        AiotS9Infrastructure stale = infra(Set.of(Deviation.NONCE_NOT_FRESH));
        byte[] one = Fixtures.onlyTransmit(stale.page(DEVICE_ID));
        byte[] two = Fixtures.onlyTransmit(stale.page(DEVICE_ID));
        byte[] three = Fixtures.onlyTransmit(stale.command(DEVICE_ID, SecurityPolicy.INTEGRITY, new byte[0]));
        assertArrayEquals(Paging.decode(one).networkNonce(), Paging.decode(two).networkNonce());
        assertArrayEquals(Paging.decode(one).networkNonce(), Command.decode(three).networkNonce());
        AiotS9Device d = device(Set.of());
        assertTrue(Fixtures.accepts(d.receive(one)));
        assertEquals("AIOT-S9-R7", Fixtures.rejectedRule(d.receive(two)));
    }

    @Test
    void micNotCheckedAcceptsAForgedMacOnBothSides() {
        AiotS9Infrastructure aiotf = infra(Set.of(Deviation.MIC_NOT_CHECKED));
        AiotS9Device d = device(Set.of(Deviation.MIC_NOT_CHECKED));
        List<Effect> atDevice = d.receive(tamper(Fixtures.onlyTransmit(aiotf.page(DEVICE_ID)), 1));
        assertTrue(Fixtures.transmits(atDevice), atDevice.toString());
        List<Effect> atAiotf = aiotf.receive(tamper(Fixtures.onlyTransmit(atDevice), 1));
        assertTrue(atAiotf.stream().anyMatch(e -> e instanceof Effect.Established), atAiotf.toString());
    }

    @Test
    void micFirstByteOnlyAcceptsAMacWrongInItsLastByteButNotItsFirst() {
        AiotS9Infrastructure aiotf = infra(Set.of());
        AiotS9Device d = device(Set.of(Deviation.MIC_FIRST_BYTE_ONLY));
        assertTrue(Fixtures.transmits(d.receive(tamper(Fixtures.onlyTransmit(aiotf.page(DEVICE_ID)), 1))));
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(
                d.receive(tamper(Fixtures.onlyTransmit(aiotf.page(DEVICE_ID)), AiotS9Codec.MAC_LEN))));

        AiotS9Infrastructure sloppy = infra(Set.of(Deviation.MIC_FIRST_BYTE_ONLY));
        byte[] paging = Fixtures.onlyTransmit(sloppy.page(DEVICE_ID));
        byte[] response = Fixtures.onlyTransmit(device(Set.of()).receive(paging));
        assertTrue(sloppy.receive(tamper(response, 2)).stream().anyMatch(e -> e instanceof Effect.Established));
    }

    @Test
    void replayAcceptedExecutesAReplayedCommandTwice() {
        AiotS9Infrastructure aiotf = infra(Set.of());
        AiotS9Device d = device(Set.of(Deviation.REPLAY_ACCEPTED));
        byte[] command = Fixtures.onlyTransmit(aiotf.command(DEVICE_ID, SecurityPolicy.INTEGRITY, new byte[] {7}));
        assertTrue(d.receive(command).stream().anyMatch(e -> e instanceof Effect.Deliver));
        assertTrue(d.receive(command).stream().anyMatch(e -> e instanceof Effect.Deliver), "replay executed again");
    }

    @Test
    void answersForeignAddressAnswersAPagingForAnotherDevice() {
        AiotS9Personalization other = new AiotS9Personalization(Hex.decode("0102030405060708"), p.authKey(),
                IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
        byte[] foreign = AiotS9Frames.paging(other, new SeededRandomSource(14).bytes(8)).encode();
        assertTrue(Fixtures.ignored(device(Set.of()).receive(foreign)));
        assertTrue(Fixtures.transmits(device(Set.of(Deviation.ANSWERS_FOREIGN_ADDRESS)).receive(foreign)));
    }

    @Test
    void policyDowngradeAcceptedTakesACommandWithoutProtection() {
        byte[] none = AiotS9Frames.command(p, SecurityPolicy.NONE, new SeededRandomSource(15).bytes(8),
                new byte[] {3}).encode();
        List<Effect> effects = device(Set.of(Deviation.POLICY_DOWNGRADE_ACCEPTED)).receive(none);
        assertTrue(effects.stream().anyMatch(e -> e instanceof Effect.Deliver), effects.toString());
    }

    @Test
    void policyDowngradeAcceptedAtTheAiotfTakesAResponseUnderAWeakerPolicy() throws FrameDecodeException {
        AiotS9Infrastructure aiotf = infra(Set.of(Deviation.POLICY_DOWNGRADE_ACCEPTED));
        byte[] nn = Command.decode(Fixtures.onlyTransmit(
                aiotf.command(DEVICE_ID, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY, new byte[] {1}))).networkNonce();
        byte[] weaker = AiotS9Frames.commandResponse(p, SecurityPolicy.NONE, nn, Fixtures.DN, new byte[] {2}).encode();
        assertTrue(aiotf.receive(weaker).stream().anyMatch(e -> e instanceof Effect.Deliver));
    }

    @ParameterizedTest
    @EnumSource(Deviation.class)
    void everyDeviationMapsToARuleOrIsHarmlessHere(Deviation d) {
        Optional<dev.ampbench.protocol.Rule> rule = AiotS9Rule.brokenBy(d);
        Exchange.Transcript t = AiotS9Pairing.pair(p, MachineContext.forTest(16), MachineContext.forTest(17),
                Set.of(d), Set.of(d)).run(10);
        if (rule.isEmpty()) {
            assertTrue(t.firstEstablished() && t.secondEstablished(), d + " must not change a conforming exchange");
        } else {
            assertTrue(rule.get().id().startsWith("AIOT-S9-R"));
        }
        assertFalse(t.anyRejected(), "a single clean paging never trips over " + d);
    }

    @Test
    void brokenByNamesTheSpecsRules() {
        assertEquals(Optional.of(AiotS9Rule.R4), AiotS9Rule.brokenBy(Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals(Optional.of(AiotS9Rule.R3), AiotS9Rule.brokenBy(Deviation.NONCE_NOT_FRESH));
        assertEquals(Optional.of(AiotS9Rule.R5), AiotS9Rule.brokenBy(Deviation.MIC_NOT_CHECKED));
        assertEquals(Optional.of(AiotS9Rule.R5), AiotS9Rule.brokenBy(Deviation.MIC_FIRST_BYTE_ONLY));
        assertEquals(Optional.of(AiotS9Rule.R7), AiotS9Rule.brokenBy(Deviation.REPLAY_ACCEPTED));
        assertEquals(Optional.of(AiotS9Rule.R8), AiotS9Rule.brokenBy(Deviation.ANSWERS_FOREIGN_ADDRESS));
        assertEquals(Optional.of(AiotS9Rule.R6), AiotS9Rule.brokenBy(Deviation.POLICY_DOWNGRADE_ACCEPTED));
        assertEquals(Optional.empty(), AiotS9Rule.brokenBy(Deviation.COUNTER_RESET_ON_POWER_LOSS));
        assertEquals(Optional.empty(), AiotS9Rule.brokenBy(Deviation.KEYS_KEPT_ACROSS_POWER_LOSS));
        assertEquals(Optional.empty(), AiotS9Rule.brokenBy(Deviation.LEAVES_PROVISIONING_EARLY));
    }
}
