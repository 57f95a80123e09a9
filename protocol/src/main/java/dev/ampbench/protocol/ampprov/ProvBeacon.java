package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import java.util.List;

/**
 * PROV_BEACON: the gateway's broadcast that opens provisioning (slide 5, assumption 9). Names the gateway and the
 * KDF modes it offers.
 *
 * @param gatewayId GWID, 32-bit unsigned
 * @param modes     bit mask of offered {@link KdfMode}s; reserved bits zero, at least one bit set
 */
public record ProvBeacon(long gatewayId, int modes) implements Frame {
    public static final int LENGTH = 6;

    public ProvBeacon {
        Decoding.require(gatewayId >= 0 && gatewayId <= AmpProvParams.MAX_COUNTER, "GWID must fit 4 bytes");
        Decoding.require(modes != 0 && (modes & ~KdfMode.allBits()) == 0, "Modes must name known modes only");
    }

    public boolean offers(KdfMode mode) {
        return (modes & mode.bit()) != 0;
    }

    public static ProvBeacon decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Decoding.type(r, FrameType.PROV_BEACON);
        long gwid = r.uintBe("GWID", AmpProvParams.GWID_LEN, FieldKind.ADDRESS);
        int modes = Decoding.modes(r);
        r.end("Modes");
        return new ProvBeacon(gwid, modes);
    }

    private FrameWriter writer() {
        return new FrameWriter()
                .u8("Type", FieldKind.TYPE, FrameType.PROV_BEACON.code())
                .uintBe("GWID", AmpProvParams.GWID_LEN, FieldKind.ADDRESS, gatewayId)
                .u8("Modes", FieldKind.PARAMETER, modes);
    }

    @Override
    public String type() {
        return FrameType.PROV_BEACON.name();
    }

    @Override
    public byte[] encode() {
        return writer().toBytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return writer().fields();
    }
}
