/**
 * Allure results and the offline HTML report: everything between the conformance suites and a report a lab
 * engineer can act on ({@code docs/reports.md}).
 * <ul>
 *   <li>{@link dev.ampbench.bench.report.Evidence} - what suites call: steps, frames as field tables and hex,
 *       device logs, the rule checked, run parameters; {@link dev.ampbench.bench.report.Failures} - the failures
 *       they throw, worded for the categories.</li>
 *   <li>{@link dev.ampbench.bench.report.AllureResults} - opens a results directory with
 *       {@code environment.properties} ({@link dev.ampbench.bench.report.RunEnvironment}) and
 *       {@code categories.json}, and installs the redacting Allure lifecycle.</li>
 *   <li>{@link dev.ampbench.bench.report.Redactor} - removes registered secrets from everything written;
 *       {@link dev.ampbench.bench.report.RedactingLifecycleListener} and
 *       {@link dev.ampbench.bench.report.RedactingResultsWriter} apply it to results and attachments;
 *       {@link dev.ampbench.bench.report.LabFaultClassifier} lets LabFault subclasses reach the Lab fault
 *       category.</li>
 *   <li>{@link dev.ampbench.bench.report.ReportGenerator} - runs the Allure commandline unpacked by the build to
 *       write the HTML, with no network.</li>
 * </ul>
 */
package dev.ampbench.bench.report;
