package dev.ampbench.protocol.codec;

/** Lower-case hex without separators, strict on input. */
public final class Hex {
    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    public static String encode(byte[] b) {
        char[] c = new char[b.length * 2];
        for (int i = 0; i < b.length; i++) {
            c[2 * i] = DIGITS[(b[i] >> 4) & 0xf];
            c[2 * i + 1] = DIGITS[b[i] & 0xf];
        }
        return new String(c);
    }

    /**
     * Decodes hex digits, ignoring spaces, colons and dashes between bytes.
     *
     * @throws IllegalArgumentException naming the first offending character
     */
    public static byte[] decode(String s) {
        StringBuilder digits = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == ' ' || ch == ':' || ch == '-') {
                continue;
            }
            if (Character.digit(ch, 16) < 0) {
                throw new IllegalArgumentException("not a hex digit at position " + i + ": '" + ch + "'");
            }
            digits.append(ch);
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits (" + digits.length() + ")");
        }
        byte[] out = new byte[digits.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) ((Character.digit(digits.charAt(2 * i), 16) << 4)
                    | Character.digit(digits.charAt(2 * i + 1), 16));
        }
        return out;
    }
}
