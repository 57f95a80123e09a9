package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.capture.Captures;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.session.WireSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import dev.ampbench.bench.LabRetry;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.DutProviders;
import java.util.Optional;
import dev.ampbench.bench.conductor.DutParameters;
import dev.ampbench.bench.report.AllureResults;
import dev.ampbench.bench.report.Evidence;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

/**
 * Resolves a {@link Dut} parameter for a suite annotated with {@link DutUnderTest}, from the first
 * {@link DutProvider} of {@link DutProviders#current()} that has one, opened once per run and closed after it.
 *
 * <p>Verdicts: a DUT that cannot be reached is a lab fault, and a {@link LabFault} thrown anywhere in a test makes it
 * <em>broken</em> (JUnit: failed with a non-assertion exception; Allure: broken, category "Lab fault"), never
 * failed; a suite whose profile and role no provider offers is skipped with a message saying so.
 */
public final class DutExtension implements BeforeEachCallback, AfterEachCallback, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(DutExtension.class);

    /**
     * Opens the DUT before the first test of the suite. When the lab cannot, every test ends with that
     * {@link LabFault}: broken, never failed (only an assertion naming a rule fails a test). Labels the test with the
     * rules it checks, the DUT and its seed, and records each exchange as a step with its frames inside.
     */
    @Override
    public void beforeEach(ExtensionContext c) throws LabFault {
        Holder h = holder(c);
        if (h.fault != null) {
            throw h.fault;
        }
        if (h.dut == null) {
            throw new TestAbortedException("no device under test offers " + key(want(c))
                    + " (no DutProvider has one)");
        }
        Dut dut = h.dut;
        if (!h.retried.isEmpty()) {
            // The lab stumbled before this suite's DUT opened; the verdict stands, the report says so.
            Evidence.parameter("lab retries", h.retried.size());
            Evidence.text("lab faults retried while opening the DUT", String.join("\n", h.retried) + "\n");
        }
        if (h.runCapture != null && h.runCapture.failure().isPresent()) {
            throw new LabFault("the run's capture of " + dut.name() + " cannot be written: "
                    + h.runCapture.failure().get().getMessage());
        }
        c.getTestMethod().map(m -> m.getAnnotation(Checks.class)).ifPresent(checks -> {
            for (String id : checks.value()) {
                Evidence.rule(id, Profiles.rule(id).map(Rule::summary).orElse(""));
            }
        });
        Evidence.parameter("device", dut.name());
        Evidence.parameter("firmware", dut.firmware());
        dut.seed().ifPresent(seed -> Evidence.parameter("seed", seed));
        h.deviceLog.clear();
        h.testCapture = TestCapture.open(dut);
        startSteps(h);
    }

    /** A step per exchange, its frames inside it (see {@link ExchangeSteps}), for the test about to run. */
    private static void startSteps(Holder h) {
        h.steps = new ExchangeSteps(h.dut.profile());
        h.dut.wire().setTap(h.steps);
        h.dut.conductor().setTestObserver(h.steps);
    }

    private static void finishSteps(Holder h, ExtensionContext c) {
        h.dut.wire().setTap(null);
        h.dut.conductor().setTestObserver(null);
        if (h.steps != null) {
            h.steps.finish(c.getExecutionException().orElse(null));
            h.steps = null;
        }
    }

    /**
     * The running test's own capture (every air frame on the DUT's wire session during the test), in memory until
     * the test ends, then attached to its report.
     */
    private static final class TestCapture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final PcapngWriter writer;
        private final java.util.function.Consumer<WireSession.Received> recorder;

        private TestCapture(Dut dut) throws IOException {
            writer = PcapngWriter.to(bytes);
            recorder = writer.wireRecorder(writer.addLink(Redactor.global().redact(dut.name()), dut.profile(),
                    dut.role()));
        }

        static TestCapture open(Dut dut) {
            try {
                return new TestCapture(dut);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e); // a ByteArrayOutputStream does not fail
            }
        }

        void attach() throws IOException {
            writer.close();
            if (writer.packets() > 0) {
                Evidence.capture("capture (pcapng, " + writer.packets() + " packets)", bytes.toByteArray());
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext c) {
        Holder h = holder(c);
        if (h.dut != null) {
            finishSteps(h, c);
            TestCapture capture = h.testCapture;
            h.testCapture = null;
            if (capture != null) {
                try {
                    capture.attach();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            List<String> lines;
            synchronized (h.deviceLog) {
                lines = List.copyOf(h.deviceLog);
            }
            if (!lines.isEmpty()) {
                Evidence.deviceLog(lines);
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
        return p.getParameter().getType() == Dut.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext c) {
        Holder h = holder(c);
        if (h.dut == null) {
            throw new ParameterResolutionException("no DUT for " + key(want(c))); // beforeEach aborted already
        }
        return h.dut;
    }

    private static DutUnderTest want(ExtensionContext c) {
        Class<?> suite = c.getRequiredTestClass();
        DutUnderTest want = suite.getAnnotation(DutUnderTest.class);
        if (want == null) {
            throw new ParameterResolutionException(suite.getName() + " needs @DutUnderTest to be given a Dut");
        }
        return want;
    }

    private static String key(DutUnderTest want) {
        return want.profile().id() + "/" + want.role().cliName();
    }

    private static Holder holder(ExtensionContext c) {
        DutUnderTest want = want(c);
        return c.getRoot().getStore(NS).getOrComputeIfAbsent(key(want), k -> open(want), Holder.class);
    }

    /**
     * Opening a DUT (its transport, HELLO; an emulator provider starts its device) is retried on a lab fault
     * ({@link LabRetry#DEFAULT}): nothing has been asked of the device yet, so a retry cannot change a verdict.
     */
    private static Holder open(DutUnderTest want) {
        for (DutProvider p : DutProviders.current()) {
            try {
                LabRetry.Outcome<Optional<Dut>> d = LabRetry.DEFAULT.call(() -> p.open(want.profile(), want.role()));
                if (d.value().isPresent()) {
                    environment(d.value().get());
                    return withRunCapture(d.value().get(), d.faults());
                }
            } catch (LabFault f) {
                return new Holder(null, f, List.of());
            }
        }
        return new Holder(null, null, List.of());
    }

    /**
     * When the run keeps captures ({@link Captures#directory()}), every air frame between the bench and the DUT
     * (each AIR_INJECT and AIR_EMIT on its wire session, conducted or injected directly) goes to
     * {@code <dir>/<dut>.pcapng} as it happens. A capture that cannot be created is a lab fault.
     */
    private static Holder withRunCapture(Dut dut, List<String> retried) {
        Optional<java.nio.file.Path> dir = Captures.directory();
        if (dir.isEmpty()) {
            return new Holder(dut, null, retried);
        }
        String name = Redactor.global().redact(dut.name());
        java.nio.file.Path file = dir.get().resolve(Captures.fileName(name));
        try {
            PcapngWriter w = PcapngWriter.create(file);
            var recorder = w.wireRecorder(w.addLink(name, dut.profile(), dut.role()));
            dut.wire().addListener(recorder);
            dut.wire().addSentListener(recorder);
            Holder h = new Holder(dut, null, retried);
            h.runCapture = w;
            return h;
        } catch (IOException e) {
            try {
                dut.close();
            } catch (Exception ignored) {
                // the capture fault is what the user must see
            }
            return new Holder(null, new LabFault("cannot write the capture " + file + ": " + e.getMessage(), e),
                    retried);
        }
    }

    /** The DUT's profile parameters into environment.properties; informational, so it never fails the run. */
    private static void environment(Dut dut) {
        try {
            AllureResults.addEnvironment(DutParameters.of(dut));
        } catch (RuntimeException e) {
            // records of an unexpected type: the suites will say so when they use them
        }
    }

    /** Closed by JUnit with the root store, after the last suite. */
    private static final class Holder implements ExtensionContext.Store.CloseableResource {
        private final Dut dut;
        private final LabFault fault;
        /** The run-level capture of this DUT, or null. */
        private PcapngWriter runCapture;
        /** The running test's own capture, or null between tests. */
        private volatile TestCapture testCapture;
        /** The lab faults met (and retried) while opening the DUT. */
        private final List<String> retried;
        /** The running test's exchanges, on its own thread. */
        private ExchangeSteps steps;
        /** What the DUT logged and reported during the running test, attached to its report at the end. */
        private final List<String> deviceLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        Holder(Dut dut, LabFault fault, List<String> retried) {
            this.dut = dut;
            this.fault = fault;
            this.retried = retried;
            if (dut != null) {
                java.util.function.Consumer<WireSession.Received> toTestCapture = r -> {
                    TestCapture t = testCapture;
                    if (t != null) {
                        t.recorder.accept(r);
                    }
                };
                dut.wire().addListener(toTestCapture);
                dut.wire().addSentListener(toTestCapture);
                dut.wire().addListener(r -> {
                    if (r.message() instanceof WireMessage.Log l) {
                        deviceLog.add("LOG " + l.level() + " " + l.text());
                    } else if (r.message() instanceof WireMessage.Event e) {
                        deviceLog.add("EVENT " + e.kind() + " " + e.name() + (e.detail().isEmpty() ? "" : " (" + e.detail()
                                + ")") + (e.value() != 0 ? " value=" + e.value() : ""));
                    }
                });
            }
        }

        @Override
        public void close() throws Exception {
            if (dut != null) {
                dut.close();
            }
            if (runCapture != null) {
                runCapture.close();
            }
        }
    }
}
