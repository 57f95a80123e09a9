package dev.ampbench.protocol.ampsec;

import dev.ampbench.protocol.crypto.Aes;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.ConstantTime;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import java.util.Arrays;
import java.util.Set;

/**
 * Data protection: AES-128-CCM under the TK with an 8-octet CCM MIC (as CCMP-128) and the 13-octet nonce
 * Direction (1) || SA6 (6) || PN (6, big-endian), where SA6 is the SA's last six octets, left-padded with zeros
 * when the SA is shorter. The additional authenticated data is the frame's header (Type through PN, or through
 * SNonce in a Response).
 */
final class AmpSecCcm {
    static final int TAG_LENGTH = 8;
    static final int NONCE_LENGTH = 13;
    /** Direction octet of frames the STA sends. */
    static final int UPLINK = 0x00;
    /** Direction octet of frames the AP sends. */
    static final int DOWNLINK = 0x01;

    private AmpSecCcm() {
    }

    static byte[] nonce(int direction, byte[] sa, long pn) {
        byte[] n = new byte[NONCE_LENGTH];
        n[0] = (byte) direction;
        int take = Math.min(6, sa.length);
        System.arraycopy(sa, sa.length - take, n, 7 - take, take);
        for (int i = 0; i < 6; i++) {
            n[12 - i] = (byte) (pn >>> (8 * i));
        }
        return n;
    }

    static byte[] seal(KeyMaterial tk, int direction, byte[] sa, long pn, byte[] aad, byte[] plaintext) {
        return AesCcm.seal(tk, nonce(direction, sa, pn), aad, plaintext, TAG_LENGTH);
    }

    /**
     * Verifies and decrypts, or returns {@code null}. With {@link Deviation#MIC_NOT_CHECKED} the CCM MIC is not
     * looked at; with {@link Deviation#MIC_FIRST_BYTE_ONLY} only its first octet is compared.
     */
    static byte[] open(KeyMaterial tk, int direction, byte[] sa, long pn, byte[] aad, byte[] sealed,
                       Set<Deviation> deviations) {
        byte[] nonce = nonce(direction, sa, pn);
        boolean skip = deviations.contains(Deviation.MIC_NOT_CHECKED);
        boolean firstByte = deviations.contains(Deviation.MIC_FIRST_BYTE_ONLY);
        if (!skip && !firstByte) {
            return AesCcm.open(tk, nonce, aad, sealed, TAG_LENGTH);
        }
        byte[] ct = Arrays.copyOf(sealed, sealed.length - TAG_LENGTH);
        byte[] plaintext = Aes.ctr(tk, counterBlock(nonce, 1), ct);
        if (skip) {
            return plaintext;
        }
        byte[] expected = AesCcm.seal(tk, nonce, aad, plaintext, TAG_LENGTH);
        return expected[ct.length] == sealed[ct.length] ? plaintext : null;
    }

    /** CCM counter block A_i for L = 2 (RFC 3610 2.3). */
    private static byte[] counterBlock(byte[] nonce, int i) {
        byte[] a = new byte[16];
        a[0] = 0x01;
        System.arraycopy(nonce, 0, a, 1, NONCE_LENGTH);
        a[15] = (byte) i;
        return a;
    }

    /** Compares a received MIC as the deviations say: fully in constant time unless told otherwise. */
    static boolean micMatches(byte[] expected, byte[] received, Set<Deviation> deviations) {
        if (deviations.contains(Deviation.MIC_NOT_CHECKED)) {
            return true;
        }
        if (deviations.contains(Deviation.MIC_FIRST_BYTE_ONLY)) {
            return expected[0] == received[0];
        }
        return ConstantTime.equal(expected, received);
    }
}
