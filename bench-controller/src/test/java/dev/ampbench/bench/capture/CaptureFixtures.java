package dev.ampbench.bench.capture;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The golden captures of fixtures/captures/, and a way to doctor them. */
public final class CaptureFixtures {
    private CaptureFixtures() {
    }

    /** The checkout's fixtures/captures/ (tests run in a module directory or at the root). */
    public static Path dir() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("fixtures/captures")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p.resolve("fixtures/captures");
            }
            p = p.getParent();
        }
        throw new IllegalStateException("no fixtures/captures above " + Path.of("").toAbsolutePath());
    }

    public static Path golden(Profile profile, Role role) {
        return dir().resolve(profile.id() + "-" + role.cliName() + ".pcapng");
    }

    public static Capture read(Profile profile, Role role) throws IOException, CaptureFormatException {
        return PcapngReader.read(golden(profile, role));
    }

    /**
     * A new capture holding the given ampbench frames in order (with their links, directions and times), as the bench
     * would have written them: how a test doctors a golden capture (a frame repeated, a field changed).
     */
    public static byte[] rewrite(List<CapturedFrame> frames) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            Map<String, PcapngWriter.Link> links = new HashMap<>();
            for (CapturedFrame f : frames) {
                AmpPseudoHeader h = f.header().orElseThrow();
                PcapngWriter.Link l = links.get(f.iface().name());
                if (l == null) {
                    l = w.addLink(f.iface().name(), h.profile(), h.dutRole());
                    links.put(f.iface().name(), l);
                }
                w.write(l, f.direction(), f.epochNanos(), f.frame());
            }
        }
        return out.toByteArray();
    }

    /** A copy of a frame with other air bytes. */
    public static CapturedFrame withBytes(CapturedFrame f, byte[] bytes) {
        return new CapturedFrame(0, f.iface(), f.epochNanos() + 1, f.direction(), f.header(), bytes);
    }
}
