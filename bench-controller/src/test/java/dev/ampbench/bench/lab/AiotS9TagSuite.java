package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.AiotS9TagSuite}: see package-info. */
public class AiotS9TagSuite extends dev.ampbench.bench.suites.AiotS9TagSuite {
}
