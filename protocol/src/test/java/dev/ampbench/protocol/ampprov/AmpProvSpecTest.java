package dev.ampbench.protocol.ampprov;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.vectors.KnownAnswers;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/protocols/amp-prov.md and the code name the same rules, states, fields and deviations. */
class AmpProvSpecTest {
    static String spec() throws IOException {
        return Files.readString(KnownAnswers.repoRoot().resolve("docs/protocols/amp-prov.md"));
    }

    @Test
    void ruleIdsInTheSpecAreExactlyTheEnum() throws IOException {
        Matcher m = Pattern.compile("(?m)^- \\*\\*(AMP-PROV-R\\d+)\\*\\*").matcher(spec());
        Set<String> inSpec = new TreeSet<>();
        while (m.find()) {
            assertTrue(inSpec.add(m.group(1)), "listed twice: " + m.group(1));
        }
        Set<String> inCode = Arrays.stream(AmpProvRule.values()).map(AmpProvRule::id)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(inCode, inSpec);
    }

    @Test
    void everyFieldNameIsInAFieldTable() throws IOException {
        String spec = spec();
        var frames = java.util.List.of(new ProvBeacon(1, 1).fields(),
                new ProvRequest(1, new byte[8], KdfMode.SLIDES, new byte[8]).fields(),
                new ProvResponse(new byte[8], KdfMode.SLIDES, 1, new byte[8], 1, new byte[8]).fields(),
                new ProvConfirm(1, new byte[8]).fields(),
                new ProtectedFrame(FrameType.REQ_SENSOR_DATA, 1, 1, 0, 1, new byte[1], new byte[8]).fields(),
                new QrPayload(1, new byte[32]).fields());
        for (var fields : frames) {
            for (FieldDescriptor d : fields) {
                assertTrue(spec.contains("| " + d.name() + " | " + d.kind() + " |"), d.name() + " " + d.kind());
            }
        }
    }

    @Test
    void everyStateAndImplementedDeviationIsInTheSpec() throws IOException {
        String spec = spec();
        for (String s : Set.of(AmpProvDevice.PROVISIONING, AmpProvDevice.AWAIT_RESPONSE, AmpProvDevice.NORMAL,
                AmpProvInfrastructure.IDLE, AmpProvInfrastructure.BEACONING, AmpProvInfrastructure.TAG_REGISTERED,
                AmpProvInfrastructure.TAG_ENROLLED, AmpProvInfrastructure.TAG_RESPONDED,
                AmpProvInfrastructure.TAG_PROVISIONED, AmpProvInfrastructure.TAG_REKEY_PENDING)) {
            assertTrue(spec.contains("| " + s + " |") || spec.contains("**" + s + "**"), s);
        }
        for (Deviation d : Deviation.values()) {
            AmpProvRule.brokenBy(d).ifPresent(r -> assertTrue(
                    Pattern.compile("\\| " + d.name() + " \\|.*\\| " + r.id().substring("AMP-PROV-".length()) + " \\|")
                            .matcher(spec).find(), d.name()));
        }
    }
}
