package dev.ampbench.bench.capture;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;

/**
 * The 12-octet pseudo-header that starts every packet of ampbench's private link type
 * ({@link PcapngWriter#LINKTYPE_AMPBENCH}), followed by the raw air frame. Multi-octet fields are big-endian.
 * {@code docs/captures.md} gives it byte by byte.
 *
 * <pre>
 *  0  version        1
 *  1  header length  12 (a reader skips to this offset, so later versions may append fields)
 *  2  profile        1 amp-prov, 2 amp-sec, 3 aiot-s9, 4 lorawan
 *  3  direction      1 inbound (DUT to bench), 2 outbound (bench to DUT): the epb_flags coding
 *  4  DUT role       1 tag (device), 2 gateway (infrastructure)
 *  5  flags          0; reserved, readers ignore unknown bits
 *  6  channel        uint16, 0xFFFF unknown
 *  8  RSSI           int8 dBm, 0x7F unknown
 *  9  reserved       0 (3 octets)
 * 12  air frame
 * </pre>
 */
public record AmpPseudoHeader(Profile profile, Direction direction, Role dutRole, int flags, int channel, int rssi) {
    public static final int VERSION = 1;
    public static final int LENGTH = 12;
    public static final int CHANNEL_UNKNOWN = 0xFFFF;
    public static final int RSSI_UNKNOWN = 0x7F;

    public static AmpPseudoHeader of(Profile profile, Direction direction, Role dutRole) {
        return new AmpPseudoHeader(profile, direction, dutRole, 0, CHANNEL_UNKNOWN, RSSI_UNKNOWN);
    }

    /** The pseudo-header followed by the frame. */
    public byte[] prepend(byte[] frame) {
        byte[] out = new byte[LENGTH + frame.length];
        out[0] = VERSION;
        out[1] = LENGTH;
        out[2] = (byte) profileCode(profile);
        out[3] = (byte) directionCode(direction);
        out[4] = (byte) (dutRole == Role.DEVICE ? 1 : 2);
        out[5] = (byte) flags;
        out[6] = (byte) (channel >> 8);
        out[7] = (byte) channel;
        out[8] = (byte) rssi;
        System.arraycopy(frame, 0, out, LENGTH, frame.length);
        return out;
    }

    /**
     * Parses the pseudo-header of one packet.
     *
     * @return the header; its length is {@code packet[1]}, the air frame follows it
     * @throws IllegalArgumentException naming the octet that is wrong
     */
    public static AmpPseudoHeader parse(byte[] packet) {
        if (packet.length < LENGTH) {
            throw new IllegalArgumentException("ampbench pseudo-header needs " + LENGTH + " octets, packet has "
                    + packet.length);
        }
        if (packet[0] != VERSION) {
            throw new IllegalArgumentException("ampbench pseudo-header version " + (packet[0] & 0xFF)
                    + " (this reader knows version " + VERSION + ")");
        }
        int len = packet[1] & 0xFF;
        if (len < LENGTH || len > packet.length) {
            throw new IllegalArgumentException("ampbench pseudo-header length " + len + " (must be " + LENGTH
                    + ".." + packet.length + ")");
        }
        Profile p = switch (packet[2]) {
            case 1 -> Profile.AMP_PROV;
            case 2 -> Profile.AMP_SEC;
            case 3 -> Profile.AIOT_S9;
            case 4 -> Profile.LORAWAN;
            default -> throw new IllegalArgumentException("unknown profile code " + (packet[2] & 0xFF)
                    + " in ampbench pseudo-header");
        };
        Direction d = switch (packet[3]) {
            case 1 -> Direction.FROM_DUT;
            case 2 -> Direction.TO_DUT;
            default -> throw new IllegalArgumentException("unknown direction code " + (packet[3] & 0xFF)
                    + " in ampbench pseudo-header");
        };
        Role r = switch (packet[4]) {
            case 1 -> Role.DEVICE;
            case 2 -> Role.INFRASTRUCTURE;
            default -> throw new IllegalArgumentException("unknown DUT role code " + (packet[4] & 0xFF)
                    + " in ampbench pseudo-header");
        };
        return new AmpPseudoHeader(p, d, r, packet[5] & 0xFF, ((packet[6] & 0xFF) << 8) | (packet[7] & 0xFF),
                packet[8]);
    }

    static int profileCode(Profile p) {
        return switch (p) {
            case AMP_PROV -> 1;
            case AMP_SEC -> 2;
            case AIOT_S9 -> 3;
            case LORAWAN -> 4;
        };
    }

    static int directionCode(Direction d) {
        return d == Direction.FROM_DUT ? 1 : 2;
    }
}
