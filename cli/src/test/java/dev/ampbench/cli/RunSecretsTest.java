package dev.ampbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.codec.Hex;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ampbench run writes no key and no concealed identity of the built-in emulator's devices. The aiot-s9 gateway's
 * device log names each tag it authenticates by its permanent DeviceId (the identity ENCRYPTED_ID hides on the air):
 * before the run registered its DUTs' secrets with the report's Redactor, that log reached the Allure results in
 * clear. The secrets are computed here from the seed as the emulator documents it (AiotS9Firmware.identities).
 */
class RunSecretsTest {
    private static final long SEED = 7;

    @TempDir
    Path reports;

    @Test
    void noDeviceIdOrKeyOfTheEmulatedTagsInTheConsoleResultsOrHtml() throws IOException {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"run", "--suite", "aiot-s9-gateway", "--seed", Long.toString(SEED),
                "--reports", reports.toString()}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, out + "" + err);

        List<String> secrets = new ArrayList<>();
        for (AiotS9Personalization p : AiotS9Firmware.identities(SEED, 3)) { // the gateway serves three tags
            secrets.add(Hex.encode(p.deviceId()));
            secrets.add(Hex.encode(p.authKey().bytes()));
        }
        List<Path> files;
        try (var walk = Files.walk(reports)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertTrue(files.size() > 10, "the run wrote no report: " + files);
        StringBuilder leaks = new StringBuilder();
        boolean redactedSeen = false;
        for (Path f : files) {
            String text = read(f).toLowerCase(Locale.ROOT);
            redactedSeen |= text.contains("[redacted deviceid of emulated aiot-s9");
            for (String s : secrets) {
                if (text.contains(s)) {
                    leaks.append(reports.relativize(f)).append(" holds a secret\n");
                }
            }
        }
        String console = (out + "" + err).toLowerCase(Locale.ROOT);
        for (String s : secrets) {
            if (console.contains(s)) {
                leaks.append("the console holds a secret\n");
            }
        }
        assertEquals("", leaks.toString());
        assertTrue(redactedSeen, "the gateway's log of an authenticated tag should show its DeviceId redacted");
    }

    private static String read(Path p) {
        try {
            return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
