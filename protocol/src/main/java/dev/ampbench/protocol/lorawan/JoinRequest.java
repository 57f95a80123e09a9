package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;

/**
 * The OTAA JoinRequest (TS001-1.0.4 section 6.2.5, LoRaWAN 1.1 section 6.2.2): MHDR | JoinEUI | DevEUI |
 * DevNonce | MIC, 23 bytes, sent in the clear and signed with AppKey (1.0) or NwkKey (1.1).
 *
 * @param joinEui  the Join Server's EUI (AppEUI in 1.0), as a number
 * @param devEui   the device's EUI, as a number
 * @param devNonce the device's join counter, 0..65535
 * @param mic      the 4-byte MIC as received or computed
 */
public record JoinRequest(long joinEui, long devEui, int devNonce, byte[] mic) implements Frame {
    /** Encoded length in bytes. */
    public static final int LENGTH = 23;

    public JoinRequest {
        if ((devNonce & ~0xffff) != 0) {
            throw new IllegalArgumentException("DevNonce does not fit 16 bits: " + devNonce);
        }
        mic = LoRaWanCrypto.checkMic(mic);
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    /** MHDR | JoinEUI | DevEUI | DevNonce: the bytes the MIC covers. */
    public byte[] signedPart() {
        return Arrays.copyOf(encode(), LENGTH - 4);
    }

    /** The same request with another MIC. */
    public JoinRequest withMic(byte[] newMic) {
        return new JoinRequest(joinEui, devEui, devNonce, newMic);
    }

    public static JoinRequest decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Mhdr.expect(r, MType.JOIN_REQUEST);
        long joinEui = Ids.readEui(r, "JoinEUI");
        long devEui = Ids.readEui(r, "DevEUI");
        int devNonce = (int) r.uintLe("DevNonce", 2, FieldKind.NONCE);
        byte[] mic = r.bytes("MIC", 4, FieldKind.MIC);
        r.end("MIC");
        return new JoinRequest(joinEui, devEui, devNonce, mic);
    }

    private Layout layout() {
        return new Layout(LENGTH)
                .u8("MHDR", FieldKind.TYPE, MType.JOIN_REQUEST.mhdr())
                .le("JoinEUI", 8, FieldKind.ADDRESS, joinEui)
                .le("DevEUI", 8, FieldKind.ADDRESS, devEui)
                .le("DevNonce", 2, FieldKind.NONCE, devNonce)
                .bytes("MIC", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return MType.JOIN_REQUEST.frameName();
    }

    @Override
    public byte[] encode() {
        return layout().bytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return layout().fields();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JoinRequest other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "JoinRequest[JoinEUI=" + Ids.eui(joinEui) + ", DevEUI=" + Ids.eui(devEui) + ", DevNonce=" + devNonce
                + ", MIC=" + Hex.encode(mic) + "]";
    }
}
