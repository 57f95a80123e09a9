package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AiotS9GatewaySuite}: see package-info. */
public class AiotS9GatewaySuite extends dev.ampbench.bench.suites.AiotS9GatewaySuite {
}
