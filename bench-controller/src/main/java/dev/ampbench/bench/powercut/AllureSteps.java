package dev.ampbench.bench.powercut;

import dev.ampbench.bench.report.Evidence;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes each campaign result as its own Allure test result as soon as it is known: suite "power-cut PROFILE
 * ROLE", the step as the name, the rule as the {@code rule} label (and tag), the exact step in the failure message,
 * and the cycle, trigger and event-to-switch delay as parameters. The lifecycle (from
 * {@link dev.ampbench.bench.report.AllureResults}) redacts registered secrets before anything reaches disk.
 */
public final class AllureSteps {
    private final AllureLifecycle lifecycle;

    public AllureSteps(AllureLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    public void step(StepResult r) {
        String uuid = UUID.randomUUID().toString();
        String suite = "power-cut " + r.profile().id() + " " + r.role().cliName();
        List<Label> labels = new ArrayList<>();
        labels.add(new Label().setName("suite").setValue(suite));
        labels.add(new Label().setName("parentSuite").setValue("power-cut campaigns"));
        labels.add(new Label().setName("feature").setValue(r.profile().id()));
        if (r.rule() != null) {
            labels.add(new Label().setName(Evidence.RULE_LABEL).setValue(r.rule()));
            labels.add(new Label().setName("tag").setValue(r.rule()));
        }
        List<Parameter> params = new ArrayList<>();
        params.add(new Parameter().setName("cycle").setValue(Integer.toString(r.cycle())));
        if (!r.trigger().isEmpty()) {
            params.add(new Parameter().setName("trigger").setValue(r.trigger()));
        }
        if (r.delayNanos() >= 0) {
            params.add(new Parameter().setName("event-to-switch delay").setValue(
                    String.format("%.1f µs", r.delayNanos() / 1000.0)));
        }
        if (r.landedInside() != null) {
            params.add(new Parameter().setName("cut landed inside the frame").setValue(r.landedInside().toString()));
        }
        Status status = switch (r.verdict()) {
            case PASSED -> Status.PASSED;
            case FAILED -> Status.FAILED;
            case BROKEN -> Status.BROKEN;
            case SKIPPED -> Status.SKIPPED;
        };
        String id = suite + " | " + r.step();
        TestResult t = new TestResult().setUuid(uuid).setName(r.step()).setFullName(id)
                .setTestCaseId(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString())
                .setHistoryId(UUID.nameUUIDFromBytes(id.getBytes(StandardCharsets.UTF_8)).toString())
                .setLabels(labels).setParameters(params).setStatus(status)
                .setStatusDetails(new StatusDetails().setMessage(r.verdict() == StepResult.Verdict.PASSED
                        ? r.message() : r.failureText()))
                .setStart(r.startMillis()).setStop(r.stopMillis());
        lifecycle.scheduleTestCase(t);
        lifecycle.startTestCase(uuid);
        lifecycle.stopTestCase(uuid);
        lifecycle.writeTestCase(uuid);
    }
}
