package dev.ampbench.protocol.wire;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Field encodings shared by the message records: header, strings, profiles, sizes. */
final class WireFields {
    static final int SYNC_MASK = 0xC0;
    static final int SYNC = 0x80;
    static final int RESERVED_MASK = 0x30;
    static final int TID_MASK = 0x0F;
    static final int MAX_STRING = 255;
    static final int MAX_U16 = 0xFFFF;
    static final long MAX_U32 = 0xFFFF_FFFFL;
    static final long MAX_U48 = 0xFFFF_FFFF_FFFFL;

    private WireFields() {
    }

    static FrameWriter header(int tid, MessageType type) {
        return new FrameWriter()
                .u8("Header", FieldKind.TYPE, SYNC | tid)
                .u8("Type", FieldKind.TYPE, type.code());
    }

    static int commandTid(int tid) {
        if (tid < 1 || tid > 15) {
            throw new IllegalArgumentException("TID " + tid + " is outside 1..15");
        }
        return tid;
    }

    static int anyTid(int tid) {
        if (tid < 0 || tid > 15) {
            throw new IllegalArgumentException("TID " + tid + " is outside 0..15");
        }
        return tid;
    }

    static long u32(String field, long v) {
        return range(field, v, 0, MAX_U32);
    }

    static long range(String field, long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(field + " " + v + " is outside " + min + ".." + max);
        }
        return v;
    }

    static String string(String field, String s) {
        if (s == null) {
            throw new NullPointerException(field);
        }
        int n = utf8(field, s).length;
        if (n > MAX_STRING) {
            throw new IllegalArgumentException(field + " is " + n + " UTF-8 octets, more than " + MAX_STRING);
        }
        return s;
    }

    static byte[] utf8(String field, String s) {
        try {
            ByteBuffer b = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(java.nio.CharBuffer.wrap(s));
            byte[] out = new byte[b.remaining()];
            b.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(field + " is not valid Unicode (unpaired surrogate)");
        }
    }

    static byte[] blob(String field, byte[] b, int max) {
        if (b.length > max) {
            throw new IllegalArgumentException(field + " is " + b.length + " octets, more than " + max);
        }
        return b.clone();
    }

    static void writeString(FrameWriter w, String field, String s) {
        byte[] b = utf8(field, s);
        w.u8(field + "Length", FieldKind.LENGTH, b.length);
        w.optionalBytes(field, FieldKind.PARAMETER, b);
    }

    static String readString(FrameReader r, String field) throws FrameDecodeException {
        int n = r.u8(field + "Length", FieldKind.LENGTH);
        int at = r.position();
        byte[] b = n == 0 ? new byte[0] : r.bytes(field, n, FieldKind.PARAMETER);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new FrameDecodeException(field, at, "not valid UTF-8");
        }
    }

    static void writeBlob(FrameWriter w, String field, FieldKind kind, byte[] b) {
        w.uintLe(field + "Length", 2, FieldKind.LENGTH, b.length);
        w.optionalBytes(field, kind, b);
    }

    static byte[] readBlob(FrameReader r, String field, FieldKind kind) throws FrameDecodeException {
        int n = (int) r.uintLe(field + "Length", 2, FieldKind.LENGTH);
        return n == 0 ? new byte[0] : r.bytes(field, n, kind);
    }

    static int profileCode(Profile p) {
        return p.ordinal();
    }

    static Profile readProfile(FrameReader r, String field) throws FrameDecodeException {
        int code = r.u8(field, FieldKind.TYPE);
        if (code >= Profile.values().length) {
            throw r.error(field, "unknown profile code " + code);
        }
        return Profile.values()[code];
    }

    static String hex(byte[] b) {
        return dev.ampbench.protocol.codec.Hex.encode(b);
    }
}
