package dev.ampbench.bench.replay;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a replay did and found: one row per frame (each played frame, each recorded answer, each answer the recording
 * does not have), the timing error of the played frames, and the verdict.
 */
public record ReplayReport(String link, Profile profile, Role deviceRole, ReplaySide side, List<Row> rows,
                           List<Long> timingErrorsNanos) {
    public ReplayReport {
        rows = List.copyOf(rows);
        timingErrorsNanos = List.copyOf(timingErrorsNanos);
    }

    /** How a row came out. */
    public enum Status {
        /** A frame the replay injected. */
        PLAYED,
        /** The device's answer is the recorded one, byte for byte. */
        IDENTICAL,
        /** Every difference is explained by freshness or by the rules (a refused stale frame). */
        EXPLAINED,
        /** The recorded device opened the exchange on a command the capture does not hold: not replayable. */
        SKIPPED,
        /** A difference nothing explains. */
        DIVERGED,
        /** The device broke a rule. */
        BROKEN
    }

    /**
     * @param number         the frame's number in the capture; 0 for an answer the recording does not have
     * @param fromDevice     true for a frame of the device under replay, false for a frame the bench played
     * @param type           the frame type (recorded, or the device's for an extra answer)
     * @param recordedMillis its offset in the recording from the first played frame; NaN when it has none
     * @param actualMillis   its offset in this replay; NaN when there is none (a missing answer)
     * @param rule           the rule id, for {@link Status#BROKEN}
     */
    public record Row(int number, boolean fromDevice, String type, double recordedMillis, double actualMillis,
                      Status status, Optional<String> rule, String note) {
    }

    /** Exit semantics: consistent when no row diverged or broke a rule. */
    public boolean consistent() {
        return rows.stream().noneMatch(r -> r.status() == Status.DIVERGED || r.status() == Status.BROKEN);
    }

    public List<String> brokenRules() {
        return rows.stream().filter(r -> r.status() == Status.BROKEN).map(r -> r.rule().orElse("?")).distinct()
                .toList();
    }

    public long timingErrorMin() {
        return timingErrorsNanos.stream().mapToLong(Long::longValue).min().orElse(0);
    }

    public long timingErrorMax() {
        return timingErrorsNanos.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The median (the lower of the two middle values for an even count). */
    public long timingErrorMedian() {
        List<Long> sorted = new ArrayList<>(timingErrorsNanos);
        sorted.sort(null);
        return sorted.isEmpty() ? 0 : sorted.get((sorted.size() - 1) / 2);
    }

    /** The per-frame table, the timing line and the verdict line. */
    public void print(PrintWriter out) {
        out.printf("%5s  %-12s %-20s %12s %12s  %-9s %s%n", "frame", "direction", "type", "recorded ms", "replay ms",
                "outcome", "why");
        for (Row r : rows) {
            String dir = r.fromDevice() ? "device" : "played";
            out.printf("%5s  %-12s %-20s %12s %12s  %-9s %s%n", r.number() == 0 ? "-" : "#" + r.number(), dir,
                    r.type(), ms(r.recordedMillis()), ms(r.actualMillis()), r.status(),
                    r.rule().map(x -> x + " broken: ").orElse("") + r.note());
        }
        out.printf(Locale.ROOT, "timing error |actual - recorded| over %d played frame(s): min %.3f ms, median %.3f "
                + "ms, max %.3f ms%n", timingErrorsNanos.size(), timingErrorMin() / 1e6, timingErrorMedian() / 1e6,
                timingErrorMax() / 1e6);
        if (consistent()) {
            out.println("verdict: consistent (the device's answers match the recording by structure, or the rules "
                    + "explain every difference)");
        } else if (!brokenRules().isEmpty()) {
            out.println("verdict: the device breaks " + String.join(", ", brokenRules()));
        } else {
            out.println("verdict: the device diverges from the recording where no rule explains it");
        }
        out.flush();
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%+.3f", v);
    }
}
