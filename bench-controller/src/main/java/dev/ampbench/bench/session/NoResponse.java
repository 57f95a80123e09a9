package dev.ampbench.bench.session;

import dev.ampbench.bench.LabFault;

/**
 * The device answered nothing within the timeout. A lab fault first (port gone, power missing, device hung): the
 * caller decides whether silence is the finding (a fuzzer's hang oracle) or the lab's fault.
 */
public final class NoResponse extends LabFault {
    public NoResponse(String message) {
        super(message);
    }
}
