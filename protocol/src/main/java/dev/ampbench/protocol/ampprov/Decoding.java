package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/** Field checks shared by the frame decoders; each failure names the field and its offset. */
final class Decoding {
    private Decoding() {
    }

    static void type(FrameReader r, FrameType expected) throws FrameDecodeException {
        int t = r.u8("Type", FieldKind.TYPE);
        if (t != expected.code()) {
            throw r.error("Type", String.format("0x%02x is not %s (0x%02x)", t, expected, expected.code()));
        }
    }

    static int localAddr(FrameReader r) throws FrameDecodeException {
        int a = (int) r.uintBe("LocalAddr", AmpProvParams.LOCAL_ADDR_LEN, FieldKind.ADDRESS);
        if (!AmpProvParams.assignable(a)) {
            throw r.error("LocalAddr", String.format("0x%04x is reserved (0x0000 and 0xffff are never assigned)", a));
        }
        return a;
    }

    static int keySel(FrameReader r) throws FrameDecodeException {
        int k = r.u8("KeySel", FieldKind.KEY_ID);
        if (!AmpProvParams.validKeySel(k)) {
            throw r.error("KeySel", k + " selects no temporal key (1 = TK1, 2 = TK2)");
        }
        return k;
    }

    static KdfMode kdfMode(FrameReader r) throws FrameDecodeException {
        int m = r.u8("KdfMode", FieldKind.PARAMETER);
        return KdfMode.fromCode(m).orElseThrow(() -> r.error("KdfMode", "unknown KDF mode " + m));
    }

    static int modes(FrameReader r) throws FrameDecodeException {
        int m = r.u8("Modes", FieldKind.PARAMETER);
        if ((m & ~KdfMode.allBits()) != 0) {
            throw r.error("Modes", String.format("reserved bits set in 0x%02x", m));
        }
        if (m == 0) {
            throw r.error("Modes", "no KDF mode offered");
        }
        return m;
    }

    static void require(boolean ok, String what) {
        if (!ok) {
            throw new IllegalArgumentException(what);
        }
    }

    static byte[] copyOfLength(byte[] b, int len, String what) {
        require(b != null && b.length == len, what + " must be " + len + " bytes");
        return b.clone();
    }
}
