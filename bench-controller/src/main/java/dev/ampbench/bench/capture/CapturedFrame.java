package dev.ampbench.bench.capture;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.Optional;

/**
 * One packet of a capture.
 *
 * @param number         1-based packet number in file order, the number Wireshark shows (LoRaTap copies count)
 * @param iface          the interface it was captured on
 * @param epochNanos     its timestamp, in nanoseconds since the Unix epoch, whatever the interface's resolution
 * @param direction      from {@code epb_flags} (or, on the ampbench link type, the pseudo-header); null if unknown
 * @param header         the ampbench pseudo-header, for a packet of {@link PcapngWriter#LINKTYPE_AMPBENCH}
 * @param frame          the air frame: the packet without its pseudo-header (ampbench link type) or LoRaTap header,
 *                       the packet's data as is for any other link type
 */
public record CapturedFrame(int number, CaptureInterface iface, long epochNanos, Direction direction,
                            Optional<AmpPseudoHeader> header, byte[] frame) {
    public CapturedFrame {
        frame = frame.clone();
    }

    @Override
    public byte[] frame() {
        return frame.clone();
    }

    /** True for a packet of the ampbench link type: the one record of each air frame the bench saw. */
    public boolean isAmpbench() {
        return header.isPresent();
    }

    /** The profile of an ampbench packet. */
    public Optional<Profile> profile() {
        return header.map(AmpPseudoHeader::profile);
    }

    /** The role of the device under test, for an ampbench packet. */
    public Optional<Role> dutRole() {
        return header.map(AmpPseudoHeader::dutRole);
    }
}
