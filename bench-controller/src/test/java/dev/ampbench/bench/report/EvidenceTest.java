package dev.ampbench.bench.report;

import dev.ampbench.bench.LabFault;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import io.qameta.allure.Allure;
import io.qameta.allure.AllureLifecycle;
import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Evidence with no Allure test case running (a suite helper called from a plain unit test, a tool). */
class EvidenceTest {
    private final List<String> written = new ArrayList<>();
    private AllureLifecycle previous;

    @BeforeEach
    void installEmptyLifecycle() {
        previous = Allure.getLifecycle();
        Allure.setLifecycle(new AllureLifecycle(new AllureResultsWriter() {
            @Override
            public void write(TestResult testResult) {
                written.add("result " + testResult.getName());
            }

            @Override
            public void write(TestResultContainer container) {
                written.add("container");
            }

            @Override
            public void write(String source, InputStream attachment) {
                written.add("attachment " + source);
            }
        }));
    }

    @AfterEach
    void restore() {
        Allure.setLifecycle(previous);
    }

    @Test
    void recordsNothingAndNeverThrowsOutsideATest() {
        Evidence.rule("AMP-SEC-R3", "fresh ANonce");
        Evidence.runParameters("tag-1", "fw", 7L);
        Evidence.frame(Direction.FROM_DUT, Profile.AMP_SEC, new byte[] {1, 2},
                List.of(new FieldDescriptor("Type", 0, 1, FieldKind.TYPE, ByteOrder.BIG_ENDIAN)));
        Evidence.deviceLog(List.of("boot"));
        Evidence.text("transcript", "x");
        assertEquals(List.of(), written);
    }

    @Test
    void stepRunsItsActionAndLetsALabFaultThroughUnchanged() {
        LabFault fault = new LabFault("relay 3 did not click");
        LabFault thrown = assertThrows(LabFault.class, () -> Evidence.step("power on", () -> {
            throw fault;
        }));
        assertSame(fault, thrown);
        int answer = Evidence.step("compute", () -> 42);
        assertEquals(42, answer);
    }

    @Test
    void failuresAreAssertionsWordedForTheCategories() {
        assertEquals("LORAWAN-R4 violated: DevNonce reused",
                Failures.violation("LORAWAN-R4", "DevNonce reused").getMessage());
        assertEquals("CRASH ORACLE: watchdog reset", Failures.crash("watchdog reset").getMessage());
        assertEquals("HANG ORACLE: no answer for 5 s", Failures.hang("no answer for 5 s").getMessage());
    }
}
