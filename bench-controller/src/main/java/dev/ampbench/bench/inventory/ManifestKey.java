package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.crypto.KeyMaterial;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What unlocks a key manifest: a passphrase (stretched with PBKDF2-HMAC-SHA256) or a 32-byte key file. Never
 * printed: {@link #toString()} says only which kind it is.
 */
public sealed interface ManifestKey permits ManifestKey.Passphrase, ManifestKey.KeyFile {

    /** A passphrase, used as its UTF-8 bytes. */
    static ManifestKey passphrase(char[] passphrase) {
        return new Passphrase(passphrase.clone());
    }

    /**
     * A passphrase kept in a file: its contents as UTF-8, without one trailing line end. For test fixtures and for
     * CI secrets mounted as files.
     */
    static ManifestKey passphraseFile(Path file) throws ConfigError {
        byte[] b = read(file, "passphrase file");
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            char[] c = new char[chars.remaining()];
            chars.get(c);
            int n = c.length;
            if (n > 0 && c[n - 1] == '\n') {
                n--;
            }
            if (n > 0 && c[n - 1] == '\r') {
                n--;
            }
            if (n == 0) {
                throw new ConfigError(file, 0, "the passphrase file is empty");
            }
            char[] p = Arrays.copyOf(c, n);
            Arrays.fill(c, '\0');
            Arrays.fill(chars.array(), '\0');
            return new Passphrase(p);
        } catch (CharacterCodingException e) {
            throw new ConfigError(file, 0, "the passphrase file is not UTF-8 text");
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    /**
     * A key file: exactly 32 bytes, or 64 hex digits (optionally followed by a line end), as
     * {@code openssl rand 32 > k} or {@code openssl rand -hex 32 > k} write them.
     */
    static ManifestKey keyFile(Path file) throws ConfigError {
        byte[] b = read(file, "key file");
        try {
            if (b.length == KeyFile.LENGTH) {
                return new KeyFile(KeyMaterial.of(b));
            }
            int n = b.length;
            while (n > 0 && (b[n - 1] == '\n' || b[n - 1] == '\r')) {
                n--;
            }
            if (n == 2 * KeyFile.LENGTH) {
                byte[] key = new byte[KeyFile.LENGTH];
                for (int i = 0; i < KeyFile.LENGTH; i++) {
                    int hi = Character.digit(b[2 * i], 16);
                    int lo = Character.digit(b[2 * i + 1], 16);
                    if (hi < 0 || lo < 0) {
                        Arrays.fill(key, (byte) 0);
                        throw new ConfigError(file, 0, "a key file is 32 raw bytes or 64 hex digits");
                    }
                    key[i] = (byte) (hi << 4 | lo);
                }
                KeyMaterial k = KeyMaterial.of(key);
                Arrays.fill(key, (byte) 0);
                return new KeyFile(k);
            }
            throw new ConfigError(file, 0, "a key file is 32 raw bytes or 64 hex digits, this one has " + b.length
                    + " bytes");
        } finally {
            Arrays.fill(b, (byte) 0);
        }
    }

    private static byte[] read(Path file, String what) throws ConfigError {
        try {
            if (Files.size(file) > 4096) {
                throw new ConfigError(file, 0, "the " + what + " is too large to be one");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file, 0, "no such " + what);
        } catch (IOException | SecurityException e) {
            throw new ConfigError(file, 0, "cannot read the " + what + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** A passphrase. */
    final class Passphrase implements ManifestKey {
        private final char[] chars;

        private Passphrase(char[] chars) {
            if (chars.length == 0) {
                throw new IllegalArgumentException("empty passphrase");
            }
            this.chars = chars;
        }

        char[] chars() {
            return chars.clone();
        }

        @Override
        public String toString() {
            return "ManifestKey[passphrase, redacted]";
        }
    }

    /** A 32-byte key used directly as the AES-256 key. */
    final class KeyFile implements ManifestKey {
        static final int LENGTH = 32;
        private final KeyMaterial key;

        private KeyFile(KeyMaterial key) {
            this.key = Objects.requireNonNull(key);
        }

        /** Directly from bytes, e.g. a key handed over by a secrets store. */
        public static KeyFile of(byte[] key) {
            if (key.length != LENGTH) {
                throw new IllegalArgumentException("a manifest key is 32 bytes");
            }
            return new KeyFile(KeyMaterial.of(key));
        }

        KeyMaterial key() {
            return key;
        }

        @Override
        public String toString() {
            return "ManifestKey[key file, redacted]";
        }
    }
}
