package dev.ampbench.bench.capture;

import dev.ampbench.bench.report.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * A strict pcapng reader (the subset ampbench writes, plus what any conforming writer may add).
 *
 * <ul>
 *   <li>The file must start with a Section Header Block; each section's byte-order magic decides its byte order
 *       (both orders are read), and only major version 1 is accepted.</li>
 *   <li>Every block's total length is at least 12, a multiple of 4, and repeated at its end.</li>
 *   <li>Enhanced Packet Blocks must cite a declared interface and fit their block; their timestamps honour
 *       {@code if_tsresol} (decimal or binary exponent; default microseconds) and their direction comes from
 *       {@code epb_flags}. Simple and obsolete packet blocks are refused (ampbench never writes them; a capture
 *       without interface/direction/timestamps cannot be audited). Other block types (name resolution,
 *       statistics, custom, ...) are skipped, as the pcapng spec tells readers to.</li>
 *   <li>Packets of the ampbench link type must carry a valid pseudo-header; LoRaTap packets a LoRaTap header that
 *       fits.</li>
 *   <li>A file that ends inside a block (a writer that crashed mid-block) is read up to its last complete block and
 *       the cut is reported in {@link Capture#truncatedTail()}; anything else wrong is a
 *       {@link CaptureFormatException} naming the offset. Never any other exception, and never an allocation
 *       larger than the file.</li>
 * </ul>
 */
public final class PcapngReader {
    private static final int SPB = 0x00000003;
    private static final int OPB = 0x00000002;

    private PcapngReader() {
    }

    public static Capture read(Path file) throws IOException, CaptureFormatException {
        return read(Files.readAllBytes(file));
    }

    public static Capture read(byte[] data) throws CaptureFormatException {
        return new Parse(data).run();
    }

    private static final class Parse {
        private final byte[] data;
        private final List<CaptureInterface> all = new ArrayList<>();
        private final List<CapturedFrame> frames = new ArrayList<>();
        private List<CaptureInterface> section = new ArrayList<>();
        private List<Long> tsUnits = new ArrayList<>(); // per section interface: divisor/multiplier, see ts()
        private ByteOrder order;

        Parse(byte[] data) {
            this.data = data;
        }

        Capture run() throws CaptureFormatException {
            int pos = 0;
            while (pos < data.length) {
                if (data.length - pos < 12) {
                    return done("file ends " + (data.length - pos) + " octet(s) into a block header at offset " + pos);
                }
                int type;
                if (pos == 0 || isShb(pos)) {
                    if (!isShb(pos)) {
                        throw new CaptureFormatException(0, "not a pcapng file: it does not start with a Section "
                                + "Header Block (type 0x0A0D0D0A)");
                    }
                    order = bom(pos);
                    type = PcapngWriter.SHB;
                } else {
                    type = i32(pos);
                }
                long total = Integer.toUnsignedLong(i32(pos + 4));
                if (total < 12 || total % 4 != 0) {
                    throw new CaptureFormatException(pos, "block length " + total
                            + " is not a multiple of 4 of at least 12");
                }
                if (total > data.length - pos) {
                    return done("file ends inside a block of " + total + " octets at offset " + pos + " ("
                            + (data.length - pos) + " present)");
                }
                int end = pos + (int) total;
                if (Integer.toUnsignedLong(i32(end - 4)) != total) {
                    throw new CaptureFormatException(end - 4, "trailing block length "
                            + Integer.toUnsignedLong(i32(end - 4)) + " differs from the leading " + total
                            + " of the block at offset " + pos);
                }
                switch (type) {
                    case PcapngWriter.SHB -> shb(pos, end);
                    case PcapngWriter.IDB -> idb(pos, end);
                    case PcapngWriter.EPB -> epb(pos, end);
                    case SPB, OPB -> throw new CaptureFormatException(pos, (type == SPB ? "Simple" : "obsolete")
                            + " Packet Block: no interface, direction or timestamp; write Enhanced Packet Blocks");
                    default -> {
                        // unknown / other block types are skipped (pcapng spec)
                    }
                }
                pos = end;
            }
            return new Capture(all, frames, Optional.empty());
        }

        private Capture done(String tail) {
            return new Capture(all, frames, Optional.of(tail));
        }

        private boolean isShb(int pos) {
            return data[pos] == 0x0A && data[pos + 1] == 0x0D && data[pos + 2] == 0x0D && data[pos + 3] == 0x0A;
        }

        private ByteOrder bom(int pos) throws CaptureFormatException {
            int b0 = data[pos + 8] & 0xFF;
            int b3 = data[pos + 11] & 0xFF;
            if (b0 == 0x4D && (data[pos + 9] & 0xFF) == 0x3C && (data[pos + 10] & 0xFF) == 0x2B && b3 == 0x1A) {
                return ByteOrder.LITTLE_ENDIAN;
            }
            if (b0 == 0x1A && (data[pos + 9] & 0xFF) == 0x2B && (data[pos + 10] & 0xFF) == 0x3C && b3 == 0x4D) {
                return ByteOrder.BIG_ENDIAN;
            }
            throw new CaptureFormatException(pos + 8, "bad byte-order magic in the Section Header Block");
        }

        private void shb(int pos, int end) throws CaptureFormatException {
            if (end - pos < 28) {
                throw new CaptureFormatException(pos, "Section Header Block of " + (end - pos)
                        + " octets (at least 28)");
            }
            int major = u16(pos + 12);
            if (major != 1) {
                throw new CaptureFormatException(pos + 12, "pcapng major version " + major + " (only 1 is known)");
            }
            options(pos + 24, end - 4); // validated, none needed
            section = new ArrayList<>();
            tsUnits = new ArrayList<>();
        }

        private void idb(int pos, int end) throws CaptureFormatException {
            if (end - pos < 20) {
                throw new CaptureFormatException(pos, "Interface Description Block of " + (end - pos)
                        + " octets (at least 20)");
            }
            int linkType = u16(pos + 8);
            String name = "";
            long unit = 1000; // default resolution: microseconds -> x1000 nanos
            for (int[] o : options(pos + 16, end - 4)) {
                if (o[0] == PcapngWriter.IF_NAME) {
                    name = new String(data, o[1], o[2], StandardCharsets.UTF_8);
                } else if (o[0] == PcapngWriter.IF_TSRESOL) {
                    if (o[2] != 1) {
                        throw new CaptureFormatException(o[1], "if_tsresol of " + o[2] + " octets (must be 1)");
                    }
                    unit = tsUnit(o[1], data[o[1]] & 0xFF);
                }
            }
            CaptureInterface i = new CaptureInterface(section.size(), linkType, name);
            section.add(i);
            tsUnits.add(unit);
            all.add(i);
        }

        /** Positive: nanoseconds per tick; negative: ticks per nanosecond... as a divisor (-divisor). */
        private long tsUnit(int at, int resol) throws CaptureFormatException {
            if ((resol & 0x80) == 0) {
                if (resol > 18) {
                    throw new CaptureFormatException(at, "if_tsresol 10^-" + resol + " is out of range");
                }
                return resol <= 9 ? pow10(9 - resol) : -pow10(resol - 9);
            }
            int e = resol & 0x7F;
            if (e > 62) {
                throw new CaptureFormatException(at, "if_tsresol 2^-" + e + " is out of range");
            }
            return -(1L << e); // ticks of 2^-e s: nanos = ticks * 1e9 / 2^e, see ts()
        }

        private static long pow10(int n) {
            long v = 1;
            for (int k = 0; k < n; k++) {
                v *= 10;
            }
            return v;
        }

        private void epb(int pos, int end) throws CaptureFormatException {
            if (end - pos < 32) {
                throw new CaptureFormatException(pos, "Enhanced Packet Block of " + (end - pos)
                        + " octets (at least 32)");
            }
            long ifId = Integer.toUnsignedLong(i32(pos + 8));
            if (ifId >= section.size()) {
                throw new CaptureFormatException(pos + 8, "packet on interface " + ifId + ", but the section declares "
                        + section.size() + " interface(s)");
            }
            CaptureInterface iface = section.get((int) ifId);
            long ticks = (Integer.toUnsignedLong(i32(pos + 12)) << 32) | Integer.toUnsignedLong(i32(pos + 16));
            long captured = Integer.toUnsignedLong(i32(pos + 20));
            long padded = (captured + 3) & ~3L;
            if (padded > end - 4 - (pos + 28)) {
                throw new CaptureFormatException(pos + 20, "captured length " + captured
                        + " does not fit its Enhanced Packet Block of " + (end - pos) + " octets");
            }
            byte[] packet = Arrays.copyOfRange(data, pos + 28, pos + 28 + (int) captured);
            Direction direction = null;
            for (int[] o : options(pos + 28 + (int) padded, end - 4)) {
                if (o[0] == PcapngWriter.EPB_FLAGS) {
                    if (o[2] != 4) {
                        throw new CaptureFormatException(o[1], "epb_flags of " + o[2] + " octets (must be 4)");
                    }
                    int flags = ByteBuffer.wrap(data, o[1], 4).order(order).getInt();
                    direction = switch (flags & 3) {
                        case PcapngWriter.FLAG_INBOUND -> Direction.FROM_DUT;
                        case PcapngWriter.FLAG_OUTBOUND -> Direction.TO_DUT;
                        default -> null;
                    };
                }
            }
            long nanos = ts(ticks, tsUnits.get((int) ifId));
            int number = frames.size() + 1;
            Optional<AmpPseudoHeader> header = Optional.empty();
            byte[] frame = packet;
            if (iface.linkType() == PcapngWriter.LINKTYPE_AMPBENCH) {
                AmpPseudoHeader h;
                try {
                    h = AmpPseudoHeader.parse(packet);
                } catch (IllegalArgumentException e) {
                    throw new CaptureFormatException(pos + 28, "packet " + number + ": " + e.getMessage());
                }
                if (direction != null && direction != h.direction()) {
                    throw new CaptureFormatException(pos + 28, "packet " + number + ": pseudo-header says "
                            + h.direction() + " but epb_flags say " + direction);
                }
                direction = h.direction();
                header = Optional.of(h);
                frame = Arrays.copyOfRange(packet, packet[1] & 0xFF, packet.length);
            } else if (iface.linkType() == PcapngWriter.LINKTYPE_LORATAP) {
                int len = packet.length >= 4 ? ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF) : -1;
                if (len < 4 || len > packet.length) {
                    throw new CaptureFormatException(pos + 28, "packet " + number + ": LoRaTap header length "
                            + len + " does not fit the packet of " + packet.length + " octets");
                }
                frame = Arrays.copyOfRange(packet, len, packet.length);
            }
            frames.add(new CapturedFrame(number, iface, nanos, direction, header, frame));
        }

        private static long ts(long ticks, long unit) {
            if (unit > 0) {
                return ticks * unit;
            }
            long div = -unit;
            if (Long.bitCount(div) == 1 && div != 1) {
                // binary resolution 2^-e: nanos = ticks * 1e9 / 2^e, without overflow for realistic values
                return java.math.BigInteger.valueOf(ticks).multiply(java.math.BigInteger.valueOf(1_000_000_000L))
                        .shiftRight(Long.numberOfTrailingZeros(div)).longValue();
            }
            return ticks / div;
        }

        /** Options from {@code from} to {@code to}: {code, valueOffset, length} each, up to opt_endofopt. */
        private List<int[]> options(int from, int to) throws CaptureFormatException {
            List<int[]> out = new ArrayList<>();
            int p = from;
            while (p < to) {
                if (to - p < 4) {
                    throw new CaptureFormatException(p, "option header cut by the end of its block");
                }
                int code = u16(p);
                int len = u16(p + 2);
                if (code == PcapngWriter.OPT_END) {
                    return out;
                }
                int padded = (len + 3) & ~3;
                if (padded > to - p - 4) {
                    throw new CaptureFormatException(p, "option " + code + " of " + len
                            + " octets overruns its block");
                }
                out.add(new int[] {code, p + 4, len});
                p += 4 + padded;
            }
            return out;
        }

        private int i32(int at) {
            return ByteBuffer.wrap(data, at, 4).order(order == null ? ByteOrder.LITTLE_ENDIAN : order).getInt();
        }

        private int u16(int at) {
            return ByteBuffer.wrap(data, at, 2).order(order).getShort() & 0xFFFF;
        }
    }
}
