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
 * A data frame in any of the four data MTypes (TS001-1.0.4 section 4.3): MHDR | DevAddr | FCtrl | FCnt | FOpts |
 * [FPort | FRMPayload] | MIC. The four share one layout, so one class carries them; {@link #type()} names the
 * MType. FOpts and FRMPayload are held as they travel (encrypted where the version encrypts them).
 *
 * @param mType      one of the data MTypes
 * @param devAddr    the session address
 * @param fCtrlFlags the FCtrl bits 7..4 (ADR, ADRACKReq/RFU, ACK, ClassB/FPending), shifted to bits 7..4; FOptsLen
 *                   is {@code fOpts.length}
 * @param fCnt16     the 16 least significant bits of the frame counter, as on the air
 * @param fOpts      0..15 bytes of MAC commands, carried opaque
 * @param fPort      0..255, or {@link #NO_PORT} when the frame has neither FPort nor FRMPayload
 * @param frmPayload the payload (empty when {@code fPort} is {@link #NO_PORT})
 * @param mic        the 4-byte MIC
 */
public record DataFrame(MType mType, int devAddr, int fCtrlFlags, int fCnt16, byte[] fOpts, int fPort,
                        byte[] frmPayload, byte[] mic) implements Frame {
    /** {@link #fPort()} of a frame without FPort. */
    public static final int NO_PORT = -1;
    /** FCtrl bit 5 in both directions: acknowledges the last confirmed frame of the peer. */
    public static final int ACK = 0x20;
    /** FCtrl bit 6 of a downlink is RFU and must be zero. */
    public static final int DOWNLINK_RFU = 0x40;
    /** The LoRa PHY carries at most 255 bytes. */
    public static final int MAX_LENGTH = 255;
    private static final int HEADER = 1 + 4 + 1 + 2;

    public DataFrame {
        if (!mType.isData()) {
            throw new IllegalArgumentException(mType + " is not a data MType");
        }
        if ((fCtrlFlags & ~0xf0) != 0 || (fCnt16 & ~0xffff) != 0) {
            throw new IllegalArgumentException("FCtrl flags are bits 7..4, FCnt 16 bits on the air");
        }
        if (!mType.isUplink() && (fCtrlFlags & DOWNLINK_RFU) != 0) {
            throw new IllegalArgumentException("FCtrl bit 6 of a downlink is RFU");
        }
        if (fOpts.length > 15) {
            throw new IllegalArgumentException("FOpts holds at most 15 bytes, not " + fOpts.length);
        }
        if (fPort < NO_PORT || fPort > 255) {
            throw new IllegalArgumentException("FPort " + fPort + " outside 0..255");
        }
        if (fPort == NO_PORT && frmPayload.length != 0) {
            throw new IllegalArgumentException("FRMPayload needs an FPort");
        }
        if (fPort == 0 && fOpts.length != 0) {
            throw new IllegalArgumentException("MAC commands go either in FOpts or on FPort 0, not both");
        }
        if (HEADER + fOpts.length + (fPort == NO_PORT ? 0 : 1) + frmPayload.length + 4 > MAX_LENGTH) {
            throw new IllegalArgumentException("data frame longer than " + MAX_LENGTH + " bytes");
        }
        fOpts = fOpts.clone();
        frmPayload = frmPayload.clone();
        mic = LoRaWanCrypto.checkMic(mic);
    }

    @Override
    public byte[] fOpts() {
        return fOpts.clone();
    }

    @Override
    public byte[] frmPayload() {
        return frmPayload.clone();
    }

    @Override
    public byte[] mic() {
        return mic.clone();
    }

    public boolean uplink() {
        return mType.isUplink();
    }

    public boolean ack() {
        return (fCtrlFlags & ACK) != 0;
    }

    public boolean hasPort() {
        return fPort != NO_PORT;
    }

    /** The encoded frame without its MIC: the {@code msg} the MIC covers. */
    public byte[] signedPart() {
        byte[] all = encode();
        return Arrays.copyOf(all, all.length - 4);
    }

    /** The same frame with another MIC. */
    public DataFrame withMic(byte[] newMic) {
        return new DataFrame(mType, devAddr, fCtrlFlags, fCnt16, fOpts, fPort, frmPayload, newMic);
    }

    public static DataFrame decode(byte[] bytes) throws FrameDecodeException {
        if (bytes.length > MAX_LENGTH) {
            throw new FrameDecodeException("MHDR", 0, bytes.length + " bytes: a LoRa PHYPayload is at most "
                    + MAX_LENGTH);
        }
        FrameReader r = new FrameReader(bytes);
        MType t = Mhdr.read(r);
        if (!t.isData()) {
            throw r.error("MHDR", "MType " + t.frameName() + " is not a data frame");
        }
        int devAddr = (int) r.uintLe("DevAddr", 4, FieldKind.ADDRESS);
        int fCtrl = r.u8("FCtrl", FieldKind.PARAMETER);
        if (!t.isUplink() && (fCtrl & DOWNLINK_RFU) != 0) {
            throw r.error("FCtrl", "RFU bit 6 of a downlink FCtrl must be zero");
        }
        int fCnt = (int) r.uintLe("FCnt", 2, FieldKind.COUNTER);
        int fOptsLen = fCtrl & 0x0f;
        if (r.remaining() < fOptsLen + 4) {
            throw new FrameDecodeException("FOpts", r.position(), "FOptsLen " + fOptsLen + " leaves no room for "
                    + "the MIC: " + r.remaining() + " bytes left");
        }
        byte[] fOpts = r.bytes("FOpts", fOptsLen, FieldKind.PAYLOAD);
        int fPort = NO_PORT;
        byte[] payload = new byte[0];
        if (r.remaining() > 4) {
            fPort = r.u8("FPort", FieldKind.TYPE);
            if (fPort == 0 && fOptsLen != 0) {
                throw r.error("FPort", "FPort 0 with FOptsLen " + fOptsLen + ": MAC commands in both places");
            }
            payload = r.upToTail("FRMPayload", 4, FieldKind.PAYLOAD);
        }
        byte[] mic = r.bytes("MIC", 4, FieldKind.MIC);
        r.end("MIC");
        return new DataFrame(t, devAddr, fCtrl & 0xf0, fCnt, fOpts, fPort, payload, mic);
    }

    private Layout layout() {
        int length = HEADER + fOpts.length + (hasPort() ? 1 : 0) + frmPayload.length + 4;
        Layout l = new Layout(length)
                .u8("MHDR", FieldKind.TYPE, mType.mhdr())
                .le("DevAddr", 4, FieldKind.ADDRESS, devAddr & 0xffffffffL)
                .u8("FCtrl", FieldKind.PARAMETER, fCtrlFlags | fOpts.length)
                .le("FCnt", 2, FieldKind.COUNTER, fCnt16)
                .bytes("FOpts", FieldKind.PAYLOAD, fOpts);
        if (hasPort()) {
            l.u8("FPort", FieldKind.TYPE, fPort);
        }
        return l.bytes("FRMPayload", FieldKind.PAYLOAD, frmPayload).bytes("MIC", FieldKind.MIC, mic);
    }

    @Override
    public String type() {
        return mType.frameName();
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
        return o instanceof DataFrame other && Arrays.equals(encode(), other.encode());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encode());
    }

    @Override
    public String toString() {
        return mType.frameName() + "[DevAddr=" + Ids.devAddr(devAddr) + ", FCtrl=" + String.format("%02x", fCtrlFlags)
                + ", FCnt=" + fCnt16 + ", FOpts=" + Hex.encode(fOpts) + ", FPort=" + (hasPort() ? fPort : "-")
                + ", FRMPayload=" + Hex.encode(frmPayload) + ", MIC=" + Hex.encode(mic) + "]";
    }
}
