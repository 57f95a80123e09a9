package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AmpSecGatewaySuite}: see package-info. */
public class AmpSecGatewaySuite extends dev.ampbench.bench.suites.AmpSecGatewaySuite {
}
