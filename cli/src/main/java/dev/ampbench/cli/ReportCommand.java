package dev.ampbench.cli;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.report.ReportGenerator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ampbench report}: regenerates the HTML report from the Allure results of earlier runs. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Regenerates reports/html/ from reports/allure-results/ (offline).")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--reports", paramLabel = "DIR", description = "the folder holding allure-results/ "
            + "(default: reports/ of the checkout)")
    Path reports;

    @Option(names = "--single-file", description = "one self-contained index.html that opens from file://")
    boolean singleFile;

    @Override
    public Integer call() {
        Path dir = reports != null ? reports.toAbsolutePath()
                : Path.of(System.getProperty("ampbench.root", "")).toAbsolutePath().resolve("reports");
        try {
            ReportGenerator g = ReportGenerator.fromBuild().withReportName("ampbench");
            Path index = singleFile ? g.generateSingleFile(dir.resolve("allure-results"), dir.resolve("html"))
                    : g.generate(dir.resolve("allure-results"), dir.resolve("html"));
            spec.commandLine().getOut().println("report: " + index);
            return Main.OK;
        } catch (ConfigError e) {
            throw new Main.UserError(e.getMessage());
        } catch (LabFault e) {
            throw new Main.LabFault(e.getMessage(), e);
        }
    }
}
