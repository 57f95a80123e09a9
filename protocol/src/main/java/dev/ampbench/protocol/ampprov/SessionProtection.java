package dev.ampbench.protocol.ampprov;

import dev.ampbench.protocol.crypto.Aes;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.Arrays;

/**
 * AES-CCM protection of {@link ProtectedFrame}s with a session key Ek_x_i: nonce = the 12-byte header
 * (Type || LocalAddr || KeySel || Cntr || Seq, so L = 3), associated data = the same header, 8-byte MIC.
 */
public final class SessionProtection {
    private SessionProtection() {
    }

    /** Encrypts and authenticates {@code plaintext} into a frame. */
    public static ProtectedFrame seal(FrameType kind, int localAddr, int keySel, long cntr, long seq,
                                      KeyMaterial key, byte[] plaintext) {
        byte[] header = ProtectedFrame.header(kind, localAddr, keySel, cntr, seq);
        byte[] sealed = AesCcm.seal(key, header, header, plaintext, AmpProvParams.MIC_LEN);
        int ctLen = sealed.length - AmpProvParams.MIC_LEN;
        return new ProtectedFrame(kind, localAddr, keySel, cntr, seq, Arrays.copyOf(sealed, ctLen),
                Arrays.copyOfRange(sealed, ctLen, sealed.length));
    }

    /**
     * Verifies and decrypts a frame.
     *
     * @param check how the MIC is compared; anything but {@link MicCheck#FULL} is a deviation
     * @return the plaintext, or {@code null} when the MIC is refused
     */
    static byte[] open(ProtectedFrame frame, KeyMaterial key, MicCheck check) {
        byte[] header = frame.header();
        if (check == MicCheck.FULL) {
            return AesCcm.open(key, header, header, frame.sealed(), AmpProvParams.MIC_LEN);
        }
        // A deviant receiver: decrypt without trusting the tag, then compare the tag as badly as it was told to.
        byte[] plaintext = Aes.ctr(key, counterBlock(header, 1), frame.ciphertext());
        return check.accepts(expectedMic(frame, key, plaintext), frame.mic()) ? plaintext : null;
    }

    /**
     * The MIC the sender computes for this frame's header and ciphertext under {@code key}: its ciphertext decrypted
     * under the header's nonce (CTR, the tag not checked) and sealed again. A fuzzer's MIC fix-up.
     */
    static byte[] expectedMic(ProtectedFrame frame, KeyMaterial key) {
        return expectedMic(frame, key, Aes.ctr(key, counterBlock(frame.header(), 1), frame.ciphertext()));
    }

    private static byte[] expectedMic(ProtectedFrame frame, KeyMaterial key, byte[] plaintext) {
        byte[] header = frame.header();
        byte[] resealed = AesCcm.seal(key, header, header, plaintext, AmpProvParams.MIC_LEN);
        return Arrays.copyOfRange(resealed, plaintext.length, resealed.length);
    }

    /** CCM counter block A_i for a 12-byte nonce: flags (L - 1 = 2) || nonce || i (3 bytes). */
    private static byte[] counterBlock(byte[] nonce, int i) {
        byte[] a = new byte[16];
        a[0] = 2;
        System.arraycopy(nonce, 0, a, 1, nonce.length);
        a[15] = (byte) i;
        return a;
    }
}
