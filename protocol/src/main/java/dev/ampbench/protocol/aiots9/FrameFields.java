package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/** Reads the fields every aiot-s9 frame shares, with the checks the spec puts on them. */
final class FrameFields {
    private FrameFields() {
    }

    static void type(FrameReader r, int expected) throws FrameDecodeException {
        int type = r.u8("Type", FieldKind.TYPE);
        if (type != expected) {
            throw r.error("Type", "expected type " + expected + ", got " + type);
        }
    }

    static IdMode idMode(FrameReader r) throws FrameDecodeException {
        int code = r.u8("IdMode", FieldKind.PARAMETER);
        return IdMode.ofCode(code).orElseThrow(() -> r.error("IdMode", "unknown ID protection mode " + code));
    }

    static SecurityPolicy policy(FrameReader r) throws FrameDecodeException {
        int code = r.u8("Policy", FieldKind.KEY_ID);
        return SecurityPolicy.ofCode(code).orElseThrow(() -> r.error("Policy", "unknown security policy " + code));
    }

    /** The SecuredPayload between the fixed header and the Mac (if the policy has one); absent when empty. */
    static byte[] payload(FrameReader r, SecurityPolicy policy) throws FrameDecodeException {
        int tail = policy.hasMac() ? AiotS9Codec.MAC_LEN : 0;
        if (r.remaining() < tail) {
            throw new FrameDecodeException("Mac", r.position(), "needs " + tail + " bytes, " + r.remaining() + " left");
        }
        int len = r.remaining() - tail;
        if (len > AiotS9Codec.MAX_PAYLOAD_LEN) {
            throw new FrameDecodeException("SecuredPayload", r.position(),
                    len + " bytes exceed the maximum of " + AiotS9Codec.MAX_PAYLOAD_LEN);
        }
        return len == 0 ? new byte[0] : r.bytes("SecuredPayload", len, FieldKind.PAYLOAD);
    }

    static byte[] mac(FrameReader r, SecurityPolicy policy) throws FrameDecodeException {
        return policy.hasMac() ? r.bytes("Mac", AiotS9Codec.MAC_LEN, FieldKind.MIC) : new byte[0];
    }

    static void requireLength(String field, byte[] value, int length) {
        if (value.length != length) {
            throw new IllegalArgumentException(field + " must be " + length + " bytes, got " + value.length);
        }
    }
}
