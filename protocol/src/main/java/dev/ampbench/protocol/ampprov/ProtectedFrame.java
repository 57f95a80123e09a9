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
 * The frames protected with a session key Ek_x_i: REQ_SENSOR_DATA, RES_SENSOR_DATA, REKEY, REKEY_ACK and
 * REPROVISION. They share one layout (a 12-byte header that is both the AES-CCM nonce and its associated data,
 * then ciphertext and MIC), so one class describes them; {@link #kind()} is the frame type.
 *
 * @param kind       the frame type; must be a protected type
 * @param localAddr  LocalAddr of the tag the frame is to (downlink) or from (uplink)
 * @param keySel     KeySel: which temporal key the session key comes from (1 = TK1, 2 = TK2)
 * @param cntr       Cntr: the key counter i of Ek_x_i
 * @param seq        Seq: per-key sequence number, 1 or more
 * @param ciphertext the encrypted payload (empty for REKEY, REKEY_ACK, REPROVISION)
 * @param mic        the 8-byte AES-CCM tag
 */
public record ProtectedFrame(FrameType kind, int localAddr, int keySel, long cntr, long seq, byte[] ciphertext,
                             byte[] mic) implements Frame {
    /** Type, LocalAddr, KeySel, Cntr, Seq. */
    public static final int HEADER_LEN = 1 + AmpProvParams.LOCAL_ADDR_LEN + 1 + AmpProvParams.CNTR_LEN
            + AmpProvParams.SEQ_LEN;
    /** Largest Payload: a backscatter frame is short, and a bound keeps fuzzed lengths cheap. */
    public static final int MAX_PAYLOAD_LEN = 255;

    public ProtectedFrame {
        Decoding.require(kind != null && kind.isProtected(), "kind must be a protected frame type");
        Decoding.require(AmpProvParams.assignable(localAddr), "LocalAddr must be assignable");
        Decoding.require(AmpProvParams.validKeySel(keySel), "KeySel must be 1 or 2");
        Decoding.require(cntr >= 0 && cntr <= AmpProvParams.MAX_COUNTER, "Cntr must fit 4 bytes");
        Decoding.require(seq >= 1 && seq <= AmpProvParams.MAX_COUNTER, "Seq must be 1..2^32-1");
        Decoding.require(ciphertext != null && ciphertext.length <= MAX_PAYLOAD_LEN, "Payload too long");
        Decoding.require(carriesPayload(kind) || ciphertext.length == 0, kind + " carries no payload");
        ciphertext = ciphertext.clone();
        mic = Decoding.copyOfLength(mic, AmpProvParams.MIC_LEN, "Mic");
    }

    /** Only sensor requests and responses carry a payload. */
    public static boolean carriesPayload(FrameType kind) {
        return kind == FrameType.REQ_SENSOR_DATA || kind == FrameType.RES_SENSOR_DATA;
    }

    @Override
    public byte[] ciphertext() {
        return ciphertext.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    /** Ciphertext || Mic, the input of AES-CCM decryption. */
    public byte[] sealed() {
        byte[] out = Arrays.copyOf(ciphertext, ciphertext.length + mic.length);
        System.arraycopy(mic, 0, out, ciphertext.length, mic.length);
        return out;
    }

    /** The 12-byte header: the AES-CCM nonce and associated data. */
    public byte[] header() {
        return header(kind, localAddr, keySel, cntr, seq);
    }

    /** The header of a frame with these values, before it is sealed. */
    public static byte[] header(FrameType kind, int localAddr, int keySel, long cntr, long seq) {
        return headerWriter(kind, localAddr, keySel, cntr, seq).toBytes();
    }

    private static FrameWriter headerWriter(FrameType kind, int localAddr, int keySel, long cntr, long seq) {
        return new FrameWriter()
                .u8("Type", FieldKind.TYPE, kind.code())
                .uintBe("LocalAddr", AmpProvParams.LOCAL_ADDR_LEN, FieldKind.ADDRESS, localAddr)
                .u8("KeySel", FieldKind.KEY_ID, keySel)
                .uintBe("Cntr", AmpProvParams.CNTR_LEN, FieldKind.COUNTER, cntr)
                .uintBe("Seq", AmpProvParams.SEQ_LEN, FieldKind.COUNTER, seq);
    }

    public static ProtectedFrame decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        int t = r.u8("Type", FieldKind.TYPE);
        FrameType kind = FrameType.fromCode(t).filter(FrameType::isProtected)
                .orElseThrow(() -> r.error("Type", String.format("0x%02x is not a protected frame type", t)));
        int addr = Decoding.localAddr(r);
        int keySel = Decoding.keySel(r);
        long cntr = r.uintBe("Cntr", AmpProvParams.CNTR_LEN, FieldKind.COUNTER);
        long seq = r.uintBe("Seq", AmpProvParams.SEQ_LEN, FieldKind.COUNTER);
        if (seq == 0) {
            throw r.error("Seq", "0 is reserved (sequence numbers start at 1)");
        }
        int payloadLen = r.remaining() - AmpProvParams.MIC_LEN;
        if (payloadLen > MAX_PAYLOAD_LEN) {
            throw new FrameDecodeException("Payload", r.position(),
                    payloadLen + " bytes exceed the maximum of " + MAX_PAYLOAD_LEN);
        }
        if (payloadLen > 0 && !carriesPayload(kind)) {
            throw new FrameDecodeException("Payload", r.position(), kind + " carries no payload, got " + payloadLen
                    + " bytes");
        }
        byte[] ct = r.upToTail("Payload", AmpProvParams.MIC_LEN, FieldKind.PAYLOAD);
        byte[] mic = r.bytes("Mic", AmpProvParams.MIC_LEN, FieldKind.MIC);
        r.end("Mic");
        return new ProtectedFrame(kind, addr, keySel, cntr, seq, ct, mic);
    }

    private FrameWriter writer() {
        return headerWriter(kind, localAddr, keySel, cntr, seq)
                .optionalBytes("Payload", FieldKind.PAYLOAD, ciphertext)
                .bytes("Mic", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return kind.name();
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
        return o instanceof ProtectedFrame p && Arrays.equals(p.encode(), encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return String.format("%s[LocalAddr=0x%04x, KeySel=%d, Cntr=%d, Seq=%d, Payload=%s, Mic=%s]", kind, localAddr,
                keySel, cntr, seq, Hex.encode(ciphertext), Hex.encode(mic));
    }
}
