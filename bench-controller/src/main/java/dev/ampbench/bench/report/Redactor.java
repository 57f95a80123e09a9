package dev.ampbench.bench.report;

import dev.ampbench.protocol.crypto.KeyMaterial;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes registered secrets (keys, serial identities) from every text that leaves the bench: Allure attachments,
 * step names, parameters, failure messages and traces. A secret is found as hex in any letter case, with or without
 * separators between its bytes (space, tab, colon, dash, underscore, dot, comma, optionally {@code 0x} per byte:
 * {@code 00112233}, {@code 00:11:22:33}, {@code 0x00, 0x11, 0x22, 0x33}) and is replaced by
 * {@code [REDACTED <label>]}. Each secret is also looked for in reversed byte order, as identities such as EUIs
 * travel little-endian on the air. Binary content is redacted by overwriting the raw secret bytes (either order)
 * with zeros.
 *
 * <p>One process-wide instance ({@link #global()}) is filled from the key manifest and the inventory; the Allure
 * listener and writer of this package consult it. Labels are printed, so they must not be secret themselves.
 */
public final class Redactor {
    /** Shorter values would redact ordinary frame bytes by coincidence; no key or identity is this short. */
    public static final int MIN_SECRET_BYTES = 4;

    private static final Redactor GLOBAL = new Redactor();
    private static final String SEPARATOR = "(?:[ \\t:_.,-]*(?:0[xX])?)";

    /** One spelling to look for; {@code reversed} marks the byte-reversed twin of a registered secret. */
    private record Secret(String label, byte[] bytes, Pattern pattern, boolean reversed) {
    }

    private final List<Secret> secrets = new CopyOnWriteArrayList<>();

    public static Redactor global() {
        return GLOBAL;
    }

    /**
     * Registers a secret.
     *
     * @param label what the report shows instead, e.g. {@code NwkKey of tag-7}; never the secret itself
     * @throws IllegalArgumentException if the secret is shorter than {@link #MIN_SECRET_BYTES}
     */
    public void register(String label, byte[] secret) {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a secret to redact must have at least " + MIN_SECRET_BYTES
                    + " bytes, got " + secret.length + " for " + label);
        }
        for (Secret s : secrets) {
            if (!s.reversed && Arrays.equals(s.bytes, secret)) {
                return;
            }
        }
        secrets.add(spelling(label, secret.clone(), false));
        byte[] reversed = new byte[secret.length];
        for (int i = 0; i < secret.length; i++) {
            reversed[i] = secret[secret.length - 1 - i];
        }
        if (!Arrays.equals(reversed, secret)) {
            // EUIs and other identities travel little-endian on the air (LoRaWAN), so frame dumps show them reversed
            secrets.add(spelling(label, reversed, true));
        }
    }

    private static Secret spelling(String label, byte[] bytes, boolean reversed) {
        StringBuilder re = new StringBuilder("(?:0[xX])?");
        for (int i = 0; i < bytes.length; i++) {
            if (i > 0) {
                re.append(SEPARATOR);
            }
            int b = bytes[i] & 0xff;
            re.append(nibble(b >> 4)).append(nibble(b & 0xf));
        }
        return new Secret(label, bytes, Pattern.compile(re.toString()), reversed);
    }

    public void register(String label, KeyMaterial key) {
        register(label, key.bytes());
    }

    /** Forgets every secret (between runs and in tests). */
    public void clear() {
        secrets.clear();
    }

    /** How many secrets are registered. */
    public int size() {
        return (int) secrets.stream().filter(s -> !s.reversed).count();
    }

    /** The text with every registered secret replaced; {@code null} stays {@code null}. */
    public String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        // Find every occurrence of every secret in the original text first, then replace the union of those
        // ranges: replacing one secret at a time could cut an overlapping second one and leave part of it visible.
        int n = text.length();
        int[] cover = new int[n + 1];
        String[] labelAt = new String[n];
        boolean any = false;
        for (Secret s : secrets) {
            Matcher m = s.pattern.matcher(text);
            int from = 0;
            while (from < n && m.find(from)) {
                any = true;
                cover[m.start()]++;
                cover[m.end()]--;
                if (labelAt[m.start()] == null) {
                    labelAt[m.start()] = s.label;
                }
                from = m.start() + 1;
            }
        }
        if (!any) {
            return text;
        }
        StringBuilder out = new StringBuilder(n);
        int depth = 0;
        String label = null;
        for (int i = 0; i < n; i++) {
            int before = depth;
            depth += cover[i];
            if (before == 0 && depth > 0) {
                label = labelAt[i];
            }
            if (depth > 0) {
                continue;
            }
            if (label != null) {
                out.append("[REDACTED ").append(label).append(']');
                label = null;
            }
            out.append(text.charAt(i));
        }
        if (label != null) {
            out.append("[REDACTED ").append(label).append(']');
        }
        return out.toString();
    }

    /** True when the text holds a registered secret in any of the recognised spellings. */
    public boolean containsSecret(String text) {
        if (text == null) {
            return false;
        }
        for (Secret s : secrets) {
            if (s.pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** A copy of the bytes with every raw occurrence of a registered secret overwritten by zeros. */
    public byte[] redactBinary(byte[] data) {
        byte[] out = data.clone();
        for (Secret s : secrets) {
            byte[] k = s.bytes;
            for (int i = 0; i + k.length <= out.length; i++) {
                if (Arrays.equals(out, i, i + k.length, k, 0, k.length)) {
                    Arrays.fill(out, i, i + k.length, (byte) 0);
                    i += k.length - 1;
                }
            }
        }
        return out;
    }

    /** Labels of the registered secrets (never their values). */
    public List<String> labels() {
        List<String> l = new ArrayList<>();
        secrets.stream().filter(s -> !s.reversed).forEach(s -> l.add(s.label));
        return l;
    }

    @Override
    public String toString() {
        return "Redactor" + labels();
    }

    private static String nibble(int n) {
        char lower = Character.forDigit(n, 16);
        char upper = Character.toUpperCase(lower);
        return lower == upper ? String.valueOf(lower) : "[" + lower + upper + "]";
    }
}
