package dev.ampbench.bench.capture;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import dev.ampbench.bench.conductor.DutProviders;
import dev.ampbench.bench.suites.AiotS9GatewaySuite;
import dev.ampbench.bench.suites.AiotS9TagSuite;
import dev.ampbench.bench.suites.AmpProvGatewaySuite;
import dev.ampbench.bench.suites.AmpProvTagSuite;
import dev.ampbench.bench.suites.AmpSecGatewaySuite;
import dev.ampbench.bench.suites.AmpSecTagSuite;
import dev.ampbench.bench.suites.LoRaWanGatewaySuite;
import dev.ampbench.bench.suites.LoRaWanTagSuite;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Produces the golden captures: the positive tests of each conformance suite (the exchanges a conforming device
 * completes, no tampered frame) run against the emulated DUTs of this module's test providers, whose identities and
 * randomness come from fixed seeds, captured by the bench exactly as {@code ampbench run} captures a lab DUT. The
 * bench's own nonces are fresh each time, so a regenerated file differs in nonces, MICs and timestamps, never in its
 * frame sequence. {@code GoldenCapturesTest} checks that; {@code docs/captures.md} gives the command that rewrites
 * {@code fixtures/captures/}.
 */
final class GoldenCaptures {
    /** One golden capture: which suite's positive tests produce it. */
    record Spec(Profile profile, Role role, Class<?> suite, List<String> positiveTests) {
        String fileName() {
            return profile.id() + "-" + role.cliName() + ".pcapng";
        }

        String dutName() {
            return "emulated-" + profile.id() + "-" + role.cliName();
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec(Profile.AMP_PROV, Role.DEVICE, AmpProvTagSuite.class, List.of("provisioned", "sensorData")),
            new Spec(Profile.AMP_PROV, Role.INFRASTRUCTURE, AmpProvGatewaySuite.class,
                    List.of("provisions", "sensorData")),
            new Spec(Profile.AMP_SEC, Role.DEVICE, AmpSecTagSuite.class, List.of("handshakeAndDataBothWays")),
            new Spec(Profile.AMP_SEC, Role.INFRASTRUCTURE, AmpSecGatewaySuite.class,
                    List.of("handshakeAndDataBothWays")),
            new Spec(Profile.AIOT_S9, Role.DEVICE, AiotS9TagSuite.class,
                    List.of("pagingAuthenticates", "commandsUnderAcceptedPolicies")),
            new Spec(Profile.AIOT_S9, Role.INFRASTRUCTURE, AiotS9GatewaySuite.class,
                    List.of("pagingAuthenticates", "commandRoundTrip")),
            new Spec(Profile.LORAWAN, Role.DEVICE, LoRaWanTagSuite.class, List.of("joins", "dataBothWays")),
            new Spec(Profile.LORAWAN, Role.INFRASTRUCTURE, LoRaWanGatewaySuite.class,
                    List.of("servesJoins", "dataBothWays")));

    private GoldenCaptures() {
    }

    /** Writes every golden capture into {@code outDir}; fails naming any positive test that did not pass. */
    static List<Path> generate(Path outDir) throws IOException {
        Files.createDirectories(outDir);
        List<Path> written = new ArrayList<>();
        for (Spec s : SPECS) {
            Path work = Files.createTempDirectory("golden-" + s.profile().id());
            List<String> failures = new ArrayList<>();
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (String m : s.positiveTests()) {
                selectors.add(selectMethod(s.suite().getName() + "#" + m + "(dev.ampbench.bench.conductor.Dut)"));
            }
            Captures.install(work);
            DutProviders.reset(); // this module's emulated providers, from META-INF/services
            try {
                LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                        .build(), new TestExecutionListener() {
                            @Override
                            public void executionFinished(TestIdentifier id, TestExecutionResult r) {
                                if (id.isTest() && r.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                                    failures.add(id.getDisplayName() + ": " + r.getStatus() + " "
                                            + r.getThrowable().map(Throwable::getMessage).orElse(""));
                                }
                            }
                        });
            } finally {
                Captures.reset();
            }
            if (!failures.isEmpty()) {
                throw new IllegalStateException(s.fileName() + ": positive tests did not pass: " + failures);
            }
            Path produced = work.resolve(Captures.fileName(s.dutName()));
            Path target = outDir.resolve(s.fileName());
            Files.move(produced, target, StandardCopyOption.REPLACE_EXISTING);
            written.add(target);
        }
        return written;
    }

    /** Rewrites fixtures/captures/ (argument: the directory, default {@code fixtures/captures}). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "fixtures/captures");
        for (Path p : generate(out)) {
            System.out.println("wrote " + p);
        }
    }
}
