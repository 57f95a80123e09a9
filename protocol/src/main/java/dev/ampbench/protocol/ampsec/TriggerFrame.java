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
 * DL Trigger: the AP's ANonce (and optional DL data, e.g. the AMP trigger's content), to one STA (DA = its SA) or
 * to all (DA = all ones). Not protected on the air, like message 1 of the 4-way handshake; the Confirm's MIC
 * covers it, so the STA delivers DlData only once the Confirm verifies.
 */
public record TriggerFrame(AmpSecFormat format, byte[] aa, byte[] da, int anonceId, byte[] anonce, byte[] dlData)
        implements Frame {

    public TriggerFrame {
        aa = FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        da = FrameSupport.copyOfLength(da, format.addressLength(), "DA");
        FrameSupport.checkId(anonceId, "ANonceId");
        anonce = FrameSupport.copyOfLength(anonce, format.nonceLength(), "ANonce");
        dlData = dlData.clone();
    }

    /** The DA that addresses every STA of the AP: all octets 0xff. */
    public static byte[] broadcast(AmpSecFormat format) {
        byte[] b = new byte[format.addressLength()];
        Arrays.fill(b, (byte) 0xff);
        return b;
    }

    public static TriggerFrame decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        AmpSecFormat f = FrameSupport.readHeader(r, AmpSecFrameType.TRIGGER);
        byte[] aa = r.bytes("AA", f.addressLength(), FieldKind.ADDRESS);
        byte[] da = r.bytes("DA", f.addressLength(), FieldKind.ADDRESS);
        int id = (int) r.uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        byte[] anonce = r.bytes("ANonce", f.nonceLength(), FieldKind.NONCE);
        byte[] data = r.rest("DlData", FieldKind.PAYLOAD);
        return new TriggerFrame(f, aa, da, id, anonce, data);
    }

    private FrameWriter write() {
        return FrameSupport.writeHeader(AmpSecFrameType.TRIGGER, format)
                .bytes("AA", FieldKind.ADDRESS, aa)
                .bytes("DA", FieldKind.ADDRESS, da)
                .uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, anonceId)
                .bytes("ANonce", FieldKind.NONCE, anonce)
                .optionalBytes("DlData", FieldKind.PAYLOAD, dlData);
    }

    public boolean isBroadcast() {
        return Arrays.equals(da, broadcast(format));
    }

    @Override
    public String type() {
        return AmpSecFrameType.TRIGGER.frameName();
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
    public byte[] da() {
        return da.clone();
    }

    @Override
    public byte[] anonce() {
        return anonce.clone();
    }

    @Override
    public byte[] dlData() {
        return dlData.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerFrame t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "Trigger[AA=" + Hex.encode(aa) + " DA=" + Hex.encode(da) + " ANonceId=" + anonceId + " ANonce="
                + Hex.encode(anonce) + " DlData=" + Hex.encode(dlData) + "]";
    }
}
