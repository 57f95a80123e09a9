package dev.ampbench.bench.report;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import io.qameta.allure.Allure;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayInputStream;
import java.util.HexFormat;
import java.util.List;

/**
 * A tiny conformance suite whose tests pass, fail with a rule id, crash, and break on lab faults, each leaving
 * evidence that mentions the secret in several spellings. Run only by {@link ReportPipelineTest} through its own
 * Launcher (configuration parameter {@value #RUN_PARAMETER}); skipped when a build selects it directly.
 */
@ExtendWith(SyntheticSuite.OnlyInsideReportPipelineTest.class)
class SyntheticSuite {
    static final String RUN_PARAMETER = "ampbench.report.synthetic";
    /** Registered with the Redactor by the pipeline test; must never reach the results or the report. */
    static final byte[] SECRET = HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c");
    static final String SECRET_HEX = "2b7e151628aed2a6abf7158809cf4f3c";
    static final byte[] ANONCE_FIRST_BYTES = HexFormat.of().parseHex("5aa5");

    static final class OnlyInsideReportPipelineTest implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(RUN_PARAMETER).isPresent()
                    ? ConditionEvaluationResult.enabled("run by ReportPipelineTest")
                    : ConditionEvaluationResult.disabled("synthetic results for ReportPipelineTest only");
        }
    }

    private static TriggerFrame trigger() {
        byte[] anonce = new byte[AmpSecFormat.NONCE_LENGTH];
        System.arraycopy(ANONCE_FIRST_BYTES, 0, anonce, 0, 2);
        return new TriggerFrame(AmpSecFormat.DEFAULT, HexFormat.of().parseHex("020000000001"),
                HexFormat.of().parseHex("020000000002"), 1, anonce, new byte[0]);
    }

    @Test
    @DisplayName("handshake completes")
    void passes() {
        Evidence.rule("AMP-SEC-R1", "the handshake completes with fresh nonces");
        Evidence.runParameters("emulated tag-7", "fw-2.4.1", 1234L);
        Evidence.parameter("PMK", SECRET_HEX.toUpperCase());
        Evidence.step("send trigger with key " + SECRET_HEX, () ->
                Evidence.frame(Direction.TO_DUT, Profile.AMP_SEC, trigger()));
        Evidence.deviceLog(List.of("boot 3", "pmk=" + SECRET_HEX.replaceAll("(..)(?!$)", "$1:"), "ready"));
        Allure.addAttachment("raw key dump via Allure directly", "text/plain",
                "key " + SECRET_HEX.toUpperCase().replaceAll("(..)(?!$)", "$1 "), "txt");
        byte[] bin = new byte[SECRET.length + 4];
        System.arraycopy(SECRET, 0, bin, 2, SECRET.length);
        bin[0] = (byte) 0xff;
        bin[1] = (byte) 0xfe;
        Allure.addAttachment("binary capture via Allure directly", "application/octet-stream",
                new ByteArrayInputStream(bin), "bin");
    }

    @Test
    @DisplayName("ANonce is fresh after a power cut")
    void failsWithRuleId() {
        Evidence.rule("AMP-SEC-R3", "a new ANonce for every trigger");
        Evidence.frame(Direction.FROM_DUT, Profile.AMP_SEC, trigger());
        throw Failures.violation("AMP-SEC-R3", "ANonce 5aa5... reused after power cut (PTK derived from "
                + SECRET_HEX + ")");
    }

    @Test
    @DisplayName("survives a malformed confirm")
    void crashes() {
        Evidence.rule("AMP-SEC-R7", "every MIC is verified before use");
        throw Failures.crash("boot counter moved 4 -> 5 after malformed Confirm (AMP-SEC-R7 probe)");
    }

    /** A lab fault of a more specific kind, as transports and power switches define them. */
    static final class PortVanished extends LabFault {
        PortVanished(String message) {
            super(message);
        }
    }

    @Test
    @DisplayName("boots after flashing")
    void brokenByALabFaultSubclass() throws LabFault {
        Evidence.rule("AMP-SEC-R2", "only the configured format is accepted");
        throw new PortVanished("/dev/ttyUSB3 vanished while waiting for EVENT BOOT");
    }

    @Test
    @DisplayName("power cut mid-handshake")
    void brokenByLabFault() throws LabFault {
        Evidence.rule("AMP-SEC-R4", "no state kept across power loss");
        Evidence.step("cut power through psu-2", () -> {
            throw new LabFault("power switch psu-2 did not answer *IDN? within 2 s (device key "
                    + SECRET_HEX.toUpperCase() + ")");
        });
    }
}
