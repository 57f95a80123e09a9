package dev.ampbench.bench.report;

import io.qameta.allure.model.Attachment;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import io.qameta.allure.model.FixtureResult;

import java.util.List;

/** Passes every text field of an Allure result (names, messages, traces, parameters, labels, steps) through a Redactor. */
final class ResultRedaction {
    private ResultRedaction() {
    }

    static void redact(TestResult t, Redactor r) {
        t.setName(r.redact(t.getName()));
        t.setFullName(r.redact(t.getFullName()));
        t.setTestCaseName(r.redact(t.getTestCaseName()));
        t.setDescription(r.redact(t.getDescription()));
        t.setDescriptionHtml(r.redact(t.getDescriptionHtml()));
        details(t.getStatusDetails(), r);
        labels(t.getLabels(), r);
        links(t.getLinks(), r);
        parameters(t.getParameters(), r);
        attachments(t.getAttachments(), r);
        steps(t.getSteps(), r);
    }

    static void redact(TestResultContainer c, Redactor r) {
        c.setName(r.redact(c.getName()));
        c.setDescription(r.redact(c.getDescription()));
        c.setDescriptionHtml(r.redact(c.getDescriptionHtml()));
        links(c.getLinks(), r);
        fixtures(c.getBefores(), r);
        fixtures(c.getAfters(), r);
    }

    private static void fixtures(List<FixtureResult> fixtures, Redactor r) {
        if (fixtures == null) {
            return;
        }
        for (FixtureResult f : fixtures) {
            f.setName(r.redact(f.getName()));
            f.setDescription(r.redact(f.getDescription()));
            details(f.getStatusDetails(), r);
            parameters(f.getParameters(), r);
            attachments(f.getAttachments(), r);
            steps(f.getSteps(), r);
        }
    }

    private static void steps(List<StepResult> steps, Redactor r) {
        if (steps == null) {
            return;
        }
        for (StepResult s : steps) {
            s.setName(r.redact(s.getName()));
            s.setDescription(r.redact(s.getDescription()));
            details(s.getStatusDetails(), r);
            parameters(s.getParameters(), r);
            attachments(s.getAttachments(), r);
            steps(s.getSteps(), r);
        }
    }

    private static void details(StatusDetails d, Redactor r) {
        if (d != null) {
            d.setMessage(r.redact(d.getMessage()));
            d.setTrace(r.redact(d.getTrace()));
        }
    }

    private static void labels(List<Label> labels, Redactor r) {
        if (labels != null) {
            labels.forEach(l -> l.setValue(r.redact(l.getValue())));
        }
    }

    private static void links(List<Link> links, Redactor r) {
        if (links != null) {
            links.forEach(l -> l.setName(r.redact(l.getName())).setUrl(r.redact(l.getUrl())));
        }
    }

    private static void parameters(List<Parameter> parameters, Redactor r) {
        if (parameters != null) {
            parameters.forEach(p -> p.setName(r.redact(p.getName())).setValue(r.redact(p.getValue())));
        }
    }

    private static void attachments(List<Attachment> attachments, Redactor r) {
        if (attachments != null) {
            attachments.forEach(a -> a.setName(r.redact(a.getName())));
        }
    }
}
