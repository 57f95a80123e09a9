package dev.ampbench.protocol.lorawan;

/**
 * The network server's view of one device's session: keys from the Join Server and the counters of TS001-1.0.4
 * section 4.3.1.5 as the network keeps them (the last uplink counter accepted, the next downlink counters).
 */
final class NetworkSession {
    final long devEui;
    final int devAddr;
    final SessionKeys keys;
    long lastFCntUp = FrameCounter.NONE;
    long nextNFCntDown;
    long nextAFCntDown;
    /** Counter of a confirmed downlink not yet acknowledged, or NONE. */
    long unackedConfirmedDown = FrameCounter.NONE;

    NetworkSession(long devEui, int devAddr, SessionKeys keys) {
        this.devEui = devEui;
        this.devAddr = devAddr;
        this.keys = keys;
    }

    /** Takes the next downlink counter for a frame on {@code fPort} (1.0: one counter for all). */
    long takeFCntDown(int fPort) {
        if (keys.scheme() == LoRaWanVersion.V1_1 && FrameProtection.usesAFCntDown(false, fPort)) {
            return nextAFCntDown++;
        }
        return nextNFCntDown++;
    }
}
