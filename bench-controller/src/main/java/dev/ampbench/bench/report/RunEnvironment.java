package dev.ampbench.bench.report;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What the report's Environment panel shows: bench version, device, firmware, profile and the profile's
 * parameters. Written as {@code environment.properties} in the results directory (values redacted).
 *
 * @param parameters further entries in the order given, e.g. {@code seed}, {@code power-cut.offsets}
 */
public record RunEnvironment(String benchVersion, String device, String firmware, String profile,
                             Map<String, String> parameters) {

    public RunEnvironment {
        Objects.requireNonNull(benchVersion, "benchVersion");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(firmware, "firmware");
        Objects.requireNonNull(profile, "profile");
        parameters = new LinkedHashMap<>(parameters);
    }

    @Override
    public Map<String, String> parameters() {
        return new LinkedHashMap<>(parameters);
    }

    /** The entries in file order: the four fixed keys, then the parameters. */
    public Map<String, String> entries() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bench.version", benchVersion);
        m.put("device", device);
        m.put("firmware", firmware);
        m.put("profile", profile);
        parameters.forEach(m::putIfAbsent);
        return m;
    }

    /** The {@code environment.properties} text: one {@code key=value} line per entry, escaped, redacted. */
    public String toProperties(Redactor redactor) {
        StringBuilder sb = new StringBuilder();
        entries().forEach((k, v) -> sb.append(escape(redactor.redact(k), true)).append('=')
                .append(escape(redactor.redact(v), false)).append('\n'));
        return sb.toString();
    }

    private static String escape(String s, boolean key) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '=', ':', '#', '!' -> sb.append('\\').append(c);
                case ' ' -> sb.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
