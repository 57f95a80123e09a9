package dev.ampbench.bench.capture;

/**
 * The LoRaTap header (LINKTYPE_LORATAP, 270) that precedes a LoRaWAN PHYPayload on the capture's second interface,
 * so that Wireshark's own loratap and lorawan dissectors decode it. 15 octets, big-endian (LoRaTap version 0):
 *
 * <pre>
 *  0 lt_version 0 | 1 padding 0 | 2 lt_length 15 | 4 frequency (Hz) | 8 bandwidth (125 kHz steps) | 9 SF
 * 10 packet_rssi | 11 max_rssi | 12 current_rssi (255 = n/a) | 13 SNR (dB x 4) | 14 sync word (0x34 = LoRaWAN)
 * </pre>
 *
 * <p>Why version 0 and not the 35-octet version 1 (which adds gateway id, timestamp, flags, coding rate): the
 * Wireshark of Debian 12 (4.0), what lab PCs and CI install, reads the PHYPayload of a version-1 packet from offset
 * 15 and so decodes garbage; every Wireshark reads version 0 correctly, and the fields version 1 adds carry nothing
 * here. The bench has no radio: it records the frames its DUT exchanges over the bench wire protocol, so the radio
 * fields are fixed placeholders (EU868 868.1 MHz, 125 kHz, SF7, RSSI not available).
 */
public final class LoRaTap {
    public static final int VERSION = 0;
    public static final int HEADER_LENGTH = 15;
    private static final long FREQUENCY_HZ = 868_100_000L;

    private LoRaTap() {
    }

    /** The LoRaTap header followed by the PHYPayload. */
    public static byte[] wrap(byte[] phyPayload) {
        byte[] out = new byte[HEADER_LENGTH + phyPayload.length];
        out[0] = VERSION;
        out[3] = HEADER_LENGTH;
        out[4] = (byte) (FREQUENCY_HZ >> 24);
        out[5] = (byte) (FREQUENCY_HZ >> 16);
        out[6] = (byte) (FREQUENCY_HZ >> 8);
        out[7] = (byte) FREQUENCY_HZ;
        out[8] = 1; // 125 kHz
        out[9] = 7; // SF7
        out[10] = (byte) 0xFF;
        out[11] = (byte) 0xFF;
        out[12] = (byte) 0xFF;
        out[13] = 0;
        out[14] = 0x34;
        System.arraycopy(phyPayload, 0, out, HEADER_LENGTH, phyPayload.length);
        return out;
    }
}
