package dev.ampbench.bench.suites;

import org.opentest4j.AssertionFailedError;

/**
 * How a suite says a DUT broke a rule: an assertion failure whose message starts with the rule id, so reports
 * categorize it as a protocol violation and name the rule.
 */
public final class Verdicts {
    private Verdicts() {
    }

    public static AssertionFailedError broken(String ruleId, String what) {
        return new AssertionFailedError(ruleId + " broken: " + what);
    }

    public static void require(boolean ok, String ruleId, String what) {
        if (!ok) {
            throw broken(ruleId, what);
        }
    }
}
