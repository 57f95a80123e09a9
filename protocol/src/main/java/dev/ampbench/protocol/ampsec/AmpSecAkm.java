package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.Hmac;
import dev.ampbench.protocol.crypto.Ieee80211Kdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Arrays;

/**
 * The authentication and key management suite: which KDF derives the PTK and which function computes the
 * 16-octet handshake MIC under the KCK. As in IEEE 802.11, the AKM fixes both, so they cannot be mixed.
 */
public enum AmpSecAkm {
    /** Default: PTK with KDF-SHA-256 (802.11-2020 12.7.1.6.2), MIC = AES-128-CMAC(KCK, input). */
    CMAC_KDF_SHA256(0),
    /** Legacy-capable: PTK with PRF-SHA1 (802.11-2020 12.7.1.2), MIC = first 16 octets of HMAC-SHA1(KCK, input). */
    HMAC_SHA1_PRF_SHA1(1);

    /** Length of the handshake MIC in octets, for both AKMs. */
    public static final int MIC_LENGTH = 16;
    /** PTK length in bits: KCK (128) || KEK (128, unused by amp-sec) || TK (128), the 802.11 CCMP-128 layout. */
    static final int PTK_BITS = 384;

    private final int bit;

    AmpSecAkm(int bit) {
        this.bit = bit;
    }

    /** Value of the AKM bit in the Format octet. */
    int bit() {
        return bit;
    }

    KeyMaterial ptk(KeyMaterial pmk, byte[] aa, byte[] sa, byte[] anonce, byte[] snonce) {
        return switch (this) {
            case CMAC_KDF_SHA256 -> Ieee80211Kdf.ptkKdfSha256(pmk, aa, sa, anonce, snonce, PTK_BITS);
            case HMAC_SHA1_PRF_SHA1 -> Ieee80211Kdf.ptkPrfSha1(pmk, aa, sa, anonce, snonce, PTK_BITS);
        };
    }

    /** The 16-octet MIC over the concatenation of {@code parts}. */
    public byte[] mic(KeyMaterial kck, byte[]... parts) {
        return switch (this) {
            case CMAC_KDF_SHA256 -> AesCmac.mac(kck, parts);
            case HMAC_SHA1_PRF_SHA1 -> Arrays.copyOf(Hmac.sha1(kck, parts), MIC_LENGTH);
        };
    }
}
