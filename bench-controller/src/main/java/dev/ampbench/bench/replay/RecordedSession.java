package dev.ampbench.bench.replay;

import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CaptureFormatException;
import dev.ampbench.bench.capture.CaptureInterface;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The frames of one device link of a recorded session, in capture order: the profile, the role the recorded device
 * under test played, and every air frame with its direction and time.
 *
 * @param link the link's interface name in the capture (a label, never a serial identity)
 */
public record RecordedSession(String link, Profile profile, Role dutRole, List<RecordedFrame> frames) {
    public RecordedSession {
        frames = List.copyOf(frames);
    }

    /** Reads a pcapng capture (docs/captures.md) and takes the frames of one ampbench link. */
    public static RecordedSession read(Path file, Optional<String> link) throws ReplayInputException {
        Capture c;
        try {
            c = PcapngReader.read(file);
        } catch (IOException e) {
            throw new ReplayInputException("cannot read capture " + file + ": " + e.getMessage());
        } catch (CaptureFormatException e) {
            throw new ReplayInputException("corrupt capture " + file + ": " + e.getMessage());
        }
        return of(c, link, file.toString());
    }

    /**
     * The frames of one ampbench link of a capture. With no link named, the capture must hold exactly one; LoRaTap
     * copies and packets of other link types are left out (each air frame is once on the ampbench link).
     */
    public static RecordedSession of(Capture c, Optional<String> link, String what) throws ReplayInputException {
        List<CaptureInterface> links = c.interfaces().stream()
                .filter(i -> i.linkType() == PcapngWriter.LINKTYPE_AMPBENCH).toList();
        if (links.isEmpty()) {
            throw new ReplayInputException(what + " holds no ampbench link (LINKTYPE " + PcapngWriter.LINKTYPE_AMPBENCH
                    + "): nothing to replay");
        }
        CaptureInterface chosen;
        if (link.isPresent()) {
            chosen = links.stream().filter(i -> i.name().equals(link.get())).findFirst()
                    .orElseThrow(() -> new ReplayInputException(what + " has no link named '" + link.get()
                            + "'; its links: " + names(links)));
        } else if (links.size() == 1) {
            chosen = links.get(0);
        } else {
            throw new ReplayInputException(what + " holds " + links.size() + " device links; choose one with --link: "
                    + names(links));
        }
        List<RecordedFrame> frames = new ArrayList<>();
        Profile profile = null;
        Role role = null;
        for (CapturedFrame f : c.ampbenchFrames()) {
            if (!f.iface().equals(chosen)) {
                continue;
            }
            Profile p = f.profile().orElseThrow();
            Role r = f.dutRole().orElseThrow();
            if (profile == null) {
                profile = p;
                role = r;
            } else if (profile != p || role != r) {
                throw new ReplayInputException(what + ": packet " + f.number() + " of link '" + chosen.name()
                        + "' says " + p.id() + " " + r.cliName() + ", earlier packets " + profile.id() + " "
                        + role.cliName());
            }
            if (f.direction() == null) {
                throw new ReplayInputException(what + ": packet " + f.number() + " has no direction");
            }
            frames.add(new RecordedFrame(f.number(), f.direction() == Direction.FROM_DUT, f.epochNanos(), f.frame()));
        }
        if (frames.isEmpty()) {
            throw new ReplayInputException(what + ": link '" + chosen.name() + "' holds no frame");
        }
        return new RecordedSession(chosen.name(), profile, role, frames);
    }

    private static String names(List<CaptureInterface> links) {
        return String.join(", ", links.stream().map(i -> "'" + i.name() + "'").toList());
    }
}
