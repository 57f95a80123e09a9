package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.crypto.Ieee80211Kdf;
import dev.ampbench.protocol.crypto.KeyMaterial;

/**
 * The amp-sec key hierarchy: PMK (long-lived, per generation) -> PTK (per handshake) -> KCK (handshake and
 * PmkUpdate MICs) and TK (CCM data protection); and the PMK update PMK' = KDF-SHA-256-256(PMK, "AMP PMK update",
 * AA || SA || LE16(new generation)).
 */
public final class AmpSecKeySchedule {
    /** PMK length in octets. */
    public static final int PMK_LENGTH = 32;
    /** The label of the PMK update derivation. */
    public static final String PMK_UPDATE_LABEL = "AMP PMK update";
    /** PTK length in bits: KCK (128) || KEK (128, unused by amp-sec) || TK (128), the 802.11 CCMP-128 layout. */
    private static final int PTK_BITS = 384;
    private static final int KCK_OFFSET = 0;
    private static final int TK_OFFSET = 32;
    private static final int KEY_LENGTH = 16;

    private AmpSecKeySchedule() {
    }

    /** The two keys amp-sec uses out of one PTK. toString is redacted (KeyMaterial's). */
    public record Ptk(KeyMaterial kck, KeyMaterial tk) {
    }

    /**
     * PTK = KDF(PMK, "Pairwise key expansion", Min(AA,SA) || Max(AA,SA) || Min(ANonce,SNonce) ||
     * Max(ANonce,SNonce)) with the AKM's KDF, 384 bits; KCK = PTK[0..16), TK = PTK[32..48) (PTK[16..32), the
     * 802.11 KEK, is not used by amp-sec).
     */
    public static Ptk ptk(AmpSecAkm akm, KeyMaterial pmk, byte[] aa, byte[] sa, byte[] anonce, byte[] snonce) {
        KeyMaterial ptk = KeyMaterial.of(akm.kdf(pmk, Ieee80211Kdf.PAIRWISE_KEY_EXPANSION,
                Ieee80211Kdf.pairwiseExpansionData(aa, sa, anonce, snonce), PTK_BITS));
        return new Ptk(ptk.slice(KCK_OFFSET, KEY_LENGTH), ptk.slice(TK_OFFSET, KEY_LENGTH));
    }

    /** The PMK of generation {@code newGeneration}, from the PMK of the generation before it. */
    public static KeyMaterial nextPmk(AmpSecAkm akm, KeyMaterial pmk, byte[] aa, byte[] sa, int newGeneration) {
        byte[] context = new byte[aa.length + sa.length + 2];
        System.arraycopy(aa, 0, context, 0, aa.length);
        System.arraycopy(sa, 0, context, aa.length, sa.length);
        context[context.length - 2] = (byte) newGeneration;
        context[context.length - 1] = (byte) (newGeneration >>> 8);
        return KeyMaterial.of(akm.kdf(pmk, PMK_UPDATE_LABEL, context, PMK_LENGTH * 8));
    }
}
