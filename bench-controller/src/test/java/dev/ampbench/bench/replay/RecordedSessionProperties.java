package dev.ampbench.bench.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Reading one link of a capture for replay: exactly that link's frames, in order, with direction and time. */
class RecordedSessionProperties {

    record Sent(int link, Direction direction, long nanos, byte[] frame) {
    }

    @Provide
    Arbitrary<List<Sent>> traffic() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(Direction.class),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 4),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(64)).as(Sent::new).list().ofMinSize(1)
                .ofMaxSize(20);
    }

    private static byte[] write(List<Sent> sent, Profile profile, Role role, int links) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            List<PcapngWriter.Link> ls = new ArrayList<>();
            for (int i = 0; i < links; i++) {
                ls.add(w.addLink("link-" + i, profile, role));
            }
            for (Sent s : sent) {
                w.write(ls.get(s.link() % links), s.direction(), s.nanos(), s.frame());
            }
        }
        return out.toByteArray();
    }

    @Property(tries = 200)
    void theChosenLinkGivesItsFramesInOrder(@ForAll("traffic") List<Sent> sent, @ForAll Profile profile,
                                            @ForAll Role role, @ForAll @IntRange(min = 0, max = 2) int chosen)
            throws Exception {
        byte[] capture = write(sent, profile, role, 3);
        List<Sent> mine = sent.stream().filter(s -> s.link() == chosen).toList();
        if (mine.isEmpty()) {
            ReplayInputException e = assertThrows(ReplayInputException.class, () -> RecordedSession.of(
                    PcapngReader.read(capture), Optional.of("link-" + chosen), "c"));
            assertEquals("c: link 'link-" + chosen + "' holds no frame", e.getMessage());
            return;
        }
        RecordedSession s = RecordedSession.of(PcapngReader.read(capture), Optional.of("link-" + chosen), "c");
        assertEquals("link-" + chosen, s.link());
        assertEquals(profile, s.profile());
        assertEquals(role, s.dutRole());
        assertEquals(mine.size(), s.frames().size());
        for (int i = 0; i < mine.size(); i++) {
            assertArrayEquals(mine.get(i).frame(), s.frames().get(i).bytes());
            assertEquals(mine.get(i).direction() == Direction.FROM_DUT, s.frames().get(i).fromDut());
            assertEquals(mine.get(i).nanos(), s.frames().get(i).epochNanos());
            assertTrue(i == 0 || s.frames().get(i).number() > s.frames().get(i - 1).number());
        }
    }

    @Property(tries = 100)
    void aCaptureWithOneLinkNeedsNoName(@ForAll("traffic") List<Sent> sent, @ForAll Profile profile,
                                        @ForAll Role role) throws Exception {
        RecordedSession s = RecordedSession.of(PcapngReader.read(write(sent, profile, role, 1)), Optional.empty(),
                "c");
        assertEquals(sent.size(), s.frames().size());
    }
}
