package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/**
 * LoRaWAN identifiers as numbers: EUIs are 64-bit, DevAddr 32-bit, NetID 24-bit. They travel least significant
 * byte first and are printed most significant digit first, as LoRaWAN tools print them.
 */
public final class Ids {
    private Ids() {
    }

    /** An EUI-64 as 16 hex digits, most significant first. */
    public static String eui(long eui) {
        return hex(eui, 16);
    }

    /** A DevAddr as 8 hex digits, most significant first. */
    public static String devAddr(int devAddr) {
        return hex(devAddr & 0xffffffffL, 8);
    }

    /** A NetID as 6 hex digits, most significant first. */
    public static String netId(int netId) {
        return hex(netId & 0xffffffL, 6);
    }

    /** The low {@code digits} hex digits of {@code v}, zero-padded; cheaper than String.format on the join path. */
    private static String hex(long v, int digits) {
        char[] c = new char[digits];
        for (int i = digits - 1; i >= 0; i--, v >>>= 4) {
            c[i] = Character.forDigit((int) (v & 0xf), 16);
        }
        return new String(c);
    }

    /** Reads an 8-byte little-endian EUI. */
    static long readEui(FrameReader r, String field) throws FrameDecodeException {
        byte[] b = r.bytes(field, 8, FieldKind.ADDRESS);
        return leLong(b, 0, 8);
    }

    /** Unsigned little-endian value of {@code n} bytes at {@code off}. */
    static long leLong(byte[] b, int off, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }

    /** Writes {@code n} bytes of {@code v}, least significant first, at {@code off}. */
    static void putLe(byte[] b, int off, int n, long v) {
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) (v >>> (8 * i));
        }
    }
}
