package dev.ampbench.bench.power;

import dev.ampbench.bench.LabFault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real processes: small sh scripts in a temporary folder that keep the "relay" state in a file. */
class CommandSwitchTest {

    @TempDir
    Path dir;

    private Path script(String name, String body) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        assertTrue(p.toFile().setExecutable(true));
        return p;
    }

    private CommandSwitch relay(Duration timeout) throws IOException {
        Path on = script("relay-on", "echo on > \"$1\"");
        Path off = script("relay-off", "echo off > \"$1\"");
        Path state = script("relay-state", "cat \"$1\" 2>/dev/null || echo off");
        String file = dir.resolve("state").toString();
        return new CommandSwitch(List.of(on.toString(), file), List.of(off.toString(), file),
                List.of(state.toString(), file), timeout, dir);
    }

    @Test
    void commandsSwitchAndTheStateCommandReadsBack() throws Exception {
        CommandSwitch s = relay(Duration.ofSeconds(10));
        assertEquals(PowerState.OFF, s.state());
        s.on();
        assertEquals("on\n", Files.readString(dir.resolve("state")));
        assertEquals(PowerState.ON, s.state());
        s.off();
        assertEquals(PowerState.OFF, s.state());
        assertEquals("command relay-on", s.describe());
    }

    @Test
    void aFailingCommandCarriesExitCodeAndStderr() throws Exception {
        Path bad = script("ykush-fake", "echo 'YKUSH board not found' >&2; exit 3");
        CommandSwitch s = new CommandSwitch(List.of(bad.toString(), "-d", "1", "--password=hunter2"),
                List.of(bad.toString()), null, Duration.ofSeconds(10), null);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertEquals("command ykush-fake: on command ykush-fake exited with 3; stderr: YKUSH board not found",
                f.getMessage());
        assertFalse(s.describe().contains("hunter2"));
        assertEquals(PowerState.UNKNOWN, s.state());
    }

    @Test
    void aHangingCommandIsKilledAtTheTimeout() throws Exception {
        Path hang = script("hang", "echo starting >&2; sleep 30");
        CommandSwitch s = new CommandSwitch(List.of(hang.toString()), List.of(hang.toString()), null,
                Duration.ofMillis(300), null);
        long start = System.nanoTime();
        LabFault f = assertThrows(LabFault.class, s::off);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals("command hang: off command hang did not finish within 300 ms; killed; stderr: starting",
                f.getMessage());
        assertTrue(millis < 10_000, "took " + millis + " ms");
    }

    @Test
    void aMissingProgramIsALabFault() {
        CommandSwitch s = new CommandSwitch(List.of(dir.resolve("no-such-tool").toString()), List.of("true"), null,
                Duration.ofSeconds(5), null);
        LabFault f = assertThrows(LabFault.class, s::on);
        assertTrue(f.getMessage().startsWith("command no-such-tool: cannot start on command no-such-tool: "),
                f.getMessage());
    }

    @Test
    void aStateCommandPrintingNonsenseIsALabFault() throws Exception {
        Path state = script("state", "echo maybe");
        CommandSwitch s = new CommandSwitch(List.of("true"), List.of("true"), List.of(state.toString()),
                Duration.ofSeconds(5), null);
        LabFault f = assertThrows(LabFault.class, s::state);
        assertEquals("command true: state command printed 'maybe', expected on, off, 1 or 0", f.getMessage());
    }

    @Test
    void emptyCommandsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new CommandSwitch(List.of(), List.of("true"), null, Duration.ofSeconds(1), null));
    }
}
