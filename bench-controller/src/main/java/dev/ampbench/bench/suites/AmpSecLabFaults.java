package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.session.NoResponse;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * Makes a lab fault met inside an amp-sec test (a supply that does not confirm, a connection that failed, a device
 * that never booted) an aborted test, never a failure. A device that stops answering ({@link NoResponse}) is left
 * as it is: that is evidence about the device, which the suites judge where they provoke it.
 */
public final class AmpSecLabFaults implements TestExecutionExceptionHandler {
    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        if (t instanceof LabFault f && !(t instanceof NoResponse)) {
            throw new TestAbortedException("lab fault: " + f.getMessage(), f);
        }
        throw t;
    }
}
