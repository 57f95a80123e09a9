package dev.ampbench.emulator.firmware;

import dev.ampbench.protocol.crypto.Hkdf;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key material for emulated identities, derived from a seed so the emulator and a bench that knows the seed agree:
 * HKDF-SHA256(salt = "ampbench emulated " + profile, IKM = seed as 8 octets big-endian, info = index as 4 octets
 * big-endian). Emulation only: the seed is the secret.
 */
public final class SeededIdentities {
    private SeededIdentities() {
    }

    public static byte[] material(String profile, long seed, int index, int length) {
        byte[] salt = ("ampbench emulated " + profile).getBytes(StandardCharsets.US_ASCII);
        byte[] ikm = ByteBuffer.allocate(8).putLong(seed).array();
        byte[] info = ByteBuffer.allocate(4).putInt(index).array();
        return Hkdf.derive(salt, ikm, info, length).bytes();
    }
}
