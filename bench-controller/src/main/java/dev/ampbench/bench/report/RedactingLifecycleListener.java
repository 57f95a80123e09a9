package dev.ampbench.bench.report;

import io.qameta.allure.listener.ContainerLifecycleListener;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;

/**
 * Registered with Allure through {@code META-INF/services}: just before any test result or container is written,
 * whatever wrote it (the allure-junit5 listener, a suite calling Allure directly), its names, messages, traces,
 * parameters, labels and steps pass through {@link Redactor#global()}. Attachment contents are redacted by
 * {@link Evidence} and by {@link RedactingResultsWriter}.
 */
public final class RedactingLifecycleListener implements TestLifecycleListener, ContainerLifecycleListener {
    @Override
    public void beforeTestWrite(TestResult result) {
        ResultRedaction.redact(result, Redactor.global());
    }

    @Override
    public void beforeContainerWrite(TestResultContainer container) {
        ResultRedaction.redact(container, Redactor.global());
    }
}
