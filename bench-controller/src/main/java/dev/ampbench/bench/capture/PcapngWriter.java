package dev.ampbench.bench.capture;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Writes a pcapng capture as it happens: a Section Header Block, one Interface Description Block per device link
 * (two for a LoRaWAN link: the ampbench link type and LoRaTap), and one Enhanced Packet Block per air frame, each
 * block written whole and flushed at once, so a crash leaves a file readable up to its last frame. Little-endian
 * (readers take either order from the byte-order magic). Timestamps are nanoseconds since the Unix epoch
 * ({@code if_tsresol} = 9). Thread-safe: every method holds the writer's lock while it writes one block.
 *
 * <p>The format, the pseudo-header and the link types are in {@code docs/captures.md}.
 */
public final class PcapngWriter implements Closeable {
    /**
     * ampbench's private link type: LINKTYPE_USER15. The USER range (147..162) is reserved by tcpdump.org for
     * private use; ad hoc lab tools usually take USER0 first, so the last one is the least likely to collide with
     * another dissector a lab engineer already has registered.
     */
    public static final int LINKTYPE_AMPBENCH = 162;
    /** LoRaTap (version 0 header, see {@link LoRaTap}), decoded by Wireshark's own loratap + lorawan dissectors. */
    public static final int LINKTYPE_LORATAP = 270;
    /** The exponent of {@code if_tsresol}: 10^-9 s. */
    public static final int TSRESOL_NANOS = 9;

    static final int SHB = 0x0A0D0D0A;
    static final int IDB = 0x00000001;
    static final int EPB = 0x00000006;
    static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    static final int OPT_END = 0;
    static final int OPT_COMMENT = 1;
    static final int SHB_USERAPPL = 4;
    static final int IF_NAME = 2;
    static final int IF_DESCRIPTION = 3;
    static final int IF_TSRESOL = 9;
    static final int EPB_FLAGS = 2;
    /** epb_flags direction bits (0-1): 01 inbound, 10 outbound. */
    static final int FLAG_INBOUND = 1;
    static final int FLAG_OUTBOUND = 2;

    /** One device link of the capture: its interface ids and what the pseudo-header says of its frames. */
    public record Link(String name, Profile profile, Role dutRole, int interfaceId, int loraTapInterfaceId) {
        /** True when the link's frames are also written on a LoRaTap interface. */
        public boolean hasLoRaTap() {
            return loraTapInterfaceId >= 0;
        }
    }

    private final OutputStream out;
    private final long epochBaseNanos;
    private final long monotonicBase;
    private int interfaces;
    private long packets;
    private boolean closed;
    private IOException failure;

    private PcapngWriter(OutputStream out, String application) throws IOException {
        this.out = Objects.requireNonNull(out, "out");
        Instant now = Instant.now();
        this.epochBaseNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        this.monotonicBase = System.nanoTime();
        Block b = new Block(SHB);
        b.i32(BYTE_ORDER_MAGIC).i16(1).i16(0).i64(-1L); // version 1.0, section length unknown
        b.option(SHB_USERAPPL, application.getBytes(StandardCharsets.UTF_8));
        emit(b);
    }

    /** Creates (or truncates) the file, and its directory if missing, and writes the section header. */
    public static PcapngWriter create(Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        return new PcapngWriter(Files.newOutputStream(file, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE), "ampbench");
    }

    /** Writes to a stream (e.g. a {@link ByteArrayOutputStream} for a test's own capture). */
    public static PcapngWriter to(OutputStream out) throws IOException {
        return new PcapngWriter(out, "ampbench");
    }

    /**
     * Declares a device link. The name goes into {@code if_name} as given: pass a label (the DUT's inventory name or
     * a redacted one), never a serial identity or key. A LoRaWAN link gets a second, LoRaTap interface.
     */
    public synchronized Link addLink(String name, Profile profile, Role dutRole) throws IOException {
        ensureOpen();
        int amp = interfaceBlock(LINKTYPE_AMPBENCH, name, profile.id() + " " + dutRole.cliName()
                + " (ampbench pseudo-header, docs/captures.md)");
        int lora = profile == Profile.LORAWAN
                ? interfaceBlock(LINKTYPE_LORATAP, name + " (LoRaTap)", "lorawan " + dutRole.cliName()
                        + " (LoRaTap v0 + PHYPayload)")
                : -1;
        return new Link(name, profile, dutRole, amp, lora);
    }

    private int interfaceBlock(int linkType, String name, String description) throws IOException {
        Block b = new Block(IDB);
        b.i16(linkType).i16(0).i32(0); // reserved, snaplen 0 = no limit
        b.option(IF_NAME, name.getBytes(StandardCharsets.UTF_8));
        b.option(IF_DESCRIPTION, description.getBytes(StandardCharsets.UTF_8));
        b.option(IF_TSRESOL, new byte[] {TSRESOL_NANOS});
        emit(b);
        return interfaces++;
    }

