package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.AiotS9Codec.DEVICE_ID_LEN;
import static dev.ampbench.protocol.aiots9.AiotS9Codec.MAC_LEN;
import static dev.ampbench.protocol.aiots9.AiotS9Codec.NONCE_LEN;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Paging response (the paged device through the reader to the AIoTF, seed step 3): authenticates the device
 * with a fresh device nonce. 27 bytes.
 *
 * @param idMode            the paging's IdMode
 * @param deviceNonce       fresh per response, never reused (AIOT-S9-R4)
 * @param maxPolicy         the Capability byte: the strongest security policy the device supports
 * @param protectedDeviceId ProtectedDeviceId*: the device ID encrypted, or the temporary ID, under the device keys
 * @param mac               AES-CMAC-64 under K_int_D over all preceding bytes
 */
public record PagingResponse(IdMode idMode, byte[] deviceNonce, SecurityPolicy maxPolicy, byte[] protectedDeviceId,
                             byte[] mac) implements Frame {
    /** Encoded length. */
    public static final int LENGTH = 3 + NONCE_LEN + DEVICE_ID_LEN + MAC_LEN;
    /** Capability bits 0-1 carry the policy; bits 2-7 are reserved and must be zero. */
    private static final int CAPABILITY_RESERVED = 0xfc;

    public PagingResponse {
        Objects.requireNonNull(idMode, "idMode");
        Objects.requireNonNull(maxPolicy, "maxPolicy");
        FrameFields.requireLength("DeviceNonce", deviceNonce, NONCE_LEN);
        FrameFields.requireLength("ProtectedDeviceId", protectedDeviceId, DEVICE_ID_LEN);
        FrameFields.requireLength("Mac", mac, MAC_LEN);
        deviceNonce = deviceNonce.clone();
        protectedDeviceId = protectedDeviceId.clone();
        mac = mac.clone();
    }

    public static PagingResponse decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        FrameFields.type(r, AiotS9Codec.TYPE_PAGING_RESPONSE);
        IdMode mode = FrameFields.idMode(r);
        byte[] dn = r.bytes("DeviceNonce", NONCE_LEN, FieldKind.NONCE);
        int capability = r.u8("Capability", FieldKind.PARAMETER);
        if ((capability & CAPABILITY_RESERVED) != 0) {
            throw r.error("Capability", "reserved bits 2-7 must be zero, got " + capability);
        }
        SecurityPolicy max = SecurityPolicy.ofCode(capability)
                .orElseThrow(() -> r.error("Capability", "unknown security policy " + capability));
        byte[] pid = r.bytes("ProtectedDeviceId", DEVICE_ID_LEN, FieldKind.ADDRESS);
        byte[] mac = r.bytes("Mac", MAC_LEN, FieldKind.MIC);
        r.end("Mac");
        return new PagingResponse(mode, dn, max, pid, mac);
    }

    private FrameWriter writer(boolean withMac) {
        FrameWriter w = new FrameWriter()
                .u8("Type", FieldKind.TYPE, AiotS9Codec.TYPE_PAGING_RESPONSE)
                .u8("IdMode", FieldKind.PARAMETER, idMode.code())
                .bytes("DeviceNonce", FieldKind.NONCE, deviceNonce)
                .u8("Capability", FieldKind.PARAMETER, maxPolicy.code())
                .bytes("ProtectedDeviceId", FieldKind.ADDRESS, protectedDeviceId);
        return withMac ? w.bytes("Mac", FieldKind.MIC, mac) : w;
    }

    /** The bytes the Mac covers: everything before it. */
    byte[] macInput() {
        return writer(false).toBytes();
    }

    @Override
    public String type() {
        return "PagingResponse";
    }

    @Override
    public byte[] encode() {
        return writer(true).toBytes();
    }

    @Override
    public List<FieldDescriptor> fields() {
        return writer(true).fields();
    }

    @Override
    public byte[] deviceNonce() {
        return deviceNonce.clone();
    }

    @Override
    public byte[] protectedDeviceId() {
        return protectedDeviceId.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PagingResponse p && idMode == p.idMode && maxPolicy == p.maxPolicy
                && Arrays.equals(deviceNonce, p.deviceNonce) && Arrays.equals(protectedDeviceId, p.protectedDeviceId)
                && Arrays.equals(mac, p.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idMode, maxPolicy, Arrays.hashCode(deviceNonce), Arrays.hashCode(protectedDeviceId),
                Arrays.hashCode(mac));
    }

    @Override
    public String toString() {
        return "PagingResponse[idMode=" + idMode + ", deviceNonce=" + Hex.encode(deviceNonce) + ", maxPolicy="
                + maxPolicy + ", protectedDeviceId=" + Hex.encode(protectedDeviceId) + ", mac=" + Hex.encode(mac) + "]";
    }
}
