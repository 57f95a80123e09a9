package dev.ampbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** ampbench run against the built-in emulator, as a lab engineer would start it: verdicts and exit codes. */
class RunCommandTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void theCorrectEmulatorConformsAndExitsZero() {
        Result r = run("run", "--profile", "aiot-s9", "--seed", "1");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("verdict: conforms"), r.out());
        assertTrue(r.out().matches("(?s).*aiot-s9-tag\\s+10\\s+0\\s+0\\s+0.*"), r.out());
    }

    @Test
    void aDefectiveEmulatorBreaksTheRuleAndExitsOne() {
        Result r = run("run", "--suite", "aiot-s9-tag", "--emulator-defect", "mic-not-checked", "--seed", "2");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("AIOT-S9-R5 broken"), r.out());
    }

    @Test
    void usageErrorsExitTwoWithOneLine() {
        for (String[] args : new String[][] {{"run", "--suite", "nope"}, {"run", "--profile", "zigbee"},
                {"run", "--emulator-defect", "gremlins"}}) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
    }
}
