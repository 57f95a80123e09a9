package dev.ampbench.bench.report;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Turns an Allure results directory into the offline HTML report by running the Allure commandline (2.32.0, from
 * Maven Central, unpacked by the build into {@code bench-controller/target/allure-commandline/}) as a child
 * process of the running JVM:
 * {@code java -cp <home>/lib/*:<home>/lib/config io.qameta.allure.CommandLine generate <results> -o <html> --clean},
 * with {@code APP_HOME=<home>} as its own launcher script sets it. No network is used.
 */
public final class ReportGenerator {
    /** System property naming the unpacked commandline folder (the one holding {@code lib/} and {@code config/}). */
    public static final String HOME_PROPERTY = "ampbench.allure.home";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);
    private static final String MAIN_CLASS = "io.qameta.allure.CommandLine";
    private static final int OUTPUT_LINES_IN_ERROR = 8;

    private final Path home;
    private final Duration timeout;
    private final String reportName;

    public ReportGenerator(Path home, Duration timeout) {
        this(home, timeout, null);
    }

    private ReportGenerator(Path home, Duration timeout, String reportName) {
        this.home = Objects.requireNonNull(home, "home");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.reportName = reportName;
    }

    /** The same generator, titling the report (shown at the top of the Overview); redacted. */
    public ReportGenerator withReportName(String name) {
        return new ReportGenerator(home, timeout, Redactor.global().redact(name));
    }

    /** The same generator with another time limit. */
    public ReportGenerator withTimeout(Duration limit) {
        return new ReportGenerator(home, limit, reportName);
    }

    /**
     * The commandline the build unpacked: {@value #HOME_PROPERTY} if set, else the single
     * {@code allure-*} folder under {@code bench-controller/target/allure-commandline/} of the checkout (system
     * property {@code ampbench.root}, else the working directory or its parent).
     *
     * @throws ConfigError naming the folder looked in, when there is none
     */
    public static ReportGenerator fromBuild() throws ConfigError {
        String explicit = System.getProperty(HOME_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return new ReportGenerator(Path.of(explicit), DEFAULT_TIMEOUT);
        }
        List<Path> candidates = new ArrayList<>();
        String root = System.getProperty("ampbench.root");
        Path cwd = Path.of("").toAbsolutePath();
        if (root != null && !root.isBlank()) {
            candidates.add(Path.of(root).resolve("bench-controller/target/allure-commandline"));
        }
        candidates.add(cwd.resolve("bench-controller/target/allure-commandline"));
        candidates.add(cwd.resolve("target/allure-commandline"));
        for (Path c : candidates) {
            if (Files.isDirectory(c)) {
                try (Stream<Path> s = Files.list(c)) {
                    List<Path> homes = s.filter(p -> p.getFileName().toString().startsWith("allure-")
                            && Files.isDirectory(p.resolve("lib"))).sorted().toList();
                    if (!homes.isEmpty()) {
                        return new ReportGenerator(homes.get(homes.size() - 1), DEFAULT_TIMEOUT);
                    }
                } catch (IOException e) {
                    throw new ConfigError(c, 0, "cannot list: " + e.getMessage(), e);
                }
            }
        }
        throw new ConfigError(candidates.get(0), 0, "no Allure commandline here; build it with "
                + "'mvn -pl bench-controller -am package -DskipTests' or set -D" + HOME_PROPERTY);
    }

    public Path home() {
        return home;
    }

    /**
     * Generates the HTML report.
     *
     * @throws ConfigError the results directory does not exist, the commandline folder is not one, or the output
     *                     folder holds something other than an earlier report (it is emptied by {@code --clean},
     *                     so anything else in it would be lost)
     * @throws LabFault    the generator could not start, failed, timed out, or left no {@code index.html}
     */
    public Path generate(Path resultsDir, Path htmlDir) throws ConfigError, LabFault {
        return run(resultsDir, htmlDir, false);
    }

    /**
     * Generates the report as one self-contained {@code index.html} (Allure's {@code --single-file}): it opens from
     * the file system in any browser with no web server, and can be mailed or archived as one file. The folder
     * form of {@link #generate} needs a web server (Jenkins' Allure plugin, {@code allure open}, any static
     * server) because browsers refuse to load its data files from {@code file://}.
     */
    public Path generateSingleFile(Path resultsDir, Path htmlDir) throws ConfigError, LabFault {
        return run(resultsDir, htmlDir, true);
    }

    private Path run(Path resultsDir, Path htmlDir, boolean singleFile) throws ConfigError, LabFault {
        if (!Files.isDirectory(resultsDir)) {
            throw new ConfigError(resultsDir, 0, "no Allure results directory here");
        }
        Path lib = home.resolve("lib");
        if (!hasCommandlineJar(lib)) {
            throw new ConfigError(home, 0, "not an Allure commandline folder (no lib/allure-commandline-*.jar)");
        }
        checkOutputFolder(htmlDir);
        Path abs = htmlDir.toAbsolutePath();
        if (abs.startsWith(resultsDir.toAbsolutePath()) || resultsDir.toAbsolutePath().startsWith(abs)) {
            throw new ConfigError(htmlDir, 0, "the report folder and the results directory must not contain each other");
        }

        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp",
                lib.resolve("*") + File.pathSeparator + lib.resolve("config"),
                MAIN_CLASS, "generate", resultsDir.toAbsolutePath().toString(),
                "-o", abs.toString(), "--clean"));
        if (singleFile) {
            command.add("--single-file");
        }
        if (reportName != null) {
            command.add("--name");
            command.add(reportName);
        }
        Path output;
        try {
            output = Files.createTempFile("allure-generate", ".log");
        } catch (IOException e) {
            throw new LabFault("cannot create a temporary file for the report generator's output", e);
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .directory(output.getParent().toFile());
            pb.environment().put("APP_HOME", home.toAbsolutePath().toString());
            Process p;
            try {
                p = pb.start();
            } catch (IOException e) {
                throw new LabFault("cannot start the Allure report generator (" + java + "): " + e.getMessage(), e);
            }
            boolean done;
            try {
                done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new LabFault("interrupted while generating the report", e);
            }
            if (!done) {
                p.destroyForcibly();
                throw new LabFault("the Allure report generator did not finish within " + timeout.toSeconds()
                        + " s; output so far: " + tail(output));
            }
            if (p.exitValue() != 0) {
                throw new LabFault("the Allure report generator exited with " + p.exitValue() + ": " + tail(output));
            }
            if (!Files.isRegularFile(htmlDir.resolve("index.html"))) {
                throw new LabFault("the Allure report generator wrote no index.html into " + htmlDir + ": "
                        + tail(output));
            }
            return htmlDir.resolve("index.html");
        } finally {
            try {
                Files.deleteIfExists(output);
            } catch (IOException ignored) {
                // a leftover temporary log is harmless
            }
        }
    }

    private static boolean hasCommandlineJar(Path lib) {
        if (!Files.isDirectory(lib)) {
            return false;
        }
        try (Stream<Path> s = Files.list(lib)) {
            return s.anyMatch(p -> p.getFileName().toString().matches("allure-commandline-.*\\.jar"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void checkOutputFolder(Path htmlDir) throws ConfigError {
        if (Files.exists(htmlDir) && !Files.isDirectory(htmlDir)) {
            throw new ConfigError(htmlDir, 0, "the report folder is a file");
        }
        if (Files.isDirectory(htmlDir)) {
            try (Stream<Path> s = Files.list(htmlDir)) {
                boolean empty = s.findAny().isEmpty();
                if (!empty && !Files.isRegularFile(htmlDir.resolve("index.html"))) {
                    throw new ConfigError(htmlDir, 0, "the report folder holds files that are not an earlier "
                            + "report; generating would delete them");
                }
            } catch (IOException e) {
                throw new ConfigError(htmlDir, 0, "cannot list: " + e.getMessage(), e);
            }
        }
    }

    private static String tail(Path output) {
        try {
            List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            List<String> last = lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_IN_ERROR), lines.size());
            return Redactor.global().redact(last.isEmpty() ? "(no output)" : String.join(" | ", last));
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
