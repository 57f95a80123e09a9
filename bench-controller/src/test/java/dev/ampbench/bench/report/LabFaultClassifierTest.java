package dev.ampbench.bench.report;

import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabFaultClassifierTest {
    private static final String SUBCLASS = "dev.ampbench.bench.report.SyntheticSuite$PortVanished";

    @Test
    void findsLabFaultsThrownOrCausing() {
        assertTrue(LabFaultClassifier.namesALabFault("dev.ampbench.bench.LabFault: relay\n\tat x.Y.z(Y.java:1)\n"));
        assertTrue(LabFaultClassifier.namesALabFault(SUBCLASS + ": gone\n\tat x.Y.z(Y.java:1)\n"));
        assertTrue(LabFaultClassifier.namesALabFault("java.lang.IllegalStateException: wrapped\n\tat a.B.c(B.java:2)\n"
                + "Caused by: " + SUBCLASS + ": gone\n\t... 3 more\n"));
        assertFalse(LabFaultClassifier.namesALabFault("java.lang.NullPointerException\n\tat a.B.c(B.java:2)\n"));
        assertFalse(LabFaultClassifier.namesALabFault("org.opentest4j.AssertionFailedError: AMP-SEC-R1 violated\n"));
        assertFalse(LabFaultClassifier.namesALabFault("no.such.Clazz: x\n"));
    }

    @Test
    void marksOnlyBrokenResultsAndOnlyOnce() {
        TestResult broken = result(Status.BROKEN, SUBCLASS + ": gone\n\tat x.Y.z(Y.java:1)");
        new LabFaultClassifier().beforeTestWrite(broken);
        new LabFaultClassifier().beforeTestWrite(broken);
        assertEquals(SUBCLASS + ": gone\n\tat x.Y.z(Y.java:1)\n(lab fault: dev.ampbench.bench.LabFault)\n",
                broken.getStatusDetails().getTrace());

        TestResult failed = result(Status.FAILED, SUBCLASS + ": gone\n");
        new LabFaultClassifier().beforeTestWrite(failed);
        assertEquals(SUBCLASS + ": gone\n", failed.getStatusDetails().getTrace());

        TestResult bug = result(Status.BROKEN, "java.lang.NullPointerException\n");
        new LabFaultClassifier().beforeTestWrite(bug);
        assertEquals("java.lang.NullPointerException\n", bug.getStatusDetails().getTrace());
    }

    private static TestResult result(Status status, String trace) {
        return new TestResult().setStatus(status).setStatusDetails(new StatusDetails().setTrace(trace));
    }
}
