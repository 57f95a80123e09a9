package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
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
        c.getTestMethod().map(m -> m.getAnnotation(Checks.class)).ifPresent(checks -> {
            for (String id : checks.value()) {
                Evidence.rule(id, Profiles.rule(id).map(Rule::summary).orElse(""));
            }
        });
        Evidence.parameter("device", dut.name());
        Evidence.parameter("firmware", dut.firmware());
        dut.seed().ifPresent(seed -> Evidence.parameter("seed", seed));
        h.deviceLog.clear();
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

    @Override
    public void afterEach(ExtensionContext c) {
        Holder h = holder(c);
        if (h.dut != null) {
            finishSteps(h, c);
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

    private static Holder open(DutUnderTest want) {
        for (DutProvider p : DutProviders.current()) {
            try {
                Optional<Dut> d = p.open(want.profile(), want.role());
                if (d.isPresent()) {
                    environment(d.get());
                    return new Holder(d.get(), null);
                }
            } catch (LabFault f) {
                return new Holder(null, f);
            }
        }
        return new Holder(null, null);
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
        /** The running test's exchanges, on its own thread. */
        private ExchangeSteps steps;
        /** What the DUT logged and reported during the running test, attached to its report at the end. */
        private final List<String> deviceLog = java.util.Collections.synchronizedList(new java.util.ArrayList<>());

        Holder(Dut dut, LabFault fault) {
            this.dut = dut;
            this.fault = fault;
            if (dut != null) {
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
        }
    }
}
