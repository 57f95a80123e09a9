package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Power through external commands, one per action (e.g. {@code ["ykushcmd", "-d", "1"]} and
 * {@code ["ykushcmd", "-u", "1"]}, or a site's PDU script). Each command is run directly (no shell unless the
 * command names one), with stdin closed, stdout and stderr captured (the first {@value #MAX_CAPTURE} bytes each).
 *
 * <ul>
 *   <li>exit code 0 is success; any other exit code is a {@link LabFault} carrying the exit code and stderr;</li>
 *   <li>a command that runs longer than the timeout is killed with its descendants and is a {@link LabFault};</li>
 *   <li>the optional state command must print {@code on}, {@code off}, {@code 1} or {@code 0} (case and
 *       surrounding blanks ignored) and exit 0; without one, {@link #state()} is {@link PowerState#UNKNOWN}.</li>
 * </ul>
 * {@link #describe()} names only the program, never its arguments (they may hold a PDU password).
 */
public final class CommandSwitch implements PowerSwitch {

    static final int MAX_CAPTURE = 16 * 1024;

    private final List<String> onCommand;
    private final List<String> offCommand;
    private final List<String> stateCommand;
    private final Duration timeout;
    private final Path workingDirectory;

    /**
     * @param stateCommand     may be {@code null}
     * @param workingDirectory where commands run, or {@code null} for the bench's own
     */
    public CommandSwitch(List<String> onCommand, List<String> offCommand, List<String> stateCommand,
                         Duration timeout, Path workingDirectory) {
        this.onCommand = checked(onCommand, "on");
        this.offCommand = checked(offCommand, "off");
        this.stateCommand = stateCommand == null ? null : checked(stateCommand, "state");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.workingDirectory = workingDirectory;
    }

    private static List<String> checked(List<String> command, String what) {
        if (command == null || command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException(what + " command is empty");
        }
        return List.copyOf(command);
    }

    @Override
    public void on() throws LabFault {
        run("on", onCommand);
    }

    @Override
    public void off() throws LabFault {
        run("off", offCommand);
    }

    @Override
    public PowerState state() throws LabFault {
        if (stateCommand == null) {
            return PowerState.UNKNOWN;
        }
        String out = run("state", stateCommand).trim().toLowerCase(Locale.ROOT);
        switch (out) {
            case "on":
            case "1":
                return PowerState.ON;
            case "off":
            case "0":
                return PowerState.OFF;
            default:
                throw new LabFault(describe() + ": state command printed '"
                        + (out.length() > 40 ? out.substring(0, 40) + "..." : out) + "', expected on, off, 1 or 0");
        }
    }

    @Override
    public String describe() {
        return "command " + Path.of(onCommand.get(0)).getFileName();
    }

    /** Runs one command and returns its stdout. */
    private String run(String action, List<String> command) throws LabFault {
        String program = Path.of(command.get(0)).getFileName().toString();
        ProcessBuilder builder = new ProcessBuilder(command);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new LabFault(describe() + ": cannot start " + action + " command " + program + ": "
                    + e.getMessage(), e);
        }
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // stdin is closed on a best-effort basis; the command may not read it at all
        }
        Capture stdout = new Capture(process.getInputStream());
        Capture stderr = new Capture(process.getErrorStream());
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new LabFault(describe() + ": interrupted while running the " + action + " command", e);
        }
        if (!finished) {
            kill(process);
            throw new LabFault(describe() + ": " + action + " command " + program + " did not finish within "
                    + timeout.toMillis() + " ms; killed" + stderrPart(stderr.text()));
        }
        String out = stdout.text();
        String err = stderr.text();
        int exit = process.exitValue();
        if (exit != 0) {
            throw new LabFault(describe() + ": " + action + " command " + program + " exited with " + exit
                    + stderrPart(err));
        }
        return out;
    }

    private static String stderrPart(String err) {
        String e = err.strip();
        return e.isEmpty() ? "" : "; stderr: " + e;
    }

    private static void kill(Process process) {
        // The tree is listed first (a dead parent's children are re-parented and no longer its descendants), then
        // the parent dies before its children, so a shell cannot add "Killed" for its child to the stderr we report.
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads a stream to its end on its own thread, keeping the first {@value #MAX_CAPTURE} bytes. */
    private static final class Capture {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread thread;

        Capture(InputStream in) {
            thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                try (in) {
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        synchronized (bytes) {
                            int keep = Math.min(n, MAX_CAPTURE - bytes.size());
                            if (keep > 0) {
                                bytes.write(buffer, 0, keep);
                            }
                        }
                    }
                } catch (IOException ignored) {
                    // the process went away; what was read is kept
                }
            }, "command-switch-capture");
            thread.setDaemon(true);
            thread.start();
        }

        /** What was read, waiting briefly for the stream to end (a killed grandchild may hold it open). */
        String text() {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
