package dev.ampbench.fuzz;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.bench.report.Evidence;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.model.Label;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One Allure result per finding, written into the lifecycle the caller installed ({@code AllureResults.open}): a
 * failed test named by the finding's headline, labelled with its rule (as the conformance suites label theirs), the
 * seed and case as parameters, every frame of the case as a field table, and the reproducer text. Everything passes
 * the report's {@code Redactor}.
 */
public final class AllureFindings {
    private AllureFindings() {
    }

    /** A tag's finding. */
    public static void write(Profile profile, long seed, String device, String firmware, Finding f,
                             String reproducerJson) {
        write(profile, Role.DEVICE, seed, device, firmware, f, reproducerJson);
    }

    /**
     * A finding of a campaign against a device of {@code role}: a gateway's results are a suite of their own
     * ({@code fuzz amp-sec gateway}) and carry the role as a parameter; a tag's keep the names they always had.
     */
    public static void write(Profile profile, Role role, long seed, String device, String firmware, Finding f,
                             String reproducerJson) {
        AllureLifecycle lc = Allure.getLifecycle();
        String uuid = UUID.randomUUID().toString();
        String what = role == Role.DEVICE ? profile.id() : profile.id() + " " + role.cliName();
        List<Label> labels = new ArrayList<>();
        labels.add(new Label().setName("suite").setValue("fuzz " + what));
        labels.add(new Label().setName("subSuite").setValue(f.oracle().name()));
        TestResult tr = new TestResult().setUuid(uuid).setName(f.headline())
                .setFullName("ampbench.fuzz." + what.replace(' ', '.') + "." + f.signature())
                .setHistoryId(Integer.toHexString((what.replace(" ", "") + f.signature()).hashCode()))
                .setStatus(Status.FAILED).setLabels(labels)
                .setStatusDetails(new StatusDetails().setMessage((f.rule() == null ? "" : f.rule() + ": ")
                        + f.detail()));
        lc.scheduleTestCase(tr);
        lc.startTestCase(uuid);
        try {
            if (f.rule() != null) {
                Profiles.rule(f.rule()).ifPresentOrElse(Evidence::rule, () -> Evidence.rule(f.rule(), f.detail()));
            }
            Evidence.runParameters(device, firmware, seed);
            Evidence.parameter("role", role.cliName());
            Evidence.parameter("case", f.caseNo());
            Evidence.parameter("mutation", f.mutation());
            ProfileCodec codec = Profiles.codec(profile);
            for (Finding.Frame fr : f.frames()) {
                Direction d = fr.fromDevice() ? Direction.FROM_DUT : Direction.TO_DUT;
                try {
                    Evidence.frame(d, profile, codec.decode(fr.bytes()));
                } catch (FrameDecodeException e) {
                    Evidence.frame(d, profile, fr.bytes(), List.of());
                }
            }
            lc.addAttachment("reproducer", "application/json", "json",
                    reproducerJson.getBytes(StandardCharsets.UTF_8));
        } finally {
            lc.stopTestCase(uuid);
            lc.writeTestCase(uuid);
        }
    }
}
