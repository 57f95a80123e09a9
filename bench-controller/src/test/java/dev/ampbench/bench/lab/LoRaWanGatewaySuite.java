package dev.ampbench.bench.lab;

/** Maven entry point for {@link dev.ampbench.bench.suites.LoRaWanGatewaySuite}: see package-info. */
public class LoRaWanGatewaySuite extends dev.ampbench.bench.suites.LoRaWanGatewaySuite {
}
