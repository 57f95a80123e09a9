package dev.ampbench.bench.report;

import dev.ampbench.bench.ConfigError;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.FileSystemResultsWriter;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A results directory being filled by a run: created with {@code environment.properties} and
 * {@code categories.json} in it, and installed as the Allure lifecycle that the allure-junit5 listener and
 * {@link Evidence} write to, behind a {@link RedactingResultsWriter}. Open it before creating the JUnit Platform
 * {@code Launcher} that runs the suites (the listener picks up the lifecycle when the launcher creates it) and close
 * it after the run to restore the previous lifecycle. Results are written as each test ends, so a killed run
 * leaves a valid partial directory.
 */
public final class AllureResults implements AutoCloseable {
    /** The default results directory, relative to the checkout. */
    public static final Path DEFAULT_DIR = Path.of("reports", "allure-results");
    static final String CATEGORIES_RESOURCE = "categories.json";

    /** The results directory the running suites write to, if one is open. */
    private static volatile AllureResults current;

    private final Path dir;
    private final AllureLifecycle lifecycle;
    private final AllureLifecycle previous;
    private RunEnvironment environment;

    private AllureResults(Path dir, AllureLifecycle lifecycle, AllureLifecycle previous, RunEnvironment environment) {
        this.dir = dir;
        this.lifecycle = lifecycle;
        this.previous = previous;
        this.environment = environment;
    }

    /**
     * Adds entries to the open run's {@code environment.properties} (rewritten at once, so a killed run keeps them),
     * e.g. the profile parameters a DUT's HELLO and personalization tell once it is opened. Entries already there
     * keep their first value. Does nothing when no results directory is open (a suite run from an IDE).
     */
    public static void addEnvironment(java.util.Map<String, String> entries) {
        AllureResults r = current;
        if (r == null || entries.isEmpty()) {
            return;
        }
        synchronized (r) {
            java.util.Map<String, String> params = r.environment.parameters();
            entries.forEach(params::putIfAbsent);
            RunEnvironment e = r.environment;
            r.environment = new RunEnvironment(e.benchVersion(), e.device(), e.firmware(), e.profile(), params);
            try {
                write(r.dir.resolve("environment.properties"), r.environment.toProperties(Redactor.global()));
            } catch (ConfigError ignored) {
                // the directory was writable when the run opened it; the entries stay in memory for the next add
            }
        }
    }

    /**
     * Prepares the directory (created if missing; earlier results in it are kept, as Allure merges them) and
     * installs the lifecycle.
     *
     * @throws ConfigError if the directory cannot be created or written (names the path)
     */
    public static AllureResults open(Path dir, RunEnvironment environment) throws ConfigError {
        writeMetadata(dir, environment);
        AllureLifecycle lifecycle = new AllureLifecycle(
                new RedactingResultsWriter(new FileSystemResultsWriter(dir), Redactor.global()));
        AllureLifecycle previous = Allure.getLifecycle();
        Allure.setLifecycle(lifecycle);
        AllureResults r = new AllureResults(dir, lifecycle, previous, environment);
        current = r;
        return r;
    }

    /** Writes {@code environment.properties} and {@code categories.json} into the directory, creating it. */
    public static void writeMetadata(Path dir, RunEnvironment environment) throws ConfigError {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new ConfigError(dir, 0, "cannot create the Allure results directory: " + e.getMessage(), e);
        }
        write(dir.resolve("environment.properties"), environment.toProperties(Redactor.global()));
        write(dir.resolve("categories.json"), categoriesJson());
    }

    /** The categories every ampbench report uses (identical to {@code reports/categories.json}). */
    public static String categoriesJson() {
        try (InputStream in = AllureResults.class.getResourceAsStream(CATEGORIES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("categories.json missing from the bench-controller jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public AllureLifecycle lifecycle() {
        return lifecycle;
    }

    /** Restores the lifecycle that was installed before {@link #open}. */
    @Override
    public void close() {
        if (current == this) {
            current = null;
        }
        if (Allure.getLifecycle() == lifecycle) {
            Allure.setLifecycle(previous);
        }
    }

    private static void write(Path file, String content) throws ConfigError {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigError(file, 0, "cannot write: " + e.getMessage(), e);
        }
    }
}
