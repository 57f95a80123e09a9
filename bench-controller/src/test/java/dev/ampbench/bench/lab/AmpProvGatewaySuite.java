package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AmpProvGatewaySuite}: see package-info. */
public class AmpProvGatewaySuite extends dev.ampbench.bench.suites.AmpProvGatewaySuite {
}
