package dev.ampbench.bench.report;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Link;
import io.qameta.allure.model.Parameter;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.StepResult;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the conformance suites call to put evidence into the Allure report of the running test: steps, frames (as
 * a decoded field table and as hex), device logs, the rule the test checks, and the run's parameters. Every name,
 * value and attachment passes through {@link Redactor#global()} before it is recorded.
 *
 * <p>Outside a running test (no Allure test case current) the calls record nothing; they never throw.
 */
public final class Evidence {
    /** Label carrying the rule id; {@code docs/reports.md} explains how to filter on it. */
    public static final String RULE_LABEL = "rule";
    /** Where rule links point, relative to the HTML report in {@code reports/html/}; overridable. */
    public static final String SPEC_BASE_PROPERTY = "ampbench.spec.base";
    private static final String DEFAULT_SPEC_BASE = "../../docs/protocols/";

    private Evidence() {
    }

    /** An action of a step; may throw a checked exception such as {@code LabFault}, which passes through as is. */
    @FunctionalInterface
    public interface Action<E extends Throwable> {
        void run() throws E;
    }

    /** An action of a step that returns a value. */
    @FunctionalInterface
    public interface Computation<T, E extends Throwable> {
        T get() throws E;
    }

    /** Runs the action as a named step; a step that throws is marked failed (assertion) or broken (other). */
    public static <E extends Throwable> void step(String name, Action<E> action) throws E {
        Allure.step(redactor().redact(name), (Allure.ThrowableRunnableVoid) action::run);
    }

    public static <T, E extends Throwable> T step(String name, Computation<T, E> computation) throws E {
        return Allure.step(redactor().redact(name), (Allure.ThrowableRunnable<T>) computation::get);
    }

    /**
     * Opens a step that stays current (what is attached meanwhile goes inside it) until {@link OpenStep#close}; for
     * steps whose name is only known at their end, such as an exchange named for what happened in it. Outside a
     * running test the step records nothing.
     */
    public static OpenStep openStep(String name) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCaseOrStep().isEmpty()) {
            return new OpenStep(lifecycle, null, null);
        }
        String uuid = UUID.randomUUID().toString();
        StepResult result = new StepResult().setName(redactor().redact(name)).setStatus(Status.PASSED)
                .setStart(System.currentTimeMillis());
        lifecycle.startStep(uuid, result);
        return new OpenStep(lifecycle, uuid, result);
    }

    /** A step opened by {@link #openStep}; its status may still change after it closed, until the test ends. */
    public static final class OpenStep {
        private final AllureLifecycle lifecycle;
        private final String uuid;
        private final StepResult result;
        private boolean open;

        private OpenStep(AllureLifecycle lifecycle, String uuid, StepResult result) {
            this.lifecycle = lifecycle;
            this.uuid = uuid;
            this.result = result;
            this.open = uuid != null;
        }

        /** Ends the step with its final name and status ({@code message} null for none). */
        public void close(String name, Status status, String message) {
            if (!open) {
                return;
            }
            open = false;
            lifecycle.updateStep(uuid, s -> {
                s.setName(redactor().redact(name));
                mark(s, status, message);
            });
            lifecycle.stopStep(uuid);
        }

        /** Changes the status of the step after it closed (e.g. once the test's verdict names this exchange). */
        public void mark(Status status, String message) {
            if (result != null) {
                mark(result, status, message);
            }
        }

        public boolean isOpen() {
            return open;
        }

        public String name() {
            return result == null ? "" : result.getName();
        }

        public Status status() {
            return result == null ? null : result.getStatus();
        }

        private static void mark(StepResult s, Status status, String message) {
            s.setStatus(status);
            if (message != null) {
                s.setStatusDetails(new StatusDetails().setMessage(redactor().redact(message)));
            }
        }
    }

    /**
     * Attaches one frame: a decoded field table (HTML, shown inline) and the frame as hex (text).
     *
     * @param fields the frame's descriptors ({@link Frame#fields()}, or a {@code FrameReader}'s for a frame that
     *               decoded only partly)
     */
    public static void frame(Direction direction, Profile profile, byte[] bytes, List<FieldDescriptor> fields) {
        FieldTable table = new FieldTable(bytes, fields, redactor());
        String title = direction.arrow() + " " + profile.id() + " frame (" + bytes.length + " bytes)";
        attach(title + " — fields", "text/html", "html", table.html(title));
        attach(title + " — hex", "text/plain", "txt", table.hex());
    }

    public static void frame(Direction direction, Profile profile, Frame frame) {
        byte[] bytes = frame.encode();
        FieldTable table = new FieldTable(bytes, frame.fields(), redactor());
        String title = direction.arrow() + " " + profile.id() + " " + frame.type() + " (" + bytes.length + " bytes)";
        attach(title + " — fields", "text/html", "html", table.html(title));
        attach(title + " — hex", "text/plain", "txt", table.hex());
    }

    /** Attaches lines the device printed on its console or reported as events. */
    public static void deviceLog(List<String> lines) {
        attach("device log", "text/plain", "txt", String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"));
    }

    /**
     * Attaches the test's own capture (pcapng, {@code docs/captures.md}); opens in Wireshark. Binary, so it is not
     * passed through the redactor: it holds air frames only, and interface names already redacted by the writer's
     * caller.
     */
    public static void capture(String name, byte[] pcapng) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCaseOrStep().isEmpty()) {
            return;
        }
        lifecycle.addAttachment(redactor().redact(name), "application/x-pcapng", "pcapng", pcapng);
    }

    /** Attaches any other text evidence, e.g. a conductor transcript. */
    public static void text(String name, String content) {
        attach(name, "text/plain", "txt", content);
    }

    /**
     * Names the rule the running test checks: a {@value #RULE_LABEL} label and a {@code tag} (shown next to the
     * title, searchable), a {@code story} label (so Allure's Behaviors tab groups by profile, then rule), the
     * profile as {@code feature}, a link to the spec, and "Checks &lt;id&gt;: &lt;summary&gt;" in the description.
     */
    public static void rule(String ruleId, String summary) {
        String id = redactor().redact(ruleId);
        Optional<Profile> profile = Arrays.stream(Profile.values())
                .filter(p -> id.startsWith(p.rulePrefix() + "-")).findFirst();
        AllureLifecycle lifecycle = Allure.getLifecycle();
        lifecycle.updateTestCase(t -> {
            t.getLabels().add(new Label().setName(RULE_LABEL).setValue(id));
            t.getLabels().add(new Label().setName("tag").setValue(id));
            t.getLabels().add(new Label().setName("story").setValue(id + " " + redactor().redact(summary)));
            String checks = "Checks " + id + ": " + redactor().redact(summary);
            t.setDescription(t.getDescription() == null || t.getDescription().isBlank()
                    ? checks : t.getDescription() + "\n\n" + checks);
            profile.ifPresent(p -> {
                t.getLabels().add(new Label().setName("feature").setValue(p.id()));
                t.getLinks().add(new Link().setName(id).setType("rule")
                        .setUrl(System.getProperty(SPEC_BASE_PROPERTY, DEFAULT_SPEC_BASE) + p.id() + ".md"));
            });
        });
    }

    public static void rule(Rule rule) {
        rule(rule.id(), rule.summary());
    }

    /** One parameter of the run (shown under the test's title). */
    public static void parameter(String name, Object value) {
        String v = redactor().redact(String.valueOf(value));
        Allure.getLifecycle().updateTestCase(t -> t.getParameters()
                .add(new Parameter().setName(redactor().redact(name)).setValue(v)));
    }

    /** The parameters every conformance test records: which device, which firmware, which seed replays it. */
    public static void runParameters(String device, String firmware, long seed) {
        parameter("device", device);
        parameter("firmware", firmware);
        parameter("seed", seed);
    }

    private static void attach(String name, String type, String extension, String content) {
        AllureLifecycle lifecycle = Allure.getLifecycle();
        if (lifecycle.getCurrentTestCaseOrStep().isEmpty()) {
            return; // Allure would still write the file, an orphan no report links to
        }
        Redactor r = redactor();
        lifecycle.addAttachment(r.redact(name), type, extension,
                r.redact(content).getBytes(StandardCharsets.UTF_8));
    }

    private static Redactor redactor() {
        return Redactor.global();
    }
}
