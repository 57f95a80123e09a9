/**
 * Maven entry points of the conformance suites. The suites live in main code (the command line runs them), and
 * Surefire only runs classes it finds among the test classes; each class here is an empty subclass with the suite's
 * simple name, so
 *
 * <pre>
 * mvn -pl bench-controller -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=AmpSecTagSuite \
 *     -Dampbench.inventory=lab.yaml -Dampbench.dut=NAME -Dampbench.manifest.passphraseFile=F
 * </pre>
 *
 * runs that suite against the inventory's DUT ({@link dev.ampbench.bench.conductor.SystemPropertyDutProvider}), and
 * without the {@code ampbench.*} properties against the test classpath's emulator providers. Their names match none
 * of Surefire's default includes ({@code *Test}, {@code Test*}, {@code *Tests}, {@code *TestCase}), so
 * {@code mvn verify} does not run them twice.
 */
package dev.ampbench.bench.lab;
