package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The encrypted container of a key manifest, version 1 (docs/key-manifest.md, "Container"):
 *
 * <pre>
 * offset size
 *  0      6   magic "AMPKEY" (ASCII)
 *  6      1   format version, 1
 *  7      1   key source: 1 = PBKDF2-HMAC-SHA256 of a passphrase, 2 = 32-byte key file
 *  8      4   PBKDF2 iterations, big-endian (0 for a key file)
 * 12     16   salt (all zero for a key file)
 * 28     12   AES-GCM nonce
 * 40      n   AES-256-GCM ciphertext of the CSV, followed by the 16-byte tag
 * </pre>
 *
 * The 40 header bytes are the GCM additional authenticated data, so changing any byte of the file makes it fail to
 * decrypt. Only the JDK's providers are used (SunJCE has both PBKDF2WithHmacSHA256 and AES/GCM).
 */
final class ManifestContainer {
    static final byte[] MAGIC = "AMPKEY".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SOURCE_PASSPHRASE = 1;
    static final int SOURCE_KEY_FILE = 2;
    static final int HEADER_LEN = 40;
    static final int TAG_LEN = 16;
    static final int SALT_LEN = 16;
    static final int NONCE_LEN = 12;
    /** What ampbench writes: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    /** What ampbench accepts; the upper bound keeps a tampered count from stalling a run. */
    static final int MIN_ITERATIONS = 100_000;
    static final int MAX_ITERATIONS = 10_000_000;
    /** A manifest larger than this is refused before it is read (a million-device batch is about 200 MB). */
    static final int MAX_FILE = 256 * 1024 * 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private ManifestContainer() {
    }

    static byte[] seal(byte[] plaintext, ManifestKey key, int iterations) {
        byte[] salt = new byte[SALT_LEN];
        byte[] nonce = new byte[NONCE_LEN];
        RANDOM.nextBytes(nonce);
        int source;
        if (key instanceof ManifestKey.Passphrase) {
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new IllegalArgumentException("PBKDF2 iterations must be " + MIN_ITERATIONS + ".."
                        + MAX_ITERATIONS);
            }
            RANDOM.nextBytes(salt);
            source = SOURCE_PASSPHRASE;
        } else {
            iterations = 0;
            source = SOURCE_KEY_FILE;
        }
        ByteBuffer header = ByteBuffer.allocate(HEADER_LEN);
        header.put(MAGIC).put((byte) VERSION).put((byte) source).putInt(iterations).put(salt).put(nonce);
        byte[] aad = header.array();
        byte[] aesKey = aesKey(key, salt, iterations);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_LEN * 8, nonce));
            c.updateAAD(aad);
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(aad, HEADER_LEN + ct.length);
            System.arraycopy(ct, 0, out, HEADER_LEN, ct.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable in this JDK", e);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    /** Decrypts in memory; the caller must wipe the result when done. */
    static byte[] open(Path file, byte[] container, ManifestKey key) throws ConfigError {
        if (container.length < HEADER_LEN + TAG_LEN
                || !Arrays.equals(container, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ConfigError(file, 0, "not an encrypted ampbench key manifest (no AMPKEY header);"
                    + " encrypt the CSV first, see docs/key-manifest.md");
        }
        ByteBuffer h = ByteBuffer.wrap(container, 0, HEADER_LEN);
        h.position(MAGIC.length);
        int version = h.get() & 0xFF;
        int source = h.get() & 0xFF;
        int iterations = h.getInt();
        byte[] salt = new byte[SALT_LEN];
        h.get(salt);
        byte[] nonce = new byte[NONCE_LEN];
        h.get(nonce);
        if (version != VERSION) {
            throw new ConfigError(file, 0, "key manifest container version " + version + " is not supported"
                    + " (this ampbench reads version " + VERSION + ")");
        }
        if (source == SOURCE_PASSPHRASE) {
            if (!(key instanceof ManifestKey.Passphrase)) {
                throw new ConfigError(file, 0, "cannot decrypt: this manifest was encrypted with a passphrase,"
                        + " not a key file");
            }
            if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
                throw new ConfigError(file, 0, "cannot decrypt: PBKDF2 iteration count " + iterations
                        + " is outside " + MIN_ITERATIONS + ".." + MAX_ITERATIONS + " (the file was modified?)");
            }
        } else if (source == SOURCE_KEY_FILE) {
            if (!(key instanceof ManifestKey.KeyFile)) {
                throw new ConfigError(file, 0, "cannot decrypt: this manifest was encrypted with a key file,"
                        + " not a passphrase");
            }
        } else {
            throw new ConfigError(file, 0, "cannot decrypt: unknown key source " + source
                    + " (the file was modified?)");
        }
        byte[] aesKey = aesKey(key, salt, iterations);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(aesKey, "AES"), new GCMParameterSpec(TAG_LEN * 8, nonce));
            c.updateAAD(container, 0, HEADER_LEN);
            return c.doFinal(container, HEADER_LEN, container.length - HEADER_LEN);
        } catch (AEADBadTagException e) {
            throw new ConfigError(file, 0, "cannot decrypt the key manifest (wrong passphrase or key file, or the"
                    + " file was modified)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable in this JDK", e);
        } finally {
            Arrays.fill(aesKey, (byte) 0);
        }
    }

    private static byte[] aesKey(ManifestKey key, byte[] salt, int iterations) {
        if (key instanceof ManifestKey.KeyFile k) {
            return k.key().bytes();
        }
        char[] pass = ((ManifestKey.Passphrase) key).chars();
        PBEKeySpec spec = new PBEKeySpec(pass, salt, iterations, 256);
        try {
            // SunJCE's PBKDF2 takes the password's UTF-8 bytes, as the Python recipe does.
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable in this JDK", e);
        } finally {
            spec.clearPassword();
            Arrays.fill(pass, '\0');
        }
    }
}
