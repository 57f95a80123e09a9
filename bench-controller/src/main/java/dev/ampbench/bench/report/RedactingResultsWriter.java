package dev.ampbench.bench.report;

import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The last gate before anything reaches the results directory: test results and containers are redacted like
 * {@link RedactingLifecycleListener} does, and every attachment too, including those written with Allure's own
 * API. An attachment that is UTF-8 text is redacted as text (every spelling of a secret in hex); any attachment
 * then has raw occurrences of a secret's bytes overwritten with zeros.
 */
public final class RedactingResultsWriter implements AllureResultsWriter {
    private final AllureResultsWriter delegate;
    private final Redactor redactor;

    public RedactingResultsWriter(AllureResultsWriter delegate, Redactor redactor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    @Override
    public void write(TestResult result) {
        ResultRedaction.redact(result, redactor);
        delegate.write(result);
    }

    @Override
    public void write(TestResultContainer container) {
        ResultRedaction.redact(container, redactor);
        delegate.write(container);
    }

    @Override
    public void write(String source, InputStream attachment) {
        byte[] data;
        try (InputStream in = attachment) {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read attachment " + source, e);
        }
        delegate.write(source, new ByteArrayInputStream(redact(data)));
    }

    byte[] redact(byte[] data) {
        byte[] out = data;
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
            String redacted = redactor.redact(text);
            if (!redacted.equals(text)) {
                out = redacted.getBytes(StandardCharsets.UTF_8);
            }
        } catch (CharacterCodingException binary) {
            // not text: only the raw bytes below
        }
        return redactor.redactBinary(out);
    }
}
