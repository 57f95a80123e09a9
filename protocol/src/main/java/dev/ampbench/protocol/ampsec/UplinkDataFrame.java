package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameWriter;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * UplinkData: UL data from the STA to the AP within an established session, sealed with AES-CCM under the TK; the PN
 * must strictly increase (AMP-SEC-R10).
 *
 * @param sealed the CCM ciphertext followed by its 8-octet CCM MIC
 */
public record UplinkDataFrame(AmpSecFormat format, byte[] aa, byte[] sa, long pn, byte[] sealed) implements Frame {
    private static final AmpSecFrameType TYPE = AmpSecFrameType.UPLINK_DATA;

    public UplinkDataFrame {
        DataLayout.check(format, aa, sa, pn, sealed);
        aa = aa.clone();
        sa = sa.clone();
        sealed = sealed.clone();
    }

    public static UplinkDataFrame decode(byte[] bytes) throws FrameDecodeException {
        DataLayout.Parts p = DataLayout.read(bytes, TYPE);
        return new UplinkDataFrame(p.format(), p.aa(), p.sa(), p.pn(), p.sealed());
    }

    /** Type through PN: the CCM additional authenticated data. */
    byte[] header() {
        return DataLayout.header(TYPE, format, aa, sa, pn).toBytes();
    }

    private FrameWriter write() {
        return DataLayout.write(TYPE, format, aa, sa, pn, sealed);
    }

    @Override
    public String type() {
        return TYPE.frameName();
    }

    @Override
    public byte[] encode() {
        return write().toBytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return write().fields();
    }

    @Override
    public byte[] aa() {
        return aa.clone();
    }

    @Override
    public byte[] sa() {
        return sa.clone();
    }

    @Override
    public byte[] sealed() {
        return sealed.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UplinkDataFrame t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "UplinkData[AA=" + Hex.encode(aa) + " SA=" + Hex.encode(sa) + " PN=" + pn + " Sealed="
                + Hex.encode(sealed) + "]";
    }
}
