package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.Pairing;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Properties of the two machines together: completion, tamper evidence, nonce freshness, power loss. */
class AmpSecMachinePropertiesTest {

    @Provide
    Arbitrary<AmpSecPersonalization> personalizations() {
        return FrameArbitraries.personalizations();
    }

    @Property(tries = 200)
    void handshakeCompletesForAnyKeysNoncesAndAddresses(@ForAll("personalizations") AmpSecPersonalization p,
                                                        @ForAll long staSeed, @ForAll long apSeed) {
        Pairing pairing = AmpSecPairing.pair(p, Fixtures.context(staSeed), Fixtures.context(apSeed));
        Exchange.Transcript t = pairing.run(10);
        assertEquals(3, t.frames().size());
        assertTrue(t.firstEstablished(), "AP: " + t.firstEffects());
        assertTrue(t.secondEstablished(), "STA: " + t.secondEffects());
        assertFalse(t.anyRejected());
        assertEquals(AmpSecStation.ESTABLISHED, pairing.device().state());
    }

    /** Which protected frame of a session to tamper with, and who receives it. */
    enum Target { RESPONSE, CONFIRM, UPLINK_DATA, DOWNLINK_DATA, PMK_UPDATE }

    @Property(tries = 200)
    void flippingAnyBitOfAProtectedFrameMakesTheReceiverRefuseIt(
            @ForAll("personalizations") AmpSecPersonalization p, @ForAll Target target, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 100_000) int where) throws FrameDecodeException {
        Link link = new Link(seed, p, Set.of(), Set.of());
        byte[] trigger = Fixtures.transmitted(link.ap.trigger(new byte[] {1, 2, 3}));
        link.sta.sendData(new byte[] {4, 5});
        byte[] response = Fixtures.transmitted(link.sta.receive(trigger));
        byte[] frame;
        ProtocolMachine receiver;
        if (target == Target.RESPONSE) {
            frame = response;
            receiver = link.ap;
        } else {
            byte[] confirm = Fixtures.transmitted(link.ap.receive(response));
            if (target == Target.CONFIRM) {
                frame = confirm;
                receiver = link.sta;
            } else {
                link.sta.receive(confirm);
                frame = Fixtures.transmitted(switch (target) {
                    case UPLINK_DATA -> link.sta.sendData(new byte[] {6, 7, 8});
                    case DOWNLINK_DATA -> link.ap.sendData(p.sa(), new byte[] {9});
                    default -> link.ap.updatePmk(p.sa());
                });
                receiver = target == Target.UPLINK_DATA ? link.ap : link.sta;
            }
        }
        int bit = where % (frame.length * 8);
        byte[] flipped = frame.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        FieldKind hit = kindAt(frame, bit / 8);

        List<Effect> effects = receiver.receive(flipped);
        assertTrue(effects.stream().noneMatch(x -> x instanceof Effect.Established || x instanceof Effect.Deliver),
                effects.toString());
        if (hit == FieldKind.TYPE) {
            // Another type: a Confirm turned Trigger (0x03 -> 0x01) is a well-formed, unauthenticated Trigger,
            // which a STA rightly answers; it is no longer the protected frame.
            return;
        }
        assertEquals(1, effects.size(), effects.toString());
        Effect e = effects.get(0);
        if (hit == FieldKind.ADDRESS) {
            assertTrue(e instanceof Effect.Rejected || e instanceof Effect.Ignored, hit + ": " + e);
        } else {
            assertInstanceOf(Effect.Rejected.class, e, hit + " at octet " + bit / 8);
        }
        List<Effect> genuine = receiver.receive(frame);
        assertTrue(genuine.stream().noneMatch(x -> x instanceof Effect.Rejected),
                "the genuine frame is still accepted after the forgery: " + genuine);
    }

    private static FieldKind kindAt(byte[] frame, int octet) throws FrameDecodeException {
        for (FieldDescriptor d : new AmpSecCodec().decode(frame).fields()) {
            if (octet >= d.offset() && octet < d.end()) {
                return d.kind();
            }
        }
        throw new AssertionError("octet " + octet + " outside every field");
    }

    @Property(tries = 100)
    void differentRandomnessNeverGivesTheSameNonce(@ForAll long seedA, @ForAll long seedB) {
        Assume.that(seedA != seedB);
        Link a = new Link(seedA);
        Link b = new Link(seedB);
        Link.Handshake ha = a.establish();
        Link.Handshake hb = b.establish();
        Function<byte[], byte[]> anonce = t -> Arrays.copyOfRange(t, 16, 48);
        assertFalse(Arrays.equals(anonce.apply(ha.trigger()), anonce.apply(hb.trigger())), "ANonce");
        assertFalse(Arrays.equals(ResponseFrameView.of(ha.response()).snonce(),
                ResponseFrameView.of(hb.response()).snonce()), "SNonce");
    }

    @Property(tries = 100)
    void afterAPowerCutTheStaStartsOverWithAFreshSnonce(@ForAll("personalizations") AmpSecPersonalization p,
                                                        @ForAll long seed,
                                                        @ForAll @IntRange(min = 1, max = 3) int cuts) {
        Link link = new Link(seed, p, Set.of(), Set.of());
        byte[] last = ResponseFrameView.of(link.establish().response()).snonce();
        for (int i = 0; i < cuts; i++) {
            link.powerCycle();
            assertEquals(AmpSecStation.AWAITING_TRIGGER, link.sta.state());
            assertEquals(List.of(), link.sta.sendData(new byte[] {1}), "no protected data before a handshake");
            Link.Handshake h = link.establish();
            byte[] snonce = ResponseFrameView.of(h.response()).snonce();
            assertFalse(Arrays.equals(last, snonce));
            assertArrayEquals(new byte[] {1}, Fixtures.delivered(h.apEffects()).get(0));
            last = snonce;
        }
        assertTrue(link.staStore.keys().isEmpty(), "no session state in non-volatile memory");
    }
}
