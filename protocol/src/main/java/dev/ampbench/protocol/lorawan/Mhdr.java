package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/** Reads and checks the one-byte MAC header every LoRaWAN frame starts with. */
final class Mhdr {
    static final String FIELD = "MHDR";
    private static final int RFU_BITS = 0b0001_1100;
    private static final int MAJOR_BITS = 0b0000_0011;

    private Mhdr() {
    }

    /**
     * Reads MHDR and returns its MType. Refuses Major other than LoRaWAN R1, RFU bits set, and the MTypes this
     * profile does not carry (RejoinRequest, Proprietary).
     */
    static MType read(FrameReader r) throws FrameDecodeException {
        int b = r.u8(FIELD, FieldKind.TYPE);
        if ((b & MAJOR_BITS) != 0) {
            throw r.error(FIELD, "Major " + (b & MAJOR_BITS) + " is not LoRaWAN R1 (0)");
        }
        if ((b & RFU_BITS) != 0) {
            throw r.error(FIELD, "RFU bits 4..2 must be zero");
        }
        int code = b >>> 5;
        if (code == 0b110) {
            throw r.error(FIELD, "RejoinRequest is out of this profile's scope");
        }
        return MType.byCode(code).orElseThrow(() -> r.error(FIELD, "Proprietary MType 111 is not supported"));
    }

    /** Reads MHDR and refuses any MType but {@code expected}. */
    static void expect(FrameReader r, MType expected) throws FrameDecodeException {
        MType t = read(r);
        if (t != expected) {
            throw r.error(FIELD, "MType " + t.frameName() + " where " + expected.frameName() + " was expected");
        }
    }
}
