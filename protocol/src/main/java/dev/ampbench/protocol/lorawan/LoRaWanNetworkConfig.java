package dev.ampbench.protocol.lorawan;

/**
 * What the network tells every joining device in its JoinAccept, and the NetID its DevAddrs are drawn under.
 *
 * @param netId       the 24-bit NetID; DevAddrs carry its 6-bit NwkID (type-0 layout, TS002 section 13)
 * @param rx1DrOffset DLSettings RX1DROffset, 0..7
 * @param rx2DataRate DLSettings RX2DataRate, 0..15
 * @param rxDelay     RxDelay, 0..15 (seconds; 0 means 1)
 * @param cfList      empty, or a 16-byte CFList sent in every JoinAccept
 */
public record LoRaWanNetworkConfig(int netId, int rx1DrOffset, int rx2DataRate, int rxDelay, byte[] cfList) {

    public LoRaWanNetworkConfig {
        if ((netId & ~0xffffff) != 0 || (rx1DrOffset & ~7) != 0 || (rx2DataRate & ~15) != 0
                || (rxDelay & ~15) != 0) {
            throw new IllegalArgumentException("NetID 24 bits, RX1DROffset 0..7, RX2DataRate and RxDelay 0..15");
        }
        if (cfList.length != 0 && cfList.length != 16) {
            throw new IllegalArgumentException("CFList is absent or 16 bytes");
        }
        cfList = cfList.clone();
    }

    /** NetID 000000 (experimental), RX1DROffset 0, RX2 DR0, RxDelay 1 s, no CFList. */
    public static LoRaWanNetworkConfig defaults() {
        return new LoRaWanNetworkConfig(0, 0, 0, 1, new byte[0]);
    }

    @Override
    public byte[] cfList() {
        return cfList.clone();
    }

    /** DLSettings without OptNeg, which the Join Server sets per device version. */
    int dlSettings() {
        return rx1DrOffset << 4 | rx2DataRate;
    }
}
