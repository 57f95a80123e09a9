package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.crypto.AesCmac;
import dev.ampbench.protocol.crypto.Hmac;
import dev.ampbench.protocol.crypto.Ieee80211Kdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Arrays;

/**
 * The authentication and key management suite: which KDF derives the PTK and the next PMK, and which function
 * computes the 16-octet handshake MIC under the KCK. As in IEEE 802.11, the AKM fixes both, so they cannot be mixed.
 */
public enum AmpSecAkm {
    /** Default: PTK with KDF-SHA-256 (802.11-2020 12.7.1.6.2), MIC = AES-128-CMAC(KCK, input). */
    CMAC_KDF_SHA256(0),
    /** Legacy-capable: PTK with PRF-SHA1 (802.11-2020 12.7.1.2), MIC = first 16 octets of HMAC-SHA1(KCK, input). */
    HMAC_SHA1_PRF_SHA1(1);

    /** Length of the handshake MIC in octets, for both AKMs. */
    public static final int MIC_LENGTH = 16;
    private final int bit;

    AmpSecAkm(int bit) {
        this.bit = bit;
    }

    /** Value of the AKM bit in the Format octet. */
    int bit() {
        return bit;
    }

    /** The AKM's KDF: KDF-SHA-256-bits (12.7.1.6.2) or PRF-bits with HMAC-SHA-1 (12.7.1.2). */
    byte[] kdf(KeyMaterial key, String label, byte[] context, int bits) {
        return switch (this) {
            case CMAC_KDF_SHA256 -> Ieee80211Kdf.kdfSha256(key, label, context, bits);
            case HMAC_SHA1_PRF_SHA1 -> Ieee80211Kdf.prfSha1(key, label, context, bits);
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
