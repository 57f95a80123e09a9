package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;

/** MICs and encryption of the two join frames. */
final class JoinCrypto {
    /** JoinReqType of a JoinRequest in the 1.1 JoinAccept MIC (Rejoin types 0..2 are out of scope). */
    static final int JOIN_REQ_TYPE = 0xff;

    private JoinCrypto() {
    }

    /** aes128_cmac(AppKey or NwkKey, MHDR | JoinEUI | DevEUI | DevNonce)[0..3]. */
    static byte[] joinRequestMic(KeyMaterial rootKey, JoinRequest request) {
        return LoRaWanCrypto.mic(rootKey, request.signedPart());
    }

    /**
     * Without OptNeg: aes128_cmac(AppKey (1.0) or NwkKey (1.1), MHDR | JoinNonce | NetID | DevAddr | DLSettings |
     * RxDelay | CFList)[0..3]. With OptNeg: aes128_cmac(JSIntKey, JoinReqType | JoinEUI | DevNonce | MHDR |
     * JoinNonce | NetID | DevAddr | DLSettings | RxDelay | CFList)[0..3].
     */
    static byte[] joinAcceptMic(KeyMaterial micKey, byte[] signedPart, boolean optNeg, long joinEui,
                                int devNonce) {
        if (!optNeg) {
            return LoRaWanCrypto.mic(micKey, signedPart);
        }
        byte[] prefix = new byte[11];
        prefix[0] = (byte) JOIN_REQ_TYPE;
        Ids.putLe(prefix, 1, 8, joinEui);
        Ids.putLe(prefix, 9, 2, devNonce);
        return LoRaWanCrypto.mic(micKey, prefix, signedPart);
    }

    /** The Join Server's side: JoinNonce..MIC through aes128_decrypt(key, ...), MHDR left in the clear. */
    static JoinAccept seal(KeyMaterial encKey, JoinAcceptContent content) {
        byte[] plain = content.encode();
        byte[] body = new byte[plain.length - 1];
        System.arraycopy(plain, 1, body, 0, body.length);
        return new JoinAccept(LoRaWanCrypto.ecb(false, encKey, body));
    }

    /**
     * The device's side: aes128_encrypt(key, ...) undoes the Join Server's decrypt. Returns MHDR | JoinNonce .. MIC
     * unparsed, so the MIC can be checked before any field is believed.
     */
    static byte[] open(KeyMaterial encKey, JoinAccept accept) {
        byte[] body = LoRaWanCrypto.ecb(true, encKey, accept.encrypted());
        byte[] plain = new byte[body.length + 1];
        plain[0] = (byte) MType.JOIN_ACCEPT.mhdr();
        System.arraycopy(body, 0, plain, 1, body.length);
        return plain;
    }
}
