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
 * DL Confirm: the AP's proof that it holds the same PTK, completing mutual authentication (the role of message 3
 * of the 4-way handshake). Its MIC under the KCK covers the Trigger, the whole Response and the Confirm's header.
 */
public record ConfirmFrame(AmpSecFormat format, byte[] aa, byte[] sa, int anonceId, int pmkGeneration, byte[] mic)
        implements Frame {

    public ConfirmFrame {
        aa = FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        sa = FrameSupport.copyOfLength(sa, format.addressLength(), "SA");
        FrameSupport.checkId(anonceId, "ANonceId");
        FrameSupport.checkId(pmkGeneration, "PmkGeneration");
        mic = FrameSupport.copyOfLength(mic, AmpSecAkm.MIC_LENGTH, "MIC");
    }

    public static ConfirmFrame decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        AmpSecFormat f = FrameSupport.readHeader(r, AmpSecFrameType.CONFIRM);
        byte[] aa = r.bytes("AA", f.addressLength(), FieldKind.ADDRESS);
        byte[] sa = r.bytes("SA", f.addressLength(), FieldKind.ADDRESS);
        int id = (int) r.uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        int gen = (int) r.uintBe("PmkGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        byte[] mic = r.bytes("MIC", AmpSecAkm.MIC_LENGTH, FieldKind.MIC);
        r.end("MIC");
        return new ConfirmFrame(f, aa, sa, id, gen, mic);
    }

    private FrameWriter write() {
        return FrameSupport.writeHeader(AmpSecFrameType.CONFIRM, format)
                .bytes("AA", FieldKind.ADDRESS, aa)
                .bytes("SA", FieldKind.ADDRESS, sa)
                .uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, anonceId)
                .uintBe("PmkGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, pmkGeneration)
                .bytes("MIC", FieldKind.MIC, mic);
    }

    byte[] micCovered() {
        return FrameSupport.withoutTail(encode(), AmpSecAkm.MIC_LENGTH);
    }

    ConfirmFrame withMic(byte[] newMic) {
        return new ConfirmFrame(format, aa, sa, anonceId, pmkGeneration, newMic);
    }

    @Override
    public String type() {
        return AmpSecFrameType.CONFIRM.frameName();
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
        return o instanceof ConfirmFrame t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "Confirm[AA=" + Hex.encode(aa) + " SA=" + Hex.encode(sa) + " ANonceId=" + anonceId
                + " PmkGeneration=" + pmkGeneration + " MIC=" + Hex.encode(mic) + "]";
    }
}
