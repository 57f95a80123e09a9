package dev.ampbench.protocol.wire;

import java.io.ByteArrayOutputStream;

/**
 * HDLC-lite framing as OpenThread's spinel uses it on UART ({@code docs/bench-wire-protocol.md}, "Framing"):
 * a flag octet 0x7E delimits frames; 0x7E, 0x7D and the flow-control octets 0x11, 0x13 and 0xF8 inside a frame
 * are sent as 0x7D followed by the octet XOR 0x20; a 16-bit FCS ({@link Fcs16}) over the unescaped message
 * follows it, least significant octet first, escaped like the message.
 *
 * <p>{@link #encode} starts every frame with a flag as well as ending it with one, so line noise in front of a
 * frame is flushed into an (ignored or FCS-failing) frame of its own rather than corrupting this one. The
 * receiving side is {@link HdlcDeframer}.
 */
public final class HdlcFramer {
    /** Frame delimiter. */
    public static final int FLAG = 0x7E;
    /** Control escape: the next octet was XORed with {@link #ESCAPE_XOR}. */
    public static final int ESCAPE = 0x7D;
    public static final int ESCAPE_XOR = 0x20;
    /** XON, XOFF and 0xF8, escaped so that software flow control on a UART never sees them inside a frame. */
    public static final int XON = 0x11;
    public static final int XOFF = 0x13;
    public static final int VENDOR_F8 = 0xF8;
    /** Largest unescaped message (header, type and payload; without FCS and flags), in octets. */
    public static final int MAX_MESSAGE_SIZE = 1024;
    /** Length of the FCS in octets. */
    public static final int FCS_SIZE = 2;

    private HdlcFramer() {
    }

    /** Whether this encoder escapes {@code octet} (every octet it escapes, receivers must unescape). */
    public static boolean needsEscape(int octet) {
        int o = octet & 0xff;
        return o == FLAG || o == ESCAPE || o == XON || o == XOFF || o == VENDOR_F8;
    }

    /**
     * Frames one message: flag, escaped message, escaped FCS (LSB first), flag.
     *
     * @throws IllegalArgumentException if the message is empty or longer than {@link #MAX_MESSAGE_SIZE}
     */
    public static byte[] encode(byte[] message) {
        if (message.length == 0 || message.length > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("message length " + message.length + " is outside 1.."
                    + MAX_MESSAGE_SIZE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(message.length + message.length / 8 + 6);
        out.write(FLAG);
        for (byte b : message) {
            put(out, b);
        }
        int fcs = Fcs16.of(message);
        put(out, fcs & 0xff);
        put(out, fcs >>> 8);
        out.write(FLAG);
        return out.toByteArray();
    }

    private static void put(ByteArrayOutputStream out, int octet) {
        int o = octet & 0xff;
        if (needsEscape(o)) {
            out.write(ESCAPE);
            out.write(o ^ ESCAPE_XOR);
        } else {
            out.write(o);
        }
    }
}
