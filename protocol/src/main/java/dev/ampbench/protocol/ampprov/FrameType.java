package dev.ampbench.protocol.ampprov;

import java.util.Optional;

/** The Type field of every amp-prov frame, and the direction it travels. */
public enum FrameType {
    PROV_BEACON(0x01, true),
    PROV_REQUEST(0x02, false),
    PROV_RESPONSE(0x03, true),
    PROV_CONFIRM(0x04, false),
    REQ_SENSOR_DATA(0x10, true),
    RES_SENSOR_DATA(0x11, false),
    REKEY(0x12, true),
    REKEY_ACK(0x13, false),
    REPROVISION(0x14, true);

    private final int code;
    private final boolean downlink;

    FrameType(int code, boolean downlink) {
        this.code = code;
        this.downlink = downlink;
    }

    public int code() {
        return code;
    }

    /** True for frames the infrastructure sends to the tag. */
    public boolean downlink() {
        return downlink;
    }

    /** True for the frames protected with a session key Ek_x_i (the {@link ProtectedFrame} layout). */
    public boolean isProtected() {
        return code >= 0x10;
    }

    public static Optional<FrameType> fromCode(int code) {
        for (FrameType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
