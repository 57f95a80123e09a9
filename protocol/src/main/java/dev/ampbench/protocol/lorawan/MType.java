package dev.ampbench.protocol.lorawan;

import java.util.Optional;

/**
 * The message type in the top three bits of MHDR (TS001-1.0.4 section 4.2.1). RejoinRequest (110) and Proprietary
 * (111) exist on the air but are out of this profile's scope: the codec refuses them.
 */
public enum MType {
    JOIN_REQUEST(0b000, "JoinRequest"),
    JOIN_ACCEPT(0b001, "JoinAccept"),
    UNCONFIRMED_DATA_UP(0b010, "UnconfirmedDataUp"),
    UNCONFIRMED_DATA_DOWN(0b011, "UnconfirmedDataDown"),
    CONFIRMED_DATA_UP(0b100, "ConfirmedDataUp"),
    CONFIRMED_DATA_DOWN(0b101, "ConfirmedDataDown");

    private final int code;
    private final String frameName;

    MType(int code, String frameName) {
        this.code = code;
        this.frameName = frameName;
    }

    /** The three MType bits. */
    public int code() {
        return code;
    }

    /** The name the spec's field tables use. */
    public String frameName() {
        return frameName;
    }

    /** The MHDR byte for this type with Major = LoRaWAN R1 (00) and the RFU bits zero. */
    public int mhdr() {
        return code << 5;
    }

    public boolean isData() {
        return code >= 0b010;
    }

    /** True for the two data uplinks (and JoinRequest). */
    public boolean isUplink() {
        return this == JOIN_REQUEST || this == UNCONFIRMED_DATA_UP || this == CONFIRMED_DATA_UP;
    }

    public boolean isConfirmed() {
        return this == CONFIRMED_DATA_UP || this == CONFIRMED_DATA_DOWN;
    }

    /** The data MType for a direction and confirmation. */
    public static MType data(boolean uplink, boolean confirmed) {
        if (uplink) {
            return confirmed ? CONFIRMED_DATA_UP : UNCONFIRMED_DATA_UP;
        }
        return confirmed ? CONFIRMED_DATA_DOWN : UNCONFIRMED_DATA_DOWN;
    }

    static Optional<MType> byCode(int code) {
        for (MType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
