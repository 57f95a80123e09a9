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
 * PROV_REQUEST: the tag's uplink answer to a beacon. Identifies the tag by the public IdHash (never by its serial
 * number), states its KDF mode and carries a fresh TagNonce that the single downlink must be bound to.
 */
public record ProvRequest(long gatewayId, byte[] idHash, KdfMode mode, byte[] tagNonce) implements Frame {
    public static final int LENGTH = 1 + AmpProvParams.GWID_LEN + AmpProvParams.ID_HASH_LEN + 1
            + AmpProvParams.NONCE_LEN;

    public ProvRequest {
        Decoding.require(gatewayId >= 0 && gatewayId <= AmpProvParams.MAX_COUNTER, "GWID must fit 4 bytes");
        idHash = Decoding.copyOfLength(idHash, AmpProvParams.ID_HASH_LEN, "IdHash");
        Decoding.require(mode != null, "KdfMode is required");
        tagNonce = Decoding.copyOfLength(tagNonce, AmpProvParams.NONCE_LEN, "TagNonce");
    }

    @Override
    public byte[] idHash() {
        return idHash.clone();
    }

    @Override
    public byte[] tagNonce() {
        return tagNonce.clone();
    }

    public static ProvRequest decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Decoding.type(r, FrameType.PROV_REQUEST);
        long gwid = r.uintBe("GWID", AmpProvParams.GWID_LEN, FieldKind.ADDRESS);
        byte[] idHash = r.bytes("IdHash", AmpProvParams.ID_HASH_LEN, FieldKind.ADDRESS);
        KdfMode mode = Decoding.kdfMode(r);
        byte[] nonce = r.bytes("TagNonce", AmpProvParams.NONCE_LEN, FieldKind.NONCE);
        r.end("TagNonce");
        return new ProvRequest(gwid, idHash, mode, nonce);
    }

    private FrameWriter writer() {
        return new FrameWriter()
                .u8("Type", FieldKind.TYPE, FrameType.PROV_REQUEST.code())
                .uintBe("GWID", AmpProvParams.GWID_LEN, FieldKind.ADDRESS, gatewayId)
                .bytes("IdHash", FieldKind.ADDRESS, idHash)
                .u8("KdfMode", FieldKind.PARAMETER, mode.code())
                .bytes("TagNonce", FieldKind.NONCE, tagNonce);
    }

    @Override
    public String type() {
        return FrameType.PROV_REQUEST.name();
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
        return o instanceof ProvRequest p && p.gatewayId == gatewayId && Arrays.equals(p.idHash, idHash)
                && p.mode == mode && Arrays.equals(p.tagNonce, tagNonce);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return String.format("PROV_REQUEST[GWID=%08x, IdHash=%s, KdfMode=%s, TagNonce=%s]", gatewayId,
                Hex.encode(idHash), mode, Hex.encode(tagNonce));
    }
}
