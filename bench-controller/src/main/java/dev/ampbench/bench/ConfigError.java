package dev.ampbench.bench;

import java.nio.file.Path;

/**
 * A configuration the user wrote is wrong or unreadable (inventory, key manifest, command-line value). Names the
 * file and, where known, the line, so the command line can print it as one clear line. Never contains secrets.
 */
public class ConfigError extends Exception {
    private final Path file;
    private final int line;

    public ConfigError(Path file, int line, String message) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message);
        this.file = file;
        this.line = line;
    }

    public ConfigError(Path file, int line, String message, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + message, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line, or 0 when the whole file is at fault. */
    public int line() {
        return line;
    }
}
