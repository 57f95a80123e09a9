package dev.ampbench.bench.audit;

import java.util.List;
import java.util.Optional;

/**
 * What {@link CaptureAuditor} concluded of a capture.
 *
 * @param framesChecked the ampbench-link-type packets judged (LoRaTap copies and foreign link types are not)
 * @param micsVerified  how many MICs verified under the keys given (0 without keys)
 * @param findings      in frame order
 * @param truncatedTail the reader's note when the capture ends inside a block
 */
public record AuditReport(int framesChecked, int micsVerified, List<Finding> findings, Optional<String> truncatedTail) {
    public AuditReport {
        findings = List.copyOf(findings);
    }

    public boolean clean() {
        return findings.isEmpty();
    }
}
