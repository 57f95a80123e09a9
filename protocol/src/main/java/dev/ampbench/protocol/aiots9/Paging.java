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
 * Paging (AIoTF through the reader to every device of a paging area, seed step 2): finds one device by its
 * protected ID and authenticates the network to it. 26 bytes.
 *
 * @param idMode            how {@code protectedDeviceId} was made
 * @param networkNonce      fresh per paging (AIOT-S9-R3)
 * @param protectedDeviceId encrypted device ID or temporary ID
 * @param mac               AES-CMAC-64 under K_int_N over all preceding bytes
 */
public record Paging(IdMode idMode, byte[] networkNonce, byte[] protectedDeviceId, byte[] mac) implements Frame {
    /** Encoded length. */
    public static final int LENGTH = 2 + NONCE_LEN + DEVICE_ID_LEN + MAC_LEN;

    public Paging {
        Objects.requireNonNull(idMode, "idMode");
        FrameFields.requireLength("NetworkNonce", networkNonce, NONCE_LEN);
        FrameFields.requireLength("ProtectedDeviceId", protectedDeviceId, DEVICE_ID_LEN);
        FrameFields.requireLength("Mac", mac, MAC_LEN);
        networkNonce = networkNonce.clone();
        protectedDeviceId = protectedDeviceId.clone();
        mac = mac.clone();
    }

    public static Paging decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        FrameFields.type(r, AiotS9Codec.TYPE_PAGING);
        IdMode mode = FrameFields.idMode(r);
        byte[] nn = r.bytes("NetworkNonce", NONCE_LEN, FieldKind.NONCE);
        byte[] pid = r.bytes("ProtectedDeviceId", DEVICE_ID_LEN, FieldKind.ADDRESS);
        byte[] mac = r.bytes("Mac", MAC_LEN, FieldKind.MIC);
        r.end("Mac");
        return new Paging(mode, nn, pid, mac);
    }

    private FrameWriter writer(boolean withMac) {
        FrameWriter w = new FrameWriter()
                .u8("Type", FieldKind.TYPE, AiotS9Codec.TYPE_PAGING)
                .u8("IdMode", FieldKind.PARAMETER, idMode.code())
                .bytes("NetworkNonce", FieldKind.NONCE, networkNonce)
                .bytes("ProtectedDeviceId", FieldKind.ADDRESS, protectedDeviceId);
        return withMac ? w.bytes("Mac", FieldKind.MIC, mac) : w;
    }

    /** The bytes the Mac covers: everything before it. */
    byte[] macInput() {
        return writer(false).toBytes();
    }

    @Override
    public String type() {
        return "Paging";
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
    public byte[] networkNonce() {
        return networkNonce.clone();
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
        return o instanceof Paging p && idMode == p.idMode && Arrays.equals(networkNonce, p.networkNonce)
                && Arrays.equals(protectedDeviceId, p.protectedDeviceId) && Arrays.equals(mac, p.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idMode, Arrays.hashCode(networkNonce), Arrays.hashCode(protectedDeviceId),
                Arrays.hashCode(mac));
    }

    @Override
    public String toString() {
        return "Paging[idMode=" + idMode + ", networkNonce=" + Hex.encode(networkNonce) + ", protectedDeviceId="
                + Hex.encode(protectedDeviceId) + ", mac=" + Hex.encode(mac) + "]";
    }
}
