package dev.ampbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs {@code ampbench} as a user does, in this process, for the command tests: its exit code and what it printed. */
final class Cli {
    private Cli() {
    }

    /** What a command did: its exit code, standard output and standard error. */
    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }
}
