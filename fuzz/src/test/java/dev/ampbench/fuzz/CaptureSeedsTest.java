package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Golden captures as seeds: the history operators draw values only a capture held; a broken capture is refused. */
class CaptureSeedsTest {
    private static final Path ROOT = Path.of(System.getProperty("ampbench.root", "..")).toAbsolutePath();

    @Test
    void theGoldenCapturesOfAProfileAreFoundAndLoaded() throws Exception {
        List<Path> files = CaptureSeeds.golden(ROOT, Profile.AMP_SEC);
        assertEquals(List.of("amp-sec-gateway.pcapng", "amp-sec-tag.pcapng"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        assertFalse(CaptureSeeds.load(Profile.AMP_SEC, files).isEmpty());
        assertTrue(CaptureSeeds.load(Profile.LORAWAN, files).isEmpty(), "frames of another profile are not seeds");
        assertEquals(List.of(), CaptureSeeds.golden(ROOT.resolve("nowhere"), Profile.AMP_SEC));
    }

    @Test
    void aCorruptCaptureIsRefusedWithOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("broken.pcapng");
        Files.write(f, new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0, 1, 2});
        CaptureSeeds.SeedException e = assertThrows(CaptureSeeds.SeedException.class,
                () -> CaptureSeeds.load(Profile.AMP_SEC, List.of(f)));
        assertTrue(e.getMessage().contains("broken.pcapng") && !e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aSeededSideDrawsOldNoncesOnlyTheCaptureHeld() throws Exception {
        Profile p = Profile.AMP_SEC;
        List<byte[]> seeds = CaptureSeeds.load(p, CaptureSeeds.golden(ROOT, p));
        Set<String> captureOnly = nonces(seeds);
        Set<String> own = new HashSet<>();
        for (Frame f : Samples.frames(p)) {
            own.addAll(nonces(List.of(f.encode())));
        }
        captureOnly.removeAll(own);
        assertFalse(captureOnly.isEmpty(), "the capture holds nonces of other sessions");

        assertTrue(drawnFromCapture(p, seeds, captureOnly) > 0, "a seeded campaign draws on the capture");
        assertEquals(0, drawnFromCapture(p, List.of(), captureOnly), "an unseeded one cannot");
    }

    /** How many of 2,000 cases mutated a nonce into one of {@code values} by NONCE_OLD. */
    private static int drawnFromCapture(Profile p, List<byte[]> seeds, Set<String> values) throws Exception {
        Side side = new Side(Samples.scenario(p, 1), Samples.tag(p, 1, Set.of()), Profiles.codec(p), 2, false);
        for (byte[] f : seeds) {
            Frame d = side.decode(f);
            side.seed(d.type(), f, d.fields());
        }
        int frames = side.run(CasePlan.control(), Integer.MAX_VALUE, 0).injected();
        int drawn = 0;
        for (long c = 0; c < 2_000; c++) {
            Side.Outcome o = side.run(CasePlan.of(7, c, frames), frames, 0);
            Mutator.Mutation m = o.mutation();
            if (m == null || m.operator() != Operator.NONCE_OLD || o.original() == null) {
                continue;
            }
            FieldDescriptor fd = Profiles.codec(p).decode(o.original()).fields().stream()
                    .filter(d -> d.name().equals(m.field())).findFirst().orElseThrow();
            if (values.contains(Hex.encode(java.util.Arrays.copyOfRange(m.frame(), fd.offset(), fd.end())))) {
                drawn++;
            }
        }
        return drawn;
    }

    private static Set<String> nonces(List<byte[]> frames) throws Exception {
        Set<String> out = new HashSet<>();
        for (byte[] f : frames) {
            Frame d = Profiles.codec(Profile.AMP_SEC).decode(f);
            for (FieldDescriptor fd : d.fields()) {
                if (fd.kind() == FieldKind.NONCE) {
                    out.add(Hex.encode(java.util.Arrays.copyOfRange(f, fd.offset(), fd.end())));
                }
            }
        }
        return out;
    }
}
