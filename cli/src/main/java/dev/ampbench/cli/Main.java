package dev.ampbench.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ampbench} command. Exit codes, for every subcommand: 0 success / the device conforms, 1 a rule was
 * broken, 2 usage or configuration error, 3 lab fault.
 */
@Command(name = "ampbench", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Hardware-in-the-loop test bench and fuzzer for ambient-power IoT device protocols.",
        subcommands = {RunCommand.class, FuzzCommand.class, EmulateCommand.class, DecodeCommand.class,
                ReportCommand.class, AuditCommand.class, ReplayCommand.class, PowercutCommand.class})
public final class Main implements Runnable {
    public static final int OK = 0;
    public static final int RULE_BROKEN = 1;
    public static final int USAGE = 2;
    public static final int LAB_FAULT = 3;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("ampbench: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof UserError || ex instanceof IllegalArgumentException) {
                err.println("ampbench: " + ex.getMessage());
                return USAGE;
            }
            if (ex instanceof LabFault) {
                err.println("ampbench: lab fault: " + ex.getMessage());
                return LAB_FAULT;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /** A mistake of the user's (a bad option value, an unreadable file): one line, exit 2. */
    public static final class UserError extends RuntimeException {
        public UserError(String message) {
            super(message);
        }
    }

    /** The lab failed, not the device: a port that cannot be opened, a supply that does not answer. Exit 3. */
    public static final class LabFault extends RuntimeException {
        public LabFault(String message, Throwable cause) {
            super(message, cause);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"ampbench " + (v == null ? "development build" : v)};
        }
    }
}
