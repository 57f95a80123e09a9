package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * DL PmkUpdate: the AP's authenticated command to move to PMK generation {@code newGeneration} (Motion #113).
 * Carries no key: both sides derive the next PMK. Uses the downlink PN space of the session; MIC under the KCK.
 */
public record PmkUpdateFrame(AmpSecFormat format, byte[] aa, byte[] sa, long pn, int newGeneration, byte[] mic)
        implements Frame {

    public PmkUpdateFrame {
        aa = FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        sa = FrameSupport.copyOfLength(sa, format.addressLength(), "SA");
        FrameSupport.checkPn(pn);
        FrameSupport.checkId(newGeneration, "NewGeneration");
        mic = FrameSupport.copyOfLength(mic, AmpSecAkm.MIC_LENGTH, "MIC");
    }

    public static PmkUpdateFrame decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        AmpSecFormat f = FrameSupport.readHeader(r, AmpSecFrameType.PMK_UPDATE);
        byte[] aa = r.bytes("AA", f.addressLength(), FieldKind.ADDRESS);
        byte[] sa = r.bytes("SA", f.addressLength(), FieldKind.ADDRESS);
        long pn = r.uintBe("PN", FrameSupport.PN_LENGTH, FieldKind.COUNTER);
        int gen = (int) r.uintBe("NewGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        byte[] mic = r.bytes("MIC", AmpSecAkm.MIC_LENGTH, FieldKind.MIC);
        r.end("MIC");
        return new PmkUpdateFrame(f, aa, sa, pn, gen, mic);
    }

    private FrameWriter write() {
        return FrameSupport.writeHeader(AmpSecFrameType.PMK_UPDATE, format)
                .bytes("AA", FieldKind.ADDRESS, aa)
                .bytes("SA", FieldKind.ADDRESS, sa)
                .uintBe("PN", FrameSupport.PN_LENGTH, FieldKind.COUNTER, pn)
                .uintBe("NewGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, newGeneration)
                .bytes("MIC", FieldKind.MIC, mic);
    }

    byte[] micCovered() {
        return FrameSupport.withoutTail(encode(), AmpSecAkm.MIC_LENGTH);
    }

    PmkUpdateFrame withMic(byte[] newMic) {
        return new PmkUpdateFrame(format, aa, sa, pn, newGeneration, newMic);
    }

    @Override
    public String type() {
        return AmpSecFrameType.PMK_UPDATE.frameName();
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
    public byte[] mic() {
        return mic.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PmkUpdateFrame t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "PmkUpdate[AA=" + Hex.encode(aa) + " SA=" + Hex.encode(sa) + " PN=" + pn + " NewGeneration="
                + newGeneration + " MIC=" + Hex.encode(mic) + "]";
    }
}
