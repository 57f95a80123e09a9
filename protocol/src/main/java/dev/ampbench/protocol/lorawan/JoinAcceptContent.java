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
 * The decrypted JoinAccept (TS001-1.0.4 section 6.2.6, LoRaWAN 1.1 section 6.2.3): MHDR | JoinNonce | NetID |
 * DevAddr | DLSettings | RxDelay | [CFList] | MIC. Bytes 1.. of {@link #encode()} are what the Join Server
 * encrypts into a {@link JoinAccept}.
 *
 * @param joinNonce  the Join Server's per-device counter, 24 bits (AppNonce in 1.0.x before 1.0.4)
 * @param netId      the network's NetID (Home_NetID in 1.1), 24 bits
 * @param devAddr    the address the network gives the device for this session
 * @param dlSettings OptNeg (bit 7), RX1DROffset (bits 6..4), RX2DataRate (bits 3..0)
 * @param rxDelay    RX1 delay in seconds in bits 3..0 (0 means 1); bits 7..4 are RFU and must be zero
 * @param cfList     empty, or the 16-byte channel frequency list / channel mask, carried opaque
 * @param mic        the 4-byte MIC
 */
public record JoinAcceptContent(int joinNonce, int netId, int devAddr, int dlSettings, int rxDelay, byte[] cfList,
                                byte[] mic) implements Frame {
    /** DLSettings bit 7: the network speaks LoRaWAN 1.1 and the device must derive 1.1 keys. */
    public static final int OPT_NEG = 0x80;
    /** Where DLSettings sits in the decrypted bytes (MHDR included), for reading OptNeg before parsing. */
    public static final int DL_SETTINGS_OFFSET = 11;

    public JoinAcceptContent {
        if ((joinNonce & ~0xffffff) != 0 || (netId & ~0xffffff) != 0) {
            throw new IllegalArgumentException("JoinNonce and NetID are 24-bit values");
        }
        if ((dlSettings & ~0xff) != 0 || (rxDelay & ~0x0f) != 0) {
            throw new IllegalArgumentException("DLSettings is one byte, RxDelay four bits");
        }
        if (cfList.length != 0 && cfList.length != 16) {
            throw new IllegalArgumentException("CFList is absent or 16 bytes, not " + cfList.length);
        }
        cfList = cfList.clone();
        mic = LoRaWanCrypto.checkMic(mic);
    }

    @Override
    public byte[] cfList() {
        return cfList.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    public boolean optNeg() {
        return (dlSettings & OPT_NEG) != 0;
    }

    public int length() {
        return 17 + cfList.length;
    }

    /** MHDR | JoinNonce | NetID | DevAddr | DLSettings | RxDelay | CFList: what the MIC covers after any prefix. */
    public byte[] signedPart() {
        return Arrays.copyOf(encode(), length() - 4);
    }

    public JoinAcceptContent withMic(byte[] newMic) {
        return new JoinAcceptContent(joinNonce, netId, devAddr, dlSettings, rxDelay, cfList, newMic);
    }

    /** Decodes the decrypted bytes, MHDR included: 17 bytes, or 33 with a CFList. */
    public static JoinAcceptContent decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        Mhdr.expect(r, MType.JOIN_ACCEPT);
        if (r.remaining() != 16 && r.remaining() != 32) {
            throw new FrameDecodeException("JoinNonce", r.position(),
                    r.remaining() + " bytes after MHDR: must be 16 (no CFList) or 32 (with CFList)");
        }
        int joinNonce = (int) r.uintLe("JoinNonce", 3, FieldKind.NONCE);
        int netId = (int) r.uintLe("NetID", 3, FieldKind.ADDRESS);
        int devAddr = (int) r.uintLe("DevAddr", 4, FieldKind.ADDRESS);
        int dlSettings = r.u8("DLSettings", FieldKind.PARAMETER);
        int rxDelay = r.u8("RxDelay", FieldKind.PARAMETER);
        if ((rxDelay & 0xf0) != 0) {
            throw r.error("RxDelay", "RFU bits 7..4 must be zero");
        }
        byte[] cfList = r.upToTail("CFList", 4, FieldKind.PARAMETER);
        byte[] mic = r.bytes("MIC", 4, FieldKind.MIC);
        r.end("MIC");
        return new JoinAcceptContent(joinNonce, netId, devAddr, dlSettings, rxDelay, cfList, mic);
    }

    private Layout layout() {
        return new Layout(length())
                .u8("MHDR", FieldKind.TYPE, MType.JOIN_ACCEPT.mhdr())
                .le("JoinNonce", 3, FieldKind.NONCE, joinNonce)
                .le("NetID", 3, FieldKind.ADDRESS, netId)
                .le("DevAddr", 4, FieldKind.ADDRESS, devAddr & 0xffffffffL)
                .u8("DLSettings", FieldKind.PARAMETER, dlSettings)
                .u8("RxDelay", FieldKind.PARAMETER, rxDelay)
                .bytes("CFList", FieldKind.PARAMETER, cfList)
                .bytes("MIC", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return "JoinAcceptContent";
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
        return o instanceof JoinAcceptContent other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return "JoinAcceptContent[JoinNonce=" + joinNonce + ", NetID=" + Ids.netId(netId) + ", DevAddr="
                + Ids.devAddr(devAddr) + ", DLSettings=" + String.format("%02x", dlSettings) + ", RxDelay=" + rxDelay
                + ", CFList=" + Hex.encode(cfList) + ", MIC=" + Hex.encode(mic) + "]";
    }
}
