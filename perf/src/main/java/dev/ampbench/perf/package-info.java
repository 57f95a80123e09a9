/** JMH benchmarks of ampbench. Run: see docs/performance.md. */
package dev.ampbench.perf;
