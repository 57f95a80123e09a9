package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.Bytes;
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
 * UL Response: the STA's SNonce, the PMK generation it used, optional UL data sealed with AES-CCM under the new
 * TK, and the MIC under the new KCK over the Trigger and everything before the MIC (Motions 65 and 66).
 *
 * @param sealedUlData UL data ciphertext followed by its 8-octet CCM MIC; empty when the Response carries no data
 */
public record ResponseFrame(AmpSecFormat format, byte[] aa, byte[] sa, int anonceId, int pmkGeneration,
                            byte[] snonce, byte[] sealedUlData, byte[] mic) implements Frame {

    public ResponseFrame {
        aa = FrameSupport.copyOfLength(aa, format.addressLength(), "AA");
        sa = FrameSupport.copyOfLength(sa, format.addressLength(), "SA");
        FrameSupport.checkId(anonceId, "ANonceId");
        FrameSupport.checkId(pmkGeneration, "PmkGeneration");
        snonce = FrameSupport.copyOfLength(snonce, format.nonceLength(), "SNonce");
        if (sealedUlData.length != 0 && sealedUlData.length <= AmpSecCcm.TAG_LENGTH) {
            throw new IllegalArgumentException("sealed UL data needs at least one octet before its CCM MIC");
        }
        sealedUlData = sealedUlData.clone();
        mic = FrameSupport.copyOfLength(mic, AmpSecAkm.MIC_LENGTH, "MIC");
    }

    public static ResponseFrame decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        AmpSecFormat f = FrameSupport.readHeader(r, AmpSecFrameType.RESPONSE);
        byte[] aa = r.bytes("AA", f.addressLength(), FieldKind.ADDRESS);
        byte[] sa = r.bytes("SA", f.addressLength(), FieldKind.ADDRESS);
        int id = (int) r.uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        int gen = (int) r.uintBe("PmkGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID);
        byte[] snonce = r.bytes("SNonce", f.nonceLength(), FieldKind.NONCE);
        byte[] sealed = new byte[0];
        if (r.remaining() != AmpSecAkm.MIC_LENGTH) {
            if (r.remaining() < AmpSecAkm.MIC_LENGTH + AmpSecCcm.TAG_LENGTH + 1) {
                throw new FrameDecodeException("UlData", r.position(), r.remaining() + " octets left: neither a "
                        + "16-octet MIC alone nor UL data, its 8-octet CCM MIC and the MIC");
            }
            byte[] ct = r.upToTail("UlData", AmpSecCcm.TAG_LENGTH + AmpSecAkm.MIC_LENGTH, FieldKind.PAYLOAD);
            byte[] tag = r.bytes("UlDataMic", AmpSecCcm.TAG_LENGTH, FieldKind.MIC);
            sealed = Bytes.concat(ct, tag);
        }
        byte[] mic = r.bytes("MIC", AmpSecAkm.MIC_LENGTH, FieldKind.MIC);
        r.end("MIC");
        return new ResponseFrame(f, aa, sa, id, gen, snonce, sealed, mic);
    }

    private FrameWriter write() {
        FrameWriter w = headerWriter();
        if (sealedUlData.length > 0) {
            int ctLen = sealedUlData.length - AmpSecCcm.TAG_LENGTH;
            w.bytes("UlData", FieldKind.PAYLOAD, Arrays.copyOf(sealedUlData, ctLen))
                    .bytes("UlDataMic", FieldKind.MIC, Arrays.copyOfRange(sealedUlData, ctLen, sealedUlData.length));
        }
        return w.bytes("MIC", FieldKind.MIC, mic);
    }

    /** Type through SNonce: the CCM additional authenticated data of the UL data. */
    byte[] header() {
        return headerWriter().toBytes();
    }

    private FrameWriter headerWriter() {
        return FrameSupport.writeHeader(AmpSecFrameType.RESPONSE, format)
                .bytes("AA", FieldKind.ADDRESS, aa)
                .bytes("SA", FieldKind.ADDRESS, sa)
                .uintBe("ANonceId", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, anonceId)
                .uintBe("PmkGeneration", FrameSupport.ID_LENGTH, FieldKind.KEY_ID, pmkGeneration)
                .bytes("SNonce", FieldKind.NONCE, snonce);
    }

    /** Everything the MIC follows, i.e. the encoding without its last 16 octets. */
    byte[] micCovered() {
        return FrameSupport.withoutTail(encode(), AmpSecAkm.MIC_LENGTH);
    }

    /** The same frame with another MIC. */
    ResponseFrame withMic(byte[] newMic) {
        return new ResponseFrame(format, aa, sa, anonceId, pmkGeneration, snonce, sealedUlData, newMic);
    }

    @Override
    public String type() {
        return AmpSecFrameType.RESPONSE.frameName();
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
    public byte[] snonce() {
        return snonce.clone();
    }

    @Override
    public byte[] sealedUlData() {
        return sealedUlData.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResponseFrame t && Arrays.equals(encode(), t.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "Response[AA=" + Hex.encode(aa) + " SA=" + Hex.encode(sa) + " ANonceId=" + anonceId
                + " PmkGeneration=" + pmkGeneration + " SNonce=" + Hex.encode(snonce) + " SealedUlData="
                + Hex.encode(sealedUlData) + " MIC=" + Hex.encode(mic) + "]";
    }
}
