package dev.ampbench.bench.suites;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs a conformance suite through the JUnit Platform Launcher, as ampbench run does, and collects its outcomes. */
final class SuiteRun {
    private SuiteRun() {
    }

    /** One test's result: its display name, status and failure message (empty when it passed). */
    record Outcome(String test, TestExecutionResult.Status status, String message) {
    }

    static List<Outcome> outcomes(Class<?> suite) {
        return outcomes(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(suite)).build());
    }

    /** One test method of a suite (a {@code (Dut)} method). */
    static List<Outcome> outcomes(Class<?> suite, String method) {
        return outcomes(LauncherDiscoveryRequestBuilder.request().selectors(selectMethod(suite.getName() + "#" + method
                + "(" + dev.ampbench.bench.conductor.Dut.class.getName() + ")")).build());
    }

    private static List<Outcome> outcomes(LauncherDiscoveryRequest request) {
        List<Outcome> outcomes = new ArrayList<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest()) {
                    synchronized (outcomes) {
                        outcomes.add(new Outcome(id.getDisplayName(), result.getStatus(),
                                result.getThrowable().map(Throwable::getMessage).orElse("")));
                    }
                }
            }
        });
        return outcomes;
    }
}
