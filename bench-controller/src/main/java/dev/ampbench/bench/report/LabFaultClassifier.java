package dev.ampbench.bench.report;

import dev.ampbench.bench.LabFault;
import io.qameta.allure.listener.TestLifecycleListener;
import io.qameta.allure.model.Status;
import io.qameta.allure.model.StatusDetails;
import io.qameta.allure.model.TestResult;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the "Lab fault" category see subclasses of {@link LabFault} too. Allure's categories match a test's trace
 * by regular expression, and the trace names only the thrown class (say {@code ...power.SwitchTimeout}); so
 * before a broken result is written, the exception classes its trace names (the thrown one and every
 * {@code Caused by:}) are looked up, and if one is a {@code LabFault} the line
 * {@value #MARKER_PREFIX}{@code dev.ampbench.bench.LabFault)} is appended to the trace. Registered with Allure
 * through {@code META-INF/services}.
 */
public final class LabFaultClassifier implements TestLifecycleListener {
    static final String MARKER_PREFIX = "(lab fault: ";
    private static final String MARKER = MARKER_PREFIX + LabFault.class.getName() + ")";
    private static final Pattern THROWABLE_LINE =
            Pattern.compile("^(?:Caused by: )?([\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*)(?::|$)",
                    Pattern.MULTILINE);

    @Override
    public void beforeTestWrite(TestResult result) {
        StatusDetails details = result.getStatusDetails();
        if (result.getStatus() != Status.BROKEN || details == null || details.getTrace() == null) {
            return;
        }
        String trace = details.getTrace();
        if (trace.contains(MARKER) || !namesALabFault(trace)) {
            return;
        }
        details.setTrace(trace + (trace.endsWith("\n") ? "" : "\n") + MARKER + "\n");
    }

    static boolean namesALabFault(String trace) {
        Matcher m = THROWABLE_LINE.matcher(trace);
        while (m.find()) {
            String name = m.group(1);
            if (name.equals(LabFault.class.getName())) {
                return true;
            }
            if (!name.contains(".")) {
                continue;
            }
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                Class<?> c = Class.forName(name, false, loader != null ? loader : LabFault.class.getClassLoader());
                if (LabFault.class.isAssignableFrom(c)) {
                    return true;
                }
            } catch (ClassNotFoundException | LinkageError notAClass) {
                // a line of a message that happens to look like a class name
            }
        }
        return false;
    }
}
