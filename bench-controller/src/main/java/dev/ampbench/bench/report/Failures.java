package dev.ampbench.bench.report;

/**
 * The failures a conformance test throws, worded so that {@code categories.json} sorts them: a protocol violation
 * names the rule id; a crash or hang oracle starts its message with a marker. All are {@link AssertionError}s, so
 * Allure records them as <em>failed</em> (the device's fault). Lab problems are thrown as
 * {@link dev.ampbench.bench.LabFault} instead and recorded as <em>broken</em>. Messages pass through the
 * {@link Redactor}.
 */
public final class Failures {
    /** Starts the message of a failure found by the crash oracle (device reset, watchdog, boot counter moved). */
    public static final String CRASH_MARKER = "CRASH ORACLE:";
    /** Starts the message of a failure found by the hang oracle (device stopped answering while powered). */
    public static final String HANG_MARKER = "HANG ORACLE:";

    private Failures() {
    }

    /** The device broke a numbered rule, e.g. {@code violation("AMP-SEC-R7", "ANonce reused after power cut")}. */
    public static AssertionError violation(String ruleId, String what) {
        return new AssertionError(Redactor.global().redact(ruleId + " violated: " + what));
    }

    public static AssertionError crash(String what) {
        return new AssertionError(Redactor.global().redact(CRASH_MARKER + " " + what));
    }

    public static AssertionError hang(String what) {
        return new AssertionError(Redactor.global().redact(HANG_MARKER + " " + what));
    }
}
