package dev.ampbench.bench.capture;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the run-level captures go: one {@code <dut>.pcapng} per device under test, written as the run conducts it.
 * The command line installs {@code reports/captures/}; a suite run from an IDE or Maven writes none unless the
 * system property {@value #DIRECTORY_PROPERTY} names a directory.
 */
public final class Captures {
    public static final String DIRECTORY_PROPERTY = "ampbench.captures";
    private static volatile Path installed;

    private Captures() {
    }

    public static void install(Path directory) {
        installed = directory;
    }

    public static void reset() {
        installed = null;
    }

    public static Optional<Path> directory() {
        Path p = installed;
        if (p != null) {
            return Optional.of(p);
        }
        String prop = System.getProperty(DIRECTORY_PROPERTY);
        return prop == null || prop.isBlank() ? Optional.empty() : Optional.of(Path.of(prop));
    }

    /** The file name of a DUT's capture: its name with anything but letters, digits, '.', '_' and '-' as '-'. */
    public static String fileName(String dutName) {
        String s = dutName.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^-+|-+$", "");
        return (s.isEmpty() ? "dut" : s) + ".pcapng";
    }
}
