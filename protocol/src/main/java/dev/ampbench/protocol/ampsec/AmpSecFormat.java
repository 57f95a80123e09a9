package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/**
 * The sizes a deployment chose, carried in every frame's Format octet so that a capture decodes without
 * configuration: bits 0-2 address length minus one (2..8 octets), bit 3 short nonces (16 instead of 32 octets),
 * bit 4 the AKM, bits 5-7 reserved (must be zero).
 *
 * @param addressLength octets of AA and SA, 2..8 (6 for an 802.11 MAC address)
 * @param nonceLength   octets of ANonce and SNonce, 32 or 16
 * @param akm           KDF and MIC suite
 */
public record AmpSecFormat(int addressLength, int nonceLength, AmpSecAkm akm) {
    public static final int MIN_ADDRESS_LENGTH = 2;
    public static final int MAX_ADDRESS_LENGTH = 8;
    public static final int NONCE_LENGTH = 32;
    public static final int SHORT_NONCE_LENGTH = 16;
    /** 6-octet addresses, 32-octet nonces, AES-CMAC with KDF-SHA-256. */
    public static final AmpSecFormat DEFAULT = new AmpSecFormat(6, NONCE_LENGTH, AmpSecAkm.CMAC_KDF_SHA256);

    private static final int RESERVED_BITS = 0xe0;
    private static final int SHORT_NONCE_BIT = 0x08;
    private static final int AKM_SHIFT = 4;

    public AmpSecFormat {
        if (addressLength < MIN_ADDRESS_LENGTH || addressLength > MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("address length " + addressLength + " is outside 2..8");
        }
        if (nonceLength != NONCE_LENGTH && nonceLength != SHORT_NONCE_LENGTH) {
            throw new IllegalArgumentException("nonce length must be 32 or 16, not " + nonceLength);
        }
        if (akm == null) {
            throw new IllegalArgumentException("akm");
        }
    }

    /** The Format octet. */
    public int octet() {
        return (addressLength - 1) | (nonceLength == SHORT_NONCE_LENGTH ? SHORT_NONCE_BIT : 0)
                | (akm.bit() << AKM_SHIFT);
    }

    /** Reads and validates the Format octet. */
    static AmpSecFormat read(FrameReader r) throws FrameDecodeException {
        int v = r.u8("Format", FieldKind.PARAMETER);
        if ((v & RESERVED_BITS) != 0) {
            throw r.error("Format", "reserved bits 5-7 must be zero, got 0x" + Integer.toHexString(v));
        }
        int addressLength = (v & 0x07) + 1;
        if (addressLength < MIN_ADDRESS_LENGTH) {
            throw r.error("Format", "address length code 0 is reserved");
        }
        int nonceLength = (v & SHORT_NONCE_BIT) != 0 ? SHORT_NONCE_LENGTH : NONCE_LENGTH;
        AmpSecAkm akm = AmpSecAkm.values()[(v >> AKM_SHIFT) & 1];
        return new AmpSecFormat(addressLength, nonceLength, akm);
    }
}
