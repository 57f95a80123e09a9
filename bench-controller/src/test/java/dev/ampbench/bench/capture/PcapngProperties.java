package dev.ampbench.bench.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

class PcapngProperties {

    record Sent(int link, Direction direction, long nanos, byte[] frame) {
    }

    @Provide
    Arbitrary<List<Sent>> traffic() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.of(Direction.class),
                Arbitraries.longs().between(0, Long.MAX_VALUE / 4),
                Arbitraries.bytes().array(byte[].class).ofMaxSize(300)).as(Sent::new).list().ofMaxSize(20);
    }

    @Property(tries = 200)
    void whatIsWrittenIsReadBack(@ForAll("traffic") List<Sent> sent, @ForAll Profile profile,
                                 @ForAll Role role) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            List<PcapngWriter.Link> links = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                links.add(w.addLink("link-" + i, profile, role));
            }
            for (Sent s : sent) {
                w.write(links.get(s.link()), s.direction(), s.nanos(), s.frame());
            }
        }
        Capture c = PcapngReader.read(out.toByteArray());
        List<CapturedFrame> amp = c.ampbenchFrames();
        assertEquals(sent.size(), amp.size());
        assertEquals(profile == Profile.LORAWAN ? 2 * sent.size() : sent.size(), c.frames().size());
        for (int i = 0; i < sent.size(); i++) {
            Sent s = sent.get(i);
            CapturedFrame f = amp.get(i);
            assertArrayEquals(s.frame(), f.frame());
            assertEquals(s.direction(), f.direction());
            assertEquals(s.nanos(), f.epochNanos());
            assertEquals("link-" + s.link(), f.iface().name());
            assertEquals(profile, f.profile().orElseThrow());
            assertEquals(role, f.dutRole().orElseThrow());
        }
    }

    /** Any bytes: records, or a CaptureFormatException; never another exception. */
    @Property(tries = 2000)
    void arbitraryBytesNeverThrowAnythingButAFormatError(@ForAll @Size(max = 400) byte[] junk) {
        try {
            PcapngReader.read(junk);
        } catch (CaptureFormatException expected) {
            // fine: a clear error
        }
    }

    /** Mutations of a valid capture reach deep into the block parsers. */
    @Property(tries = 2000)
    void mutatedCapturesNeverThrowAnythingButAFormatError(@ForAll("mutations") List<int[]> edits,
                                                           @ForAll @Size(max = 60) byte[] tail) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            PcapngWriter.Link l = w.addLink("dut", Profile.LORAWAN, Role.DEVICE);
            w.write(l, Direction.FROM_DUT, 5, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
            w.write(l, Direction.TO_DUT, 6, tail);
        }
        byte[] b = out.toByteArray();
        for (int[] e : edits) {
            b[Math.floorMod(e[0], b.length)] = (byte) e[1];
        }
        try {
            PcapngReader.read(b);
        } catch (CaptureFormatException expected) {
            // fine
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        return Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 255))
                .as((p, v) -> new int[] {p, v}).list().ofMinSize(1).ofMaxSize(4);
    }
}
