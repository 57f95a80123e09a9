package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.ProtocolMachine;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Hostile input never makes a machine throw or stay silent, and nothing a machine says contains a secret. */
class AmpSecRobustnessTest {

    @Provide
    Arbitrary<Frame> frames() {
        return Arbitraries.oneOf(FrameArbitraries.frames(), FrameArbitraries.fixtureFrames());
    }

    @Property(tries = 300)
    void arbitraryBytesIntoEveryStateGiveOneVerdict(@ForAll byte[] bytes, @ForAll long seed) {
        for (ProtocolMachine m : machinesInEveryState(seed)) {
            assertOneVerdict(m.receive(bytes), m);
        }
    }

    @Property(tries = 300)
    void wellFormedForeignFramesIntoEveryStateGiveOneVerdict(@ForAll("frames") Frame frame, @ForAll long seed) {
        for (ProtocolMachine m : machinesInEveryState(seed)) {
            List<Effect> effects = m.receive(frame.encode());
            assertOneVerdict(effects, m);
            assertTrue(effects.stream().noneMatch(e -> e instanceof Effect.Established || e instanceof Effect.Deliver),
                    "a frame forged without keys was accepted: " + effects);
            if (m instanceof AmpSecStation sta && effects.get(0) instanceof Effect.Transmit) {
                assertEquals(AmpSecStation.AWAITING_CONFIRM, sta.state(), "only a Trigger is answered");
            }
        }
    }

    private static void assertOneVerdict(List<Effect> effects, ProtocolMachine m) {
        assertFalse(effects.isEmpty(), m.role() + " in " + m.state() + " said nothing");
    }

    /** A STA and an AP in each of their states, sharing the fixture identities. */
    private static List<ProtocolMachine> machinesInEveryState(long seed) {
        Link idle = new Link(seed);
        Link waiting = new Link(seed + 1);
        Fixtures.transmitted(waiting.sta.receive(Fixtures.transmitted(waiting.ap.trigger())));
        Link established = new Link(seed + 2);
        established.establish();
        return List.of(idle.sta, idle.ap, waiting.sta, waiting.ap, established.sta, established.ap);
    }

    @Test
    void nothingSaidContainsAKey() throws FrameDecodeException {
        Link link = new Link(5);
        Link.Handshake h = link.establish();
        AmpSecKeySchedule.Ptk ptk = AmpSecKeySchedule.ptk(AmpSecAkm.CMAC_KDF_SHA256, Fixtures.PMK, Fixtures.AA,
                Fixtures.SA, TriggerFrame.decode(h.trigger()).anonce(), ResponseFrameView.of(h.response()).snonce());
        List<String> secrets = List.of(Hex.encode(Fixtures.PMK.bytes()), Hex.encode(ptk.kck().bytes()),
                Hex.encode(ptk.tk().bytes()));
        StringBuilder said = new StringBuilder();
        said.append(h.apEffects()).append(h.staEffects()).append(Fixtures.personalization()).append(ptk);
        for (byte[] frame : List.of(h.trigger(), h.response(), h.confirm())) {
            said.append(new AmpSecCodec().decode(frame));
        }
        for (String secret : secrets) {
            assertFalse(said.toString().contains(secret), "a key leaked into: " + said);
        }
        assertTrue(said.toString().contains("redacted"));
    }
}
