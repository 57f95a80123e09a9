package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** docs/protocols/amp-sec.md and the code name the same rules, fields and states. */
class AmpSecSpecTest {
    private static String spec() throws IOException {
        return Files.readString(KnownAnswers.repoRoot().resolve("docs/protocols/amp-sec.md"));
    }

    @Test
    void everyRuleInTheSpecIsAConstantAndViceVersa() throws IOException {
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^- \\*\\*(AMP-SEC-R\\d+)\\*\\*").matcher(spec());
        while (m.find()) {
            assertTrue(documented.add(m.group(1)), "listed twice: " + m.group(1));
        }
        Set<String> coded = Arrays.stream(AmpSecRule.values()).map(AmpSecRule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(coded, documented);
    }

    @Provide
    Arbitrary<Frame> frames() {
        return FrameArbitraries.frames();
    }

    @Property(tries = 100)
    void everyFieldNameAppearsInTheSpecsFieldTables(@ForAll("frames") Frame frame) throws IOException {
        String spec = spec();
        for (FieldDescriptor d : frame.fields()) {
            assertTrue(spec.contains("| " + d.name() + " | " + d.kind() + " |"),
                    "field table row for " + frame.type() + "." + d.name() + " as " + d.kind());
        }
    }

    @Test
    void everyStateNameAppearsInTheSpec() throws IOException {
        String spec = spec();
        for (String state : new String[] {AmpSecStation.AWAITING_TRIGGER, AmpSecStation.AWAITING_CONFIRM,
                AmpSecStation.ESTABLISHED, AmpSecAccessPoint.IDLE, AmpSecAccessPoint.TRIGGERED}) {
            assertTrue(spec.contains("`" + state + "`"), state);
        }
    }
}
