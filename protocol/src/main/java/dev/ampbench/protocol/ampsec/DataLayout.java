package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import java.util.Arrays;

/**
 * The layout UplinkData and DownlinkData share: Type, Format, AA, SA, PN, Data (CCM ciphertext, at least one
 * octet), DataMic (8-octet CCM MIC). Only the Type octet differs.
 */
final class DataLayout {
    /** The decoded fields of a data frame. */
    record Parts(AmpSecFormat format, byte[] aa, byte[] sa, long pn, byte[] sealed) {
    }

    private DataLayout() {
    }

    static Parts read(byte[] bytes, AmpSecFrameType type) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        AmpSecFormat f = FrameSupport.readHeader(r, type);
        byte[] aa = r.bytes("AA", f.addressLength(), FieldKind.ADDRESS);
        byte[] sa = r.bytes("SA", f.addressLength(), FieldKind.ADDRESS);
        long pn = r.uintBe("PN", FrameSupport.PN_LENGTH, FieldKind.COUNTER);
        if (r.remaining() < AmpSecCcm.TAG_LENGTH + 1) {
            throw new FrameDecodeException("Data", r.position(), "needs at least one octet of data and an "
                    + "8-octet CCM MIC, " + r.remaining() + " left");
        }
        byte[] ct = r.upToTail("Data", AmpSecCcm.TAG_LENGTH, FieldKind.PAYLOAD);
        byte[] tag = r.bytes("DataMic", AmpSecCcm.TAG_LENGTH, FieldKind.MIC);
        r.end("DataMic");
        return new Parts(f, aa, sa, pn, Bytes.concat(ct, tag));
    }

    static void check(AmpSecFormat format, byte[] aa, byte[] sa, long pn, byte[] sealed) {
        FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        FrameSupport.copyOfLength(sa, format.addressLength(), "SA");
        FrameSupport.checkPn(pn);
        if (sealed.length <= AmpSecCcm.TAG_LENGTH) {
            throw new IllegalArgumentException("sealed data needs at least one octet before its CCM MIC");
        }
    }

    /** Type through PN: the CCM additional authenticated data. */
    static FrameWriter header(AmpSecFrameType type, AmpSecFormat format, byte[] aa, byte[] sa, long pn) {
        return FrameSupport.writeHeader(type, format)
                .bytes("AA", FieldKind.ADDRESS, aa)
                .bytes("SA", FieldKind.ADDRESS, sa)
                .uintBe("PN", FrameSupport.PN_LENGTH, FieldKind.COUNTER, pn);
    }

    static FrameWriter write(AmpSecFrameType type, AmpSecFormat format, byte[] aa, byte[] sa, long pn,
                             byte[] sealed) {
        int ctLen = sealed.length - AmpSecCcm.TAG_LENGTH;
        return header(type, format, aa, sa, pn)
                .bytes("Data", FieldKind.PAYLOAD, Arrays.copyOf(sealed, ctLen))
                .bytes("DataMic", FieldKind.MIC, Arrays.copyOfRange(sealed, ctLen, sealed.length));
    }
}
