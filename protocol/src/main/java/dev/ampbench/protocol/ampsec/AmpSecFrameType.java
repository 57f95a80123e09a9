package dev.ampbench.protocol.ampsec;

import java.util.Optional;

/** The Type octet of every amp-sec frame, and the direction each type travels. */
public enum AmpSecFrameType {
    TRIGGER(0x01, "Trigger", true),
    RESPONSE(0x02, "Response", false),
    CONFIRM(0x03, "Confirm", true),
    UPLINK_DATA(0x04, "UplinkData", false),
    DOWNLINK_DATA(0x05, "DownlinkData", true),
    PMK_UPDATE(0x06, "PmkUpdate", true);

    private final int code;
    private final String frameName;
    private final boolean downlink;

    AmpSecFrameType(int code, String frameName, boolean downlink) {
        this.code = code;
        this.frameName = frameName;
        this.downlink = downlink;
    }

    public int code() {
        return code;
    }

    /** The name the spec's field tables and {@code Frame.type()} use. */
    public String frameName() {
        return frameName;
    }

    /** True for frames the AP sends to STAs. */
    public boolean downlink() {
        return downlink;
    }

    public static Optional<AmpSecFrameType> byCode(int code) {
        for (AmpSecFrameType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