    /**
     * Writes one air frame of a link (and its LoRaTap copy) and flushes it.
     *
     * @param epochNanos when, in nanoseconds since the Unix epoch
     */
    public void write(Link link, Direction direction, long epochNanos, byte[] frame) throws IOException {
        write(link, direction, epochNanos, AmpPseudoHeader.CHANNEL_UNKNOWN, AmpPseudoHeader.RSSI_UNKNOWN, frame);
    }

    /**
     * Writes one air frame with the channel and RSSI the bench wire protocol gave for it (0xFFFF, 0x7F: unknown).
     */
    public synchronized void write(Link link, Direction direction, long epochNanos, int channel, int rssi,
                                   byte[] frame) throws IOException {
        ensureOpen();
        packet(link.interfaceId(), direction, epochNanos, new AmpPseudoHeader(link.profile(), direction,
                link.dutRole(), 0, channel & 0xFFFF, rssi).prepend(frame));
        if (link.hasLoRaTap()) {
            packet(link.loraTapInterfaceId(), direction, epochNanos, LoRaTap.wrap(frame));
        }
    }

    private void packet(int iface, Direction direction, long epochNanos, byte[] data) throws IOException {
        Block b = new Block(EPB);
        b.i32(iface).i32((int) (epochNanos >>> 32)).i32((int) epochNanos).i32(data.length).i32(data.length);
        b.bytes(data).pad();
        b.option(EPB_FLAGS, le32(direction == Direction.FROM_DUT ? FLAG_INBOUND : FLAG_OUTBOUND));
        emit(b);
        packets++;
    }

    /** The Unix-epoch nanoseconds of a {@link System#nanoTime()} reading taken while this writer is open. */
    public long epochNanos(long monotonicNanos) {
        return epochBaseNanos + (monotonicNanos - monotonicBase);
    }

    /**
     * A listener for {@code WireSession.addListener} and {@code addSentListener}: writes every AIR_EMIT (from the DUT)
     * and AIR_INJECT (to the DUT) as it passes, whoever sent it (the conductor or a suite directly). It runs on the
     * session's reader thread too, so a write that fails does not throw: the writer keeps the first failure
     * ({@link #failure()}) for its owner to report, and writes nothing more.
     */
    public Consumer<dev.ampbench.bench.session.WireSession.Received> wireRecorder(Link link) {
        return r -> {
            try {
                if (r.message() instanceof dev.ampbench.protocol.wire.WireMessage.AirEmit e) {
                    write(link, Direction.FROM_DUT, epochNanos(r.nanos()), e.channel(), AmpPseudoHeader.RSSI_UNKNOWN,
                            e.frame());
                } else if (r.message() instanceof dev.ampbench.protocol.wire.WireMessage.AirInject i) {
                    write(link, Direction.TO_DUT, epochNanos(r.nanos()), i.channel(), i.rssiDbm(), i.frame());
                }
            } catch (IOException e) {
                synchronized (this) {
                    if (failure == null) {
                        failure = e;
                    }
                }
            }
        };
    }

    /** The first write that failed in a {@link #wireRecorder}; once set, nothing more is written. */
    public synchronized java.util.Optional<IOException> failure() {
        return java.util.Optional.ofNullable(failure);
    }

    /** How many packets (EPBs, LoRaTap copies included) were written. */
    public synchronized long packets() {
        return packets;
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("capture already closed");
        }
        if (failure != null) {
            throw new IOException("an earlier write failed: " + failure.getMessage());
        }
    }

    private void emit(Block b) throws IOException {
        out.write(b.finish());
        out.flush();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** One block under construction: type, length placeholder, body, end-of-options, trailing length. */
    private static final class Block {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final int type;
        private boolean options;

        Block(int type) {
            this.type = type;
        }

        Block i16(int v) {
            body.write(v);
            body.write(v >>> 8);
            return this;
        }

        Block i32(int v) {
            return i16(v).i16(v >>> 16);
        }

        Block i64(long v) {
            return i32((int) v).i32((int) (v >>> 32));
        }

        Block bytes(byte[] b) {
            body.write(b, 0, b.length);
            return this;
        }

        Block pad() {
            while (body.size() % 4 != 0) {
                body.write(0);
            }
            return this;
        }

        Block option(int code, byte[] value) {
            options = true;
            i16(code).i16(value.length).bytes(value).pad();
            return this;
        }

        byte[] finish() {
            if (options) {
                i16(OPT_END).i16(0);
            }
            int total = 12 + body.size();
            ByteBuffer bb = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
            bb.putInt(type).putInt(total).put(body.toByteArray()).putInt(total);
            return bb.array();
        }
    }
}
