package dev.ampbench.protocol.aiots9;

import static dev.ampbench.protocol.aiots9.AiotS9Codec.DEVICE_ID_LEN;
import static dev.ampbench.protocol.aiots9.AiotS9Codec.MAC_LEN;
import static dev.ampbench.protocol.aiots9.AiotS9Codec.MAX_PAYLOAD_LEN;
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
 * Command response (the commanded device through the reader to the AIoTF, seed step 6), protected under the policy
 * of the command it answers. 19 bytes plus the payload, plus 8 bytes of Mac unless the policy is NONE.
 *
 * @param idMode            how {@code protectedDeviceId} was made
 * @param policy            how payload and frame are protected
 * @param deviceNonce       fresh per response, never reused (AIOT-S9-R4)
 * @param protectedDeviceId encrypted device ID or temporary ID, under the device keys
 * @param securedPayload    the response, encrypted under CONFIDENTIALITY_AND_INTEGRITY, else in clear; 0..64 bytes
 * @param mac               AES-CMAC-64 under K_int_D over all preceding bytes; empty under NONE
 */
public record CommandResponse(IdMode idMode, SecurityPolicy policy, byte[] deviceNonce, byte[] protectedDeviceId,
                      byte[] securedPayload, byte[] mac) implements Frame {

    public CommandResponse {
        Objects.requireNonNull(idMode, "idMode");
        Objects.requireNonNull(policy, "policy");
        FrameFields.requireLength("DeviceNonce", deviceNonce, NONCE_LEN);
        FrameFields.requireLength("ProtectedDeviceId", protectedDeviceId, DEVICE_ID_LEN);
        FrameFields.requireLength("Mac", mac, policy.hasMac() ? MAC_LEN : 0);
        if (securedPayload.length > MAX_PAYLOAD_LEN) {
            throw new IllegalArgumentException("SecuredPayload of " + securedPayload.length + " bytes exceeds "
                    + MAX_PAYLOAD_LEN);
        }
        deviceNonce = deviceNonce.clone();
        protectedDeviceId = protectedDeviceId.clone();
        securedPayload = securedPayload.clone();
        mac = mac.clone();
    }

    public static CommandResponse decode(byte[] bytes) throws FrameDecodeException {
        FrameReader r = new FrameReader(bytes);
        FrameFields.type(r, AiotS9Codec.TYPE_COMMAND_RESPONSE);
        IdMode mode = FrameFields.idMode(r);
        SecurityPolicy policy = FrameFields.policy(r);
        byte[] nn = r.bytes("DeviceNonce", NONCE_LEN, FieldKind.NONCE);
        byte[] pid = r.bytes("ProtectedDeviceId", DEVICE_ID_LEN, FieldKind.ADDRESS);
        byte[] payload = FrameFields.payload(r, policy);
        byte[] mac = FrameFields.mac(r, policy);
        r.end(policy.hasMac() ? "Mac" : "SecuredPayload");
        return new CommandResponse(mode, policy, nn, pid, payload, mac);
    }

    private FrameWriter writer(boolean withMac) {
        FrameWriter w = new FrameWriter()
                .u8("Type", FieldKind.TYPE, AiotS9Codec.TYPE_COMMAND_RESPONSE)
                .u8("IdMode", FieldKind.PARAMETER, idMode.code())
                .u8("Policy", FieldKind.KEY_ID, policy.code())
                .bytes("DeviceNonce", FieldKind.NONCE, deviceNonce)
                .bytes("ProtectedDeviceId", FieldKind.ADDRESS, protectedDeviceId)
                .optionalBytes("SecuredPayload", FieldKind.PAYLOAD, securedPayload);
        return withMac ? w.optionalBytes("Mac", FieldKind.MIC, mac) : w;
    }

    /** The bytes the Mac covers: everything before it. */
    byte[] macInput() {
        return writer(false).toBytes();
    }

    @Override
    public String type() {
        return "CommandResponse";
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
    public byte[] securedPayload() {
        return securedPayload.clone();
    }

    @Override
    public byte[] mac() {
        return mac.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandResponse c && idMode == c.idMode && policy == c.policy
                && Arrays.equals(deviceNonce, c.deviceNonce) && Arrays.equals(protectedDeviceId, c.protectedDeviceId)
                && Arrays.equals(securedPayload, c.securedPayload) && Arrays.equals(mac, c.mac);
    }

    @Override
    public int hashCode() {
        return Objects.hash(idMode, policy, Arrays.hashCode(deviceNonce), Arrays.hashCode(protectedDeviceId),
                Arrays.hashCode(securedPayload), Arrays.hashCode(mac));
    }

    @Override
    public String toString() {
        return "CommandResponse[idMode=" + idMode + ", policy=" + policy + ", deviceNonce=" + Hex.encode(deviceNonce)
                + ", protectedDeviceId=" + Hex.encode(protectedDeviceId) + ", securedPayload="
                + Hex.encode(securedPayload) + ", mac=" + Hex.encode(mac) + "]";
    }
}
