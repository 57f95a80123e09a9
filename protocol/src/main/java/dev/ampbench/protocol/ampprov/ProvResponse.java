package dev.ampbench.protocol.ampprov;

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
 * PROV_RESPONSE: the one downlink of provisioning. Assigns the local address, carries the gateway's TkNonce and
 * the selected temporal key, and a MIC under KCK that proves the infrastructure knows the tag's secret identity.
 */
public record ProvResponse(byte[] idHash, KdfMode mode, int localAddr, byte[] tkNonce, int keySel, byte[] mic)
        implements Frame {
    public static final int LENGTH = 1 + AmpProvParams.ID_HASH_LEN + 1 + AmpProvParams.LOCAL_ADDR_LEN
            + AmpProvParams.NONCE_LEN + 1 + AmpProvParams.MIC_LEN;

    public ProvResponse {
        idHash = Decoding.copyOfLength(idHash, AmpProvParams.ID_HASH_LEN, "IdHash");
        Decoding.require(mode != null, "KdfMode is required");
        Decoding.require(AmpProvParams.assignable(localAddr), "LocalAddr must be assignable");
        tkNonce = Decoding.copyOfLength(tkNonce, AmpProvParams.NONCE_LEN, "TkNonce");
        Decoding.require(AmpProvParams.validKeySel(keySel), "KeySel must be 1 or 2");
        mic = Decoding.copyOfLength(mic, AmpProvParams.MIC_LEN, "Mic");
    }

    @Override
    public byte[] idHash() {
        return idHash.clone();
    }

    @Override
    public byte[] tkNonce() {
        return tkNonce.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    /** The bytes the MIC covers first: every field before Mic. */
    public byte[] micInputHeader() {
        return Arrays.copyOf(encode(), LENGTH - AmpProvParams.MIC_LEN);
    }

    public static ProvResponse decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Decoding.type(r, FrameType.PROV_RESPONSE);
        byte[] idHash = r.bytes("IdHash", AmpProvParams.ID_HASH_LEN, FieldKind.ADDRESS);
        KdfMode mode = Decoding.kdfMode(r);
        int addr = Decoding.localAddr(r);
        byte[] tkNonce = r.bytes("TkNonce", AmpProvParams.NONCE_LEN, FieldKind.NONCE);
        int keySel = Decoding.keySel(r);
        byte[] mic = r.bytes("Mic", AmpProvParams.MIC_LEN, FieldKind.MIC);
        r.end("Mic");
        return new ProvResponse(idHash, mode, addr, tkNonce, keySel, mic);
    }

    private FrameWriter writer() {
        return new FrameWriter()
                .u8("Type", FieldKind.TYPE, FrameType.PROV_RESPONSE.code())
                .bytes("IdHash", FieldKind.ADDRESS, idHash)
                .u8("KdfMode", FieldKind.PARAMETER, mode.code())
                .uintBe("LocalAddr", AmpProvParams.LOCAL_ADDR_LEN, FieldKind.ADDRESS, localAddr)
                .bytes("TkNonce", FieldKind.NONCE, tkNonce)
                .u8("KeySel", FieldKind.KEY_ID, keySel)
                .bytes("Mic", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return FrameType.PROV_RESPONSE.name();
    }

    @Override
    public byte[] encode() {
        return writer().toBytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return writer().fields();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProvResponse p && Arrays.equals(p.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return String.format("PROV_RESPONSE[IdHash=%s, KdfMode=%s, LocalAddr=0x%04x, TkNonce=%s, KeySel=%d, Mic=%s]",
                Hex.encode(idHash), mode, localAddr, Hex.encode(tkNonce), keySel, Hex.encode(mic));
    }
}
