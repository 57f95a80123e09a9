package dev.ampbench.protocol.lorawan;

/**
 * A device's session after a join, all in RAM (R8): address, keys and the counters of TS001-1.0.4 section 4.3.1.5.
 * In a 1.0 session one downlink counter counts every downlink; a 1.1 session keeps NFCntDown (FPort 0 or none) and
 * AFCntDown (FPort 1..255) apart.
 */
final class DeviceSession {
    final int devAddr;
    final SessionKeys keys;
    /** The counter the next uplink carries. */
    long nextFCntUp;
    long lastNFCntDown = FrameCounter.NONE;
    long lastAFCntDown = FrameCounter.NONE;
    /** FCntUp of a confirmed uplink not yet acknowledged, or NONE. */
    long unackedConfirmedUp = FrameCounter.NONE;
    /** Counter of a confirmed downlink the next uplink must acknowledge, or NONE. */
    long confirmedDownToAck = FrameCounter.NONE;

    DeviceSession(int devAddr, SessionKeys keys) {
        this.devAddr = devAddr;
        this.keys = keys;
    }

    boolean usesAFCntDown(int fPort) {
        return keys.scheme() == LoRaWanVersion.V1_1 && FrameProtection.usesAFCntDown(false, fPort);
    }

    long lastDown(int fPort) {
        return usesAFCntDown(fPort) ? lastAFCntDown : lastNFCntDown;
    }

    void acceptDown(int fPort, long fCnt) {
        if (usesAFCntDown(fPort)) {
            lastAFCntDown = fCnt;
        } else {
            lastNFCntDown = fCnt;
        }
    }
}
