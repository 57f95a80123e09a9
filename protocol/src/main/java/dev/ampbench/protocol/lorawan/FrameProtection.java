package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;

/**
 * Encryption and MIC of data frames, both directions, both versions (TS001-1.0.4 sections 4.3.3 and 4.4;
 * LoRaWAN 1.1 sections 4.3.1.6, 4.3.3 and 4.4). Shared by the device and the network so both compute the same bytes.
 *
 * <p>The 1.1 uplink MIC's B1 block names the uplink's data rate and channel (TxDr, TxCh). This sans-I/O core has no
 * radio, so both are 0 on both sides: a project choice recorded in the spec; a conductor facing real hardware must
 * supply the real values.
 */
final class FrameProtection {
    static final int TX_DR = 0;
    static final int TX_CH = 0;

    private FrameProtection() {
    }

    /** Plaintext of a frame that passed its checks. */
    record Opened(byte[] fOpts, byte[] payload) {
    }

    /**
     * Builds a protected data frame: FOpts encrypted (1.1 sessions), FRMPayload encrypted with NwkSEncKey on FPort 0
     * or AppSKey otherwise, then the MIC over everything.
     *
     * @param fCnt     the full 32-bit counter; its 16 LSBs go on the air
     * @param confFCnt 1.1 only: the 16 LSBs of the peer's confirmed frame this one acknowledges, else 0
     */
    static DataFrame seal(SessionKeys keys, MType type, int devAddr, int fCtrlFlags, long fCnt, byte[] fOpts,
                          int fPort, byte[] payload, int confFCnt) {
        boolean up = type.isUplink();
        byte[] wireOpts = fOpts;
        if (keys.scheme() == LoRaWanVersion.V1_1 && fOpts.length > 0) {
            wireOpts = LoRaWanCrypto.fOptsCipher(keys.nwkSEncKey(), up, usesAFCntDown(up, fPort), devAddr, fCnt,
                    fOpts);
        }
        byte[] wirePayload = LoRaWanCrypto.frmPayloadCipher(payloadKey(keys, fPort), up, devAddr, fCnt, payload);
        DataFrame unsigned = new DataFrame(type, devAddr, fCtrlFlags, (int) (fCnt & 0xffff), wireOpts, fPort,
                wirePayload, new byte[4]);
        return unsigned.withMic(mic(keys, unsigned, fCnt, confFCnt));
    }

    /** The MIC the frame must carry if its full counter is {@code fCnt}. */
    static byte[] mic(SessionKeys keys, DataFrame f, long fCnt, int confFCnt) {
        byte[] msg = f.signedPart();
        boolean up = f.uplink();
        if (keys.scheme() == LoRaWanVersion.V1_0_4) {
            byte[] b0 = LoRaWanCrypto.bBlock(new byte[4], up, f.devAddr(), fCnt, msg.length);
            return LoRaWanCrypto.mic(keys.nwkSKey(), b0, msg);
        }
        byte[] conf = {(byte) confFCnt, (byte) (confFCnt >>> 8), 0, 0};
        if (!up) {
            return LoRaWanCrypto.mic(keys.sNwkSIntKey(), LoRaWanCrypto.bBlock(conf, false, f.devAddr(), fCnt,
                    msg.length), msg);
        }
        byte[] b0 = LoRaWanCrypto.bBlock(new byte[4], true, f.devAddr(), fCnt, msg.length);
        conf[2] = (byte) TX_DR;
        conf[3] = (byte) TX_CH;
        byte[] b1 = LoRaWanCrypto.bBlock(conf, true, f.devAddr(), fCnt, msg.length);
        byte[] cmacS = LoRaWanCrypto.cmac(keys.sNwkSIntKey(), b1, msg);
        byte[] cmacF = LoRaWanCrypto.cmac(keys.fNwkSIntKey(), b0, msg);
        return new byte[] {cmacS[0], cmacS[1], cmacF[0], cmacF[1]};
    }

    /** Decrypts FOpts and FRMPayload of a frame whose MIC has been checked against {@code fCnt}. */
    static Opened open(SessionKeys keys, DataFrame f, long fCnt) {
        boolean up = f.uplink();
        byte[] fOpts = f.fOpts();
        if (keys.scheme() == LoRaWanVersion.V1_1 && fOpts.length > 0) {
            fOpts = LoRaWanCrypto.fOptsCipher(keys.nwkSEncKey(), up, usesAFCntDown(up, f.fPort()), f.devAddr(), fCnt,
                    fOpts);
        }
        byte[] payload = f.hasPort()
                ? LoRaWanCrypto.frmPayloadCipher(payloadKey(keys, f.fPort()), up, f.devAddr(), fCnt, f.frmPayload())
                : new byte[0];
        return new Opened(fOpts, payload);
    }

    /** 1.1 downlinks on FPort 1..255 are counted by AFCntDown, all others by NFCntDown (or FCntUp). */
    static boolean usesAFCntDown(boolean uplink, int fPort) {
        return !uplink && fPort > 0;
    }

    private static KeyMaterial payloadKey(SessionKeys keys, int fPort) {
        return fPort == 0 ? keys.nwkSEncKey() : keys.appSKey();
    }
}
