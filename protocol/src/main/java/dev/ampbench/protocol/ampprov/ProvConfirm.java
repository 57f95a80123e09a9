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
 * PROV_CONFIRM: the tag's uplink proof that it derived the same keys, sent from its new local address. Completes
 * mutual authentication without costing a downlink.
 */
public record ProvConfirm(int localAddr, byte[] mic) implements Frame {
    public static final int LENGTH = 1 + AmpProvParams.LOCAL_ADDR_LEN + AmpProvParams.MIC_LEN;

    public ProvConfirm {
        Decoding.require(AmpProvParams.assignable(localAddr), "LocalAddr must be assignable");
        mic = Decoding.copyOfLength(mic, AmpProvParams.MIC_LEN, "Mic");
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    /** The bytes the MIC covers first: every field before Mic. */
    public byte[] micInputHeader() {
        return Arrays.copyOf(encode(), LENGTH - AmpProvParams.MIC_LEN);
    }

    public static ProvConfirm decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Decoding.type(r, FrameType.PROV_CONFIRM);
        int addr = Decoding.localAddr(r);
        byte[] mic = r.bytes("Mic", AmpProvParams.MIC_LEN, FieldKind.MIC);
        r.end("Mic");
        return new ProvConfirm(addr, mic);
    }

    private FrameWriter writer() {
        return new FrameWriter()
                .u8("Type", FieldKind.TYPE, FrameType.PROV_CONFIRM.code())
                .uintBe("LocalAddr", AmpProvParams.LOCAL_ADDR_LEN, FieldKind.ADDRESS, localAddr)
                .bytes("Mic", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return FrameType.PROV_CONFIRM.name();
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
        return o instanceof ProvConfirm p && p.localAddr == localAddr && Arrays.equals(p.mic, mic);
    }

    @Override
    public int hashCode() {
        return 31 * localAddr + Arrays.hashCode(mic);
    }

    @Override
    public String toString() {
        return String.format("PROV_CONFIRM[LocalAddr=0x%04x, Mic=%s]", localAddr, Hex.encode(mic));
    }
}
