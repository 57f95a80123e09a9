package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * The aiot-s9 sealer on the frames the device (the tag) sends, for gateway campaigns: the AIoTF's own machine takes a
 * resealed CommandResponse whose payload was changed and refuses the same frame raw; resealing an unmutated response
 * gives it back; resealing never changes an octet outside the Mac.
 */
class AiotS9SealerPropertiesTest {
    private static final int RESPONSE_HEADER = 19; // Type, IdMode, Policy, DeviceNonce, ProtectedDeviceId

    @Provide
    Arbitrary<SecurityPolicy> macPolicies() {
        return Arbitraries.of(SecurityPolicy.INTEGRITY, SecurityPolicy.CONFIDENTIALITY_AND_INTEGRITY);
    }

    private record Exchanged(AiotS9Infrastructure infra, AiotS9Sealer sealer, byte[] response) {
    }

    private static Exchanged exchange(IdMode mode, SecurityPolicy policy, long seed, boolean command) {
        AiotS9Personalization p = Fixtures.personalization(mode, SecurityPolicy.INTEGRITY);
        AiotS9Device device = new AiotS9Device(p, MachineContext.forTest(seed), Set.of(), c -> c);
        AiotS9Infrastructure infra = new AiotS9Infrastructure(List.of(p), MachineContext.forTest(~seed), Set.of());
        byte[] request = Fixtures.onlyTransmit(command
                ? infra.command(Fixtures.DEVICE_ID, policy, new byte[] {1, 2, 3, 4})
                : infra.page(Fixtures.DEVICE_ID));
        AiotS9Sealer sealer = new AiotS9Sealer(p);
        sealer.observe(request);
        byte[] response = Fixtures.onlyTransmit(device.receive(request));
        sealer.observe(response);
        return new Exchanged(infra, sealer, response);
    }

    @Property(tries = 200)
    void aResealedCommandResponseWithAChangedPayloadIsTakenAndTheRawOneRefused(
            @ForAll IdMode mode, @ForAll("macPolicies") SecurityPolicy policy, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 3) int octet, @ForAll @IntRange(min = 1, max = 255) int xor) {
        Exchanged e = exchange(mode, policy, seed, true);
        byte[] mutated = e.response().clone();
        mutated[RESPONSE_HEADER + octet] ^= (byte) xor;
        byte[] resealed = e.sealer().reseal(e.response(), mutated).orElseThrow();

        List<Effect> raw = e.infra().receive(mutated);
        assertFalse(Fixtures.accepts(raw), raw.toString());
        assertEquals("AIOT-S9-R5", Fixtures.rejectedRule(raw));
        List<Effect> taken = e.infra().receive(resealed);
        assertTrue(taken.stream().anyMatch(x -> x instanceof Effect.Established), taken.toString());
    }

    @Property(tries = 200)
    void resealingAnUnmutatedResponseGivesItBack(@ForAll IdMode mode, @ForAll("macPolicies") SecurityPolicy policy,
                                                 @ForAll long seed, @ForAll boolean command) {
        Exchanged e = exchange(mode, policy, seed, command);
        assertArrayEquals(e.response(), e.sealer().reseal(e.response(), e.response()).orElseThrow());
    }

    @Property(tries = 200)
    void resealingChangesNoOctetOutsideTheMac(@ForAll IdMode mode, @ForAll("macPolicies") SecurityPolicy policy,
                                              @ForAll long seed, @ForAll boolean command,
                                              @ForAll @IntRange(min = 0, max = 10_000) int which,
                                              @ForAll @IntRange(min = 1, max = 255) int xor) {
        Exchanged e = exchange(mode, policy, seed, command);
        byte[] mutated = e.response().clone();
        int macStart = mutated.length - AiotS9Codec.MAC_LEN;
        mutated[which % macStart] ^= (byte) xor;
        e.sealer().reseal(e.response(), mutated).ifPresent(r -> {
            assertEquals(mutated.length, r.length);
            for (int i = 0; i < macStart; i++) {
                assertEquals(mutated[i], r[i], "octet " + i + " outside the Mac changed");
            }
        });
    }
}
