package dev.ampbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule a verdict can cite is specified in docs/protocols, and every specified rule exists in code. */
class RulesDocumentedTest {

    private static String spec(Profile p) throws Exception {
        Path doc = KnownAnswers.repoRoot().resolve("docs/protocols/" + p.id() + ".md");
        assertTrue(Files.isRegularFile(doc), "missing " + doc);
        return Files.readString(doc);
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void ruleIdsInCodeAndSpecAreTheSame(Profile p) throws Exception {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(p.rulePrefix()) + "-R\\d+\\b").matcher(spec(p));
        Set<String> inSpec = new TreeSet<>();
        while (m.find()) {
            inSpec.add(m.group());
        }
        Set<String> inCode = Profiles.rules(p).stream().map(Rule::id).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inCode, inSpec, p.id() + ": rule ids in code vs docs/protocols/" + p.id() + ".md");
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void everyRuleIsDefinedInTheSpecWithASourceOrAReason(Profile p) throws Exception {
        String spec = spec(p);
        for (Rule r : Profiles.rules(p)) {
            Matcher m = Pattern.compile("(?m)^\\s*[-*] \\*\\*" + Pattern.quote(r.id()) + "\\*\\*(.*(?:\\n(?!\\s*[-*] \\*\\*|\\s*$|#).*)*)")
                    .matcher(spec);
            assertTrue(m.find(), r.id() + " has no '- **" + r.id() + "**' definition in the spec");
            String text = m.group(1).toLowerCase();
            assertTrue(text.contains("source") || text.contains("project choice") || text.contains(".txt")
                            || text.contains("ieee") || text.contains("rfc") || text.contains("ts ")
                            || text.contains("lorawan") || text.contains("motion") || text.contains("slide"),
                    r.id() + " names neither its source nor 'Project choice': " + m.group(1));
            assertTrue(!r.summary().isBlank(), r.id() + " has no summary");
        }
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void deviationsMapToRulesOfTheSameProfile(Profile p) {
        for (Deviation d : Deviation.values()) {
            Profiles.ruleBrokenBy(p, d).ifPresent(r ->
                    assertTrue(r.id().startsWith(p.rulePrefix() + "-R"), d + " maps to " + r.id() + " in " + p.id()));
        }
    }
}
