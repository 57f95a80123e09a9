package dev.ampbench.protocol.wire;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Streaming receiver for {@link HdlcFramer} frames. Feed it whatever chunks the port delivers; it returns the
 * whole messages (FCS checked and removed) that the chunk completed.
 *
 * <p>Behaviour, as the spec's rules WIRE-R1..WIRE-R5 require:
 * <ul>
 *   <li>Until the first flag, and after a frame was dropped for being too large, every octet is discarded and
 *       counted in {@link #garbageOctets()} (hunting for a flag).</li>
 *   <li>Back-to-back flags delimit empty frames, which are ignored and not counted.</li>
 *   <li>A frame whose FCS does not match, or that is too short to hold an FCS and a message octet, is dropped and
 *       counted in {@link #badFcsFrames()}.</li>
 *   <li>A frame that grows beyond {@code maxMessageSize + 2} unescaped octets is dropped, counted in
 *       {@link #oversizeFrames()}, and the deframer hunts for the next flag.</li>
 *   <li>An escape octet followed directly by a flag aborts the frame, counted in {@link #abortedFrames()}; the
 *       flag then opens the next frame. Any other octet after an escape is unescaped by XOR 0x20.</li>
 * </ul>
 * Its only buffer is allocated once, {@code maxMessageSize + 2} octets; each delivered message is a copy of the
 * exact length. Not thread-safe, like everything in {@code protocol}.
 */
public final class HdlcDeframer {
    private final int maxMessageSize;
    private final byte[] buf;
    private int len;
    private boolean hunting = true;
    private boolean escaped;

    private long messages;
    private long badFcs;
    private long oversize;
    private long aborted;
    private long garbage;

    /** A deframer for messages of up to {@link HdlcFramer#MAX_MESSAGE_SIZE} octets. */
    public HdlcDeframer() {
        this(HdlcFramer.MAX_MESSAGE_SIZE);
    }

    /** A deframer for messages of up to {@code maxMessageSize} octets (1..{@link HdlcFramer#MAX_MESSAGE_SIZE}). */
    public HdlcDeframer(int maxMessageSize) {
        if (maxMessageSize < 1 || maxMessageSize > HdlcFramer.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("maxMessageSize " + maxMessageSize + " is outside 1.."
                    + HdlcFramer.MAX_MESSAGE_SIZE);
        }
        this.maxMessageSize = maxMessageSize;
        this.buf = new byte[maxMessageSize + HdlcFramer.FCS_SIZE];
    }

    /** Consumes {@code len} octets of {@code chunk} from {@code off}; returns the messages they completed. */
    public List<byte[]> accept(byte[] chunk, int off, int len) {
        if (off < 0 || len < 0 || off > chunk.length - len) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + chunk.length);
        }
        List<byte[]> out = new ArrayList<>(1);
        for (int i = off; i < off + len; i++) {
            byte[] m = accept(chunk[i]);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    public List<byte[]> accept(byte[] chunk) {
        return accept(chunk, 0, chunk.length);
    }

    private byte[] accept(byte b) {
        int o = b & 0xff;
        if (hunting) {
            if (o == HdlcFramer.FLAG) {
                hunting = false;
                startFrame();
            } else {
                garbage++;
            }
            return null;
        }
        if (o == HdlcFramer.FLAG) {
            byte[] m = null;
            if (escaped) {
                aborted++;
            } else if (this.len > 0) {
                m = endFrame();
            }
            startFrame();
            return m;
        }
        if (escaped) {
            escaped = false;
            o ^= HdlcFramer.ESCAPE_XOR;
        } else if (o == HdlcFramer.ESCAPE) {
            escaped = true;
            return null;
        }
        if (this.len == buf.length) {
            oversize++;
            hunting = true;
            startFrame();
            return null;
        }
        buf[this.len++] = (byte) o;
        return null;
    }

    private void startFrame() {
        len = 0;
        escaped = false;
    }

    private byte[] endFrame() {
        int n = len - HdlcFramer.FCS_SIZE;
        if (n < 1) {
            badFcs++;
            return null;
        }
        int fcs = (buf[n] & 0xff) | (buf[n + 1] & 0xff) << 8;
        if (Fcs16.of(buf, 0, n) != fcs) {
            badFcs++;
            return null;
        }
        messages++;
        return Arrays.copyOf(buf, n);
    }

    /** Forgets any partial frame and hunts for a flag again, as after opening a port. Counters are kept. */
    public void reset() {
        hunting = true;
        startFrame();
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    /** Messages delivered. */
    public long messages() {
        return messages;
    }

    /** Frames dropped because the FCS did not match or the frame was too short to carry one. */
    public long badFcsFrames() {
        return badFcs;
    }

    /** Frames dropped because they exceeded the maximum message size. */
    public long oversizeFrames() {
        return oversize;
    }

    /** Frames aborted by an escape octet directly followed by a flag. */
    public long abortedFrames() {
        return aborted;
    }

    /** Octets discarded while hunting for a flag (before the first one, and after an oversize frame). */
    public long garbageOctets() {
        return garbage;
    }
}
