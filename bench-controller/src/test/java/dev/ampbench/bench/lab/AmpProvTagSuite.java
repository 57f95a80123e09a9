package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AmpProvTagSuite}: see package-info. */
public class AmpProvTagSuite extends dev.ampbench.bench.suites.AmpProvTagSuite {
}
