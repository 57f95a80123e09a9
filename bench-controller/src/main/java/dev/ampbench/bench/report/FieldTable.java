package dev.ampbench.bench.report;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Hex;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A decoded frame rendered for people: one row per {@link FieldDescriptor} with name, offset, length, kind and the
 * field's value in hex. The value of a field whose kind is key material is never rendered (no such kind is sent on
 * the air today; the rule is here so that adding one cannot leak keys), and every rendered text still passes
 * through the {@link Redactor}. Bytes that no descriptor covers, or descriptors that run past the end of the frame
 * (a truncated frame from a faulty device), are shown as such rather than hidden.
 */
public final class FieldTable {
    /** What the report prints instead of the value of a key field. */
    public static final String REDACTED_VALUE = "(key, not shown)";

    private final byte[] bytes;
    private final List<FieldDescriptor> fields;
    private final Redactor redactor;

    public FieldTable(byte[] bytes, List<FieldDescriptor> fields, Redactor redactor) {
        this.bytes = bytes.clone();
        this.fields = List.copyOf(fields);
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /** True for field kinds that hold key material: any kind named {@code KEY} or ending in {@code _KEY}. */
    public static boolean isKeyKind(FieldKind kind) {
        String n = kind.name();
        return n.equals("KEY") || n.endsWith("_KEY") || n.startsWith("KEY_MATERIAL");
    }

    /** The value cell of one field: hex, the redaction note for keys, or what is missing. */
    public String value(FieldDescriptor f) {
        if (isKeyKind(f.kind())) {
            return REDACTED_VALUE;
        }
        if (f.offset() >= bytes.length) {
            return "(missing: frame ends at " + bytes.length + ")";
        }
        int end = Math.min(f.end(), bytes.length);
        String hex = Hex.encode(Arrays.copyOfRange(bytes, f.offset(), end));
        return redactor.redact(end < f.end() ? hex + " (truncated: frame ends at " + bytes.length + ")" : hex);
    }

    /** The frame's hex with key fields blanked out, redacted: the hex attachment next to the table. */
    public String hex() {
        byte[] shown = bytes.clone();
        StringBuilder sb = new StringBuilder();
        boolean[] key = new boolean[shown.length];
        for (FieldDescriptor f : fields) {
            if (isKeyKind(f.kind())) {
                for (int i = f.offset(); i < Math.min(f.end(), shown.length); i++) {
                    key[i] = true;
                }
            }
        }
        for (int i = 0; i < shown.length; i++) {
            if (i > 0 && i % 16 == 0) {
                sb.append('\n');
            } else if (i > 0) {
                sb.append(' ');
            }
            sb.append(key[i] ? "**" : Hex.encode(new byte[] {shown[i]}));
        }
        return redactor.redact(sb.toString());
    }

    /** A GitHub-flavoured Markdown table (Allure shows text/markdown attachments as text). */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("| field | offset | length | kind | value |\n");
        sb.append("|---|---:|---:|---|---|\n");
        for (FieldDescriptor f : fields) {
            sb.append("| ").append(md(f.name())).append(" | ").append(f.offset()).append(" | ").append(f.length())
                    .append(" | ").append(kind(f)).append(" | ").append(md(value(f))).append(" |\n");
        }
        String gap = uncovered();
        if (!gap.isEmpty()) {
            sb.append("\n").append(gap).append('\n');
        }
        return redactor.redact(sb.toString());
    }

    /** A self-contained HTML page holding the table; Allure shows text/html attachments rendered in the test's page. */
    public String html(String caption) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>"
                + "table{border-collapse:collapse;font-family:monospace}"
                + "th,td{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
                + "td:nth-child(2),td:nth-child(3){text-align:right}td:last-child{word-break:break-all}"
                + "caption{text-align:left;font-weight:bold;padding-bottom:4px}"
                + "</style></head><body>\n");
        sb.append("<table>\n");
        if (caption != null) {
            sb.append("<caption>").append(esc(caption)).append("</caption>\n");
        }
        sb.append("<tr><th>field</th><th>offset</th><th>length</th><th>kind</th><th>value</th></tr>\n");
        for (FieldDescriptor f : fields) {
            sb.append("<tr><td>").append(esc(f.name())).append("</td><td>").append(f.offset())
                    .append("</td><td>").append(f.length()).append("</td><td>").append(esc(kind(f)))
                    .append("</td><td>").append(esc(value(f))).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        String gap = uncovered();
        if (!gap.isEmpty()) {
            sb.append("<p>").append(esc(gap)).append("</p>\n");
        }
        sb.append("</body></html>\n");
        return redactor.redact(sb.toString());
    }

    private static String kind(FieldDescriptor f) {
        String k = f.kind().name();
        return f.order() == java.nio.ByteOrder.LITTLE_ENDIAN && f.length() > 1 ? k + " (LE)" : k;
    }

    private String uncovered() {
        int covered = 0;
        for (FieldDescriptor f : fields) {
            covered = Math.max(covered, f.end());
        }
        if (covered < bytes.length) {
            return "Bytes " + covered + ".." + (bytes.length - 1) + " are not described by any field: "
                    + redactor.redact(Hex.encode(Arrays.copyOfRange(bytes, covered, bytes.length)));
        }
        return "";
    }

    private static String md(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
