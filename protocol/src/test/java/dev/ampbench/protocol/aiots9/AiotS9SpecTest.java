package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The spec docs/protocols/aiot-s9.md and the code name the same rules, fields and states. */
class AiotS9SpecTest {
    private static String spec() throws IOException {
        return Files.readString(KnownAnswers.repoRoot().resolve("docs/protocols/aiot-s9.md"));
    }

    @Test
    void everyRuleInTheSpecIsAConstantAndViceVersa() throws IOException {
        String spec = spec();
        Set<String> listed = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^- \\*\\*(AIOT-S9-R\\d+)\\*\\* ").matcher(spec);
        while (m.find()) {
            assertTrue(listed.add(m.group(1)), "listed twice: " + m.group(1));
        }
        Set<String> mentioned = new TreeSet<>();
        Matcher any = Pattern.compile("AIOT-S9-R\\d+").matcher(spec);
        while (any.find()) {
            mentioned.add(any.group());
        }
        Set<String> constants = Arrays.stream(AiotS9Rule.values()).map(AiotS9Rule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(constants, listed);
        assertEquals(constants, mentioned, "the spec mentions a rule it does not list");
    }

    @Test
    void everyFieldNameOfTheCodecAppearsInTheSpecsFieldTables() throws IOException {
        String spec = spec();
        List<Frame> samples = List.of(
                new Paging(IdMode.ENCRYPTED_ID, new byte[8], new byte[8], new byte[8]),
                new PagingResponse(IdMode.TEMPORARY_ID, new byte[8], SecurityPolicy.NONE, new byte[8], new byte[8]),
                new Command(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY, new byte[8], new byte[8], new byte[1],
                        new byte[8]),
                new CommandResponse(IdMode.TEMPORARY_ID, SecurityPolicy.INTEGRITY, new byte[8], new byte[8],
                        new byte[1], new byte[8]));
        for (Frame f : samples) {
            String table = section(spec, " " + f.type() + " (Type 0x");
            for (FieldDescriptor d : f.fields()) {
                String offset = "(" + d.offset() + "|19\\+n)";
                String size = "(" + d.length() + "|n \\(0\\.\\.64\\)|8 \\(0 under NONE\\))";
                Pattern row = Pattern.compile("(?m)^\\| " + offset + " \\| " + size + " \\| [^|]*\\| "
                        + d.name() + " \\| " + d.kind() + " \\|");
                assertTrue(row.matcher(table).find(), f.type() + ": no table row for " + d);
            }
        }
    }

    /** The text of the "###" section whose heading contains {@code heading}. */
    private static String section(String spec, String heading) {
        int at = spec.indexOf(heading);
        assertTrue(at >= 0 && spec.lastIndexOf("### ", at) >= 0, "no section " + heading);
        int end = spec.indexOf("\n#", at);
        return spec.substring(at, end < 0 ? spec.length() : end);
    }

    @Test
    void theStatesOfBothMachinesAreNamedInTheSpec() throws IOException {
        String spec = spec();
        for (AiotS9Device.State s : AiotS9Device.State.values()) {
            assertTrue(spec.contains("| " + s.name() + " |"), s.name());
        }
        for (AiotS9Infrastructure.State s : AiotS9Infrastructure.State.values()) {
            assertTrue(spec.contains("| " + s.name() + " |"), s.name());
        }
    }
}
