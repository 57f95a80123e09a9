package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.LoRaWanTagSuite}: see package-info. */
public class LoRaWanTagSuite extends dev.ampbench.bench.suites.LoRaWanTagSuite {
}
