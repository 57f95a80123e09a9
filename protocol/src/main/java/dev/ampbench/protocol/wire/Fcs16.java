package dev.ampbench.protocol.wire;

/**
 * The 16-bit frame check sequence of RFC 1662 (HDLC-like framing), also catalogued as CRC-16/X-25: reflected
 * polynomial 0x8408 (x^16 + x^12 + x^5 + 1), initial value 0xFFFF, final XOR 0xFFFF. The bench wire protocol
 * computes it over a message's unescaped octets and sends it least significant octet first
 * ({@code docs/bench-wire-protocol.md}, section "Framing"). Check value: {@code "123456789"} gives 0x906E.
 */
public final class Fcs16 {
    /** Initial register value. */
    public static final int INIT = 0xFFFF;

    private static final int[] TABLE = new int[256];

    static {
        for (int b = 0; b < 256; b++) {
            int v = b;
            for (int i = 0; i < 8; i++) {
                v = (v & 1) != 0 ? (v >>> 1) ^ 0x8408 : v >>> 1;
            }
            TABLE[b] = v;
        }
    }

    private Fcs16() {
    }

    /** Feeds one octet into a running register (start from {@link #INIT}); returns the new register. */
    public static int update(int register, int octet) {
        return (register >>> 8) ^ TABLE[(register ^ octet) & 0xff];
    }

    /** The FCS of {@code len} octets of {@code data} from {@code off}: register after the octets, XOR 0xFFFF. */
    public static int of(byte[] data, int off, int len) {
        int r = INIT;
        for (int i = off; i < off + len; i++) {
            r = update(r, data[i]);
        }
        return r ^ 0xFFFF;
    }

    public static int of(byte[] data) {
        return of(data, 0, data.length);
    }
}
