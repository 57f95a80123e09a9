package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.capture.Captures;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.session.WireSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.DutProviders;
import java.util.Optional;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.bench.report.Evidence;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Rule;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;
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
     * rules it checks and the DUT, and attaches every frame it conducts to its report.
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
        h.deviceLog.clear();
        ProfileCodec codec = Profiles.codec(dut.profile());
        h.testCapture = TestCapture.open(dut);
        dut.conductor().setTestRecorder(f -> Evidence.frame(f.fromDut() ? Direction.FROM_DUT : Direction.TO_DUT,
                dut.profile(), f.bytes(), fieldsOf(codec, f.bytes())));
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
            h.dut.conductor().setTestRecorder(null);
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

    /** The frame's fields, or none when it does not decode (the report then shows its octets undescribed). */
    private static List<FieldDescriptor> fieldsOf(ProfileCodec codec, byte[] bytes) {
        try {
            return codec.decode(bytes).fields();
        } catch (FrameDecodeException e) {
            return List.of();
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

    private static Holder open(DutUnderTest want) {
        for (DutProvider p : DutProviders.current()) {
            try {
                Optional<Dut> d = p.open(want.profile(), want.role());
                if (d.isPresent()) {
                    return withRunCapture(d.get());
                }
            } catch (LabFault f) {
                return new Holder(null, f);
            }
        }
        return new Holder(null, null);
    }

    /**
     * When the run keeps captures ({@link Captures#directory()}), every air frame between the bench and the DUT
     * (each AIR_INJECT and AIR_EMIT on its wire session, conducted or injected directly) goes to
     * {@code <dir>/<dut>.pcapng} as it happens. A capture that cannot be created is a lab fault.
     */
    private static Holder withRunCapture(Dut dut) {
        Optional<java.nio.file.Path> dir = Captures.directory();
        if (dir.isEmpty()) {
            return new Holder(dut, null);
        }
        String name = Redactor.global().redact(dut.name());
        java.nio.file.Path file = dir.get().resolve(Captures.fileName(name));
        try {
            PcapngWriter w = PcapngWriter.create(file);
            var recorder = w.wireRecorder(w.addLink(name, dut.profile(), dut.role()));
            dut.wire().addListener(recorder);
            dut.wire().addSentListener(recorder);
            Holder h = new Holder(dut, null);
            h.runCapture = w;
            return h;
        } catch (IOException e) {
            try {
                dut.close();
            } catch (Exception ignored) {
                // the capture fault is what the user must see
            }
            return new Holder(null, new LabFault("cannot write the capture " + file + ": " + e.getMessage(), e));
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
        /** What the DUT logged and reported during the running test, attached to its report at the end. */
        private final List<String> deviceLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        Holder(Dut dut, LabFault fault) {
            this.dut = dut;
            this.fault = fault;
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
