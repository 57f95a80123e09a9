package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import java.util.Arrays;

/** The header every amp-sec frame starts with (Type, Format), and argument checks shared by the frame records. */
final class FrameSupport {
    /** Octets of a packet number on the air: 48 bits, as CCMP's PN. */
    static final int PN_LENGTH = 6;
    static final long MAX_PN = (1L << 48) - 1;
    /** Octets of ANonceId, PmkGeneration and NewGeneration. */
    static final int ID_LENGTH = 2;
    static final int MAX_ID = 0xffff;

    private FrameSupport() {
    }

    /** Reads Type (which must be {@code expected}) and Format. */
    static AmpSecFormat readHeader(FrameReader r, AmpSecFrameType expected) throws FrameDecodeException {
        int type = r.u8("Type", FieldKind.TYPE);
        if (type != expected.code()) {
            throw r.error("Type", "expected " + expected.frameName() + " (0x0" + expected.code() + "), got 0x"
                    + Integer.toHexString(type));
        }
        return AmpSecFormat.read(r);
    }

    static FrameWriter writeHeader(AmpSecFrameType type, AmpSecFormat format) {
        return new FrameWriter().u8("Type", FieldKind.TYPE, type.code()).u8("Format", FieldKind.PARAMETER,
                format.octet());
    }

    static byte[] copyOfLength(byte[] value, int length, String field) {
        if (value.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " octets, not " + value.length);
        }
        return value.clone();
    }

    static int checkId(int value, String field) {
        if (value < 0 || value > MAX_ID) {
            throw new IllegalArgumentException(field + " outside 0..65535: " + value);
        }
        return value;
    }

    static long checkPn(long pn) {
        if (pn < 0 || pn > MAX_PN) {
            throw new IllegalArgumentException("PN outside 48 bits: " + pn);
        }
        return pn;
    }

    /** All of {@code bytes} but the last {@code tail} octets: the part a trailing MIC covers. */
    static byte[] withoutTail(byte[] bytes, int tail) {
        return Arrays.copyOf(bytes, bytes.length - tail);
    }
}
