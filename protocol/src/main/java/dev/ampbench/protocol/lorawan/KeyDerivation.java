package dev.ampbench.protocol.lorawan;

import dev.ampbench.protocol.crypto.KeyMaterial;
import org.bouncycastle.crypto.BlockCipher;

/**
 * The OTAA key derivations of TS001-1.0.4 section 6.2.6 and LoRaWAN 1.1 sections 6.1.1 and 6.2.3: each key is
 * aes128_encrypt(root key, type | inputs | zero padding to 16 bytes), with every number least significant byte
 * first.
 */
public final class KeyDerivation {
    private KeyDerivation() {
    }

    /**
     * LoRaWAN 1.0: NwkSKey = aes128_encrypt(AppKey, 0x01 | JoinNonce | NetID | DevNonce | pad16) and AppSKey the
     * same with 0x02. A LoRaWAN 1.1 device joined without OptNeg uses this with NwkKey in place of AppKey.
     */
    public static SessionKeys v1_0(KeyMaterial appKey, int joinNonce, int netId, int devNonce) {
        BlockCipher aes = LoRaWanCrypto.encryptor(appKey);
        return SessionKeys.v1_0(derive10(aes, 0x01, joinNonce, netId, devNonce),
                derive10(aes, 0x02, joinNonce, netId, devNonce));
    }

    /**
     * LoRaWAN 1.1 with OptNeg: FNwkSIntKey, AppSKey, SNwkSIntKey, NwkSEncKey = aes128_encrypt(key, t | JoinNonce |
     * JoinEUI | DevNonce | pad16) with t = 0x01, 0x02, 0x03, 0x04 and key NwkKey, except AppKey for AppSKey.
     */
    public static SessionKeys v1_1(KeyMaterial nwkKey, KeyMaterial appKey, int joinNonce, long joinEui,
                                   int devNonce) {
        BlockCipher nwk = LoRaWanCrypto.encryptor(nwkKey);
        return new SessionKeys(LoRaWanVersion.V1_1,
                derive11(nwk, 0x01, joinNonce, joinEui, devNonce),
                derive11(nwk, 0x03, joinNonce, joinEui, devNonce),
                derive11(nwk, 0x04, joinNonce, joinEui, devNonce),
                derive11(LoRaWanCrypto.encryptor(appKey), 0x02, joinNonce, joinEui, devNonce));
    }

    /** LoRaWAN 1.1: JSIntKey = aes128_encrypt(NwkKey, 0x06 | DevEUI | pad16), which signs the JoinAccept. */
    public static KeyMaterial jsIntKey(KeyMaterial nwkKey, long devEui) {
        return deriveFromEui(nwkKey, 0x06, devEui);
    }

    /**
     * LoRaWAN 1.1: JSEncKey = aes128_encrypt(NwkKey, 0x05 | DevEUI | pad16). It encrypts JoinAccepts answering
     * Rejoin requests only, which are out of this profile's scope; given for completeness of the hierarchy.
     */
    public static KeyMaterial jsEncKey(KeyMaterial nwkKey, long devEui) {
        return deriveFromEui(nwkKey, 0x05, devEui);
    }

    private static KeyMaterial derive10(BlockCipher key, int type, int joinNonce, int netId, int devNonce) {
        byte[] b = new byte[16];
        b[0] = (byte) type;
        Ids.putLe(b, 1, 3, joinNonce);
        Ids.putLe(b, 4, 3, netId);
        Ids.putLe(b, 7, 2, devNonce);
        return KeyMaterial.of(LoRaWanCrypto.encryptBlock(key, b));
    }

    private static KeyMaterial derive11(BlockCipher key, int type, int joinNonce, long joinEui, int devNonce) {
        byte[] b = new byte[16];
        b[0] = (byte) type;
        Ids.putLe(b, 1, 3, joinNonce);
        Ids.putLe(b, 4, 8, joinEui);
        Ids.putLe(b, 12, 2, devNonce);
        return KeyMaterial.of(LoRaWanCrypto.encryptBlock(key, b));
    }

    private static KeyMaterial deriveFromEui(KeyMaterial key, int type, long devEui) {
        byte[] b = new byte[16];
        b[0] = (byte) type;
        Ids.putLe(b, 1, 8, devEui);
        return KeyMaterial.of(LoRaWanCrypto.encryptBlock(LoRaWanCrypto.encryptor(key), b));
    }
}
