package dev.ampbench.bench.capture;

/**
 * The LoRaTap version 1 header (LINKTYPE_LORATAP, 270) that precedes a LoRaWAN PHYPayload on the capture's second
 * interface, so that Wireshark's own loratap and lorawan dissectors decode it. 35 octets, big-endian:
 *
 * <pre>
 *  0 lt_version 1 | 1 padding | 2 lt_length 35 | 4 frequency (Hz) | 8 bandwidth (125 kHz steps) | 9 SF
 * 10 packet_rssi | 11 max_rssi | 12 current_rssi (255 = n/a) | 13 SNR | 14 sync word (0x34 = LoRaWAN)
 * 15 source gateway id (8) | 23 timestamp (4) | 27 flags | 28 coding rate | 29 FSK datarate (2)
 * 31 IF channel | 32 RF chain | 33 tag (2)
 * </pre>
 *
 * The bench has no radio: it records the air frames its DUT exchanges over the bench wire protocol, so the radio
 * fields are fixed placeholders (EU868 868.1 MHz, 125 kHz, SF7, CR 4/5, RSSI not available) and only the flags
 * carry meaning: CRC OK, and IQ inverted for downlinks (sent by the network side), as a LoRa radio would see them.
 */
public final class LoRaTap {
    public static final int HEADER_LENGTH = 35;
    private static final long FREQUENCY_HZ = 868_100_000L;
    private static final int FLAG_IQ_INVERTED = 0x02;
    private static final int FLAG_CRC_OK = 0x08;

    private LoRaTap() {
    }

    /** The LoRaTap v1 header followed by the PHYPayload. */
    public static byte[] wrap(byte[] phyPayload, boolean downlink) {
        byte[] out = new byte[HEADER_LENGTH + phyPayload.length];
        out[0] = 1;
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
        out[27] = (byte) (FLAG_CRC_OK | (downlink ? FLAG_IQ_INVERTED : 0));
        out[28] = 5; // CR 4/5
        System.arraycopy(phyPayload, 0, out, HEADER_LENGTH, phyPayload.length);
        return out;
    }
}
