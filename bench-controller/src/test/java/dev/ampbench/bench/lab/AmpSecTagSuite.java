package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AmpSecTagSuite}: see package-info. */
public class AmpSecTagSuite extends dev.ampbench.bench.suites.AmpSecTagSuite {
}
