package dev.ampbench.protocol.codec;

/** Byte-string helpers every module shares (key derivations, frame layouts, suites, replay comparison). */
public final class Bytes {
    private Bytes() {
    }

    /** Where {@code needle} first occurs in {@code hay}, or -1: e.g. to prove an identity never travels in clear. */
    public static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The parts one after the other, in a new array. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
