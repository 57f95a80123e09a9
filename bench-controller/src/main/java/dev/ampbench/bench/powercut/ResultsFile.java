package dev.ampbench.bench.powercut;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.report.Redactor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The campaign's JSON-lines results file: one object per line, written and flushed as each result is known, so a
 * campaign killed after hours leaves every result it reached. Kinds: {@code step} (one per cut or check),
 * {@code summary} (one per profile and role). Text passes through the report {@link Redactor}.
 */
public final class ResultsFile implements AutoCloseable {
    public static final String FILE_NAME = "powercut-results.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final BufferedWriter out;
    private final Redactor redactor;

    private ResultsFile(Path file, BufferedWriter out, Redactor redactor) {
        this.file = file;
        this.out = out;
        this.redactor = redactor;
    }

    /** Creates (or truncates) {@code dir/powercut-results.jsonl}. */
    public static ResultsFile create(Path dir, Redactor redactor) throws ConfigError {
        Path file = dir.resolve(FILE_NAME);
        try {
            Files.createDirectories(dir);
            return new ResultsFile(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                    redactor);
        } catch (IOException e) {
            throw new ConfigError(file, 0, "cannot write the power-cut results file: " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void step(StepResult r) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "step");
        o.put("time", Instant.ofEpochMilli(r.stopMillis()).toString());
        o.put("profile", r.profile().id());
        o.put("role", r.role().cliName());
        o.put("cycle", r.cycle());
        o.put("step", r.step());
        o.put("trigger", r.trigger());
        o.put("verdict", r.verdict().name());
        if (r.rule() != null) {
            o.put("rule", r.rule());
        }
        o.put("message", redactor.redact(r.message()));
        if (r.delayNanos() >= 0) {
            o.put("delay_us", r.delayNanos() / 1000.0);
        }
        if (r.landedInside() != null) {
            o.put("landed_inside", r.landedInside());
        }
        o.put("millis", r.stopMillis() - r.startMillis());
        write(o);
    }

    /** One nonce-collection cycle: {@code {"kind":"cycle", ..., "nonces":[hex...], "rule"?, "message"?}}. */
    public synchronized void cycle(ExchangePlan plan, int cycle, java.util.List<String> nonces,
                                   java.util.Optional<ExchangePlan.Violation> found, long millis) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "cycle");
        o.put("time", Instant.now().toString());
        o.put("profile", plan.profile().id());
        o.put("role", plan.role().cliName());
        o.put("cycle", cycle);
        var arr = o.putArray("nonces");
        nonces.forEach(arr::add);
        found.ifPresent(v -> {
            o.put("rule", v.rule());
            o.put("message", redactor.redact(v.message()));
        });
        o.put("millis", millis);
        write(o);
    }

    public synchronized void summary(PowerCutCampaign.Summary s) {
        ObjectNode o = JSON.createObjectNode();
        o.put("kind", "summary");
        o.put("profile", s.plan().profile().id());
        o.put("role", s.plan().role().cliName());
        for (StepResult.Verdict v : StepResult.Verdict.values()) {
            o.put(v.name().toLowerCase(), s.count(v));
        }
        o.put("nonces", s.nonces());
        o.put("distinct_nonces", s.distinctNonces());
        o.put("cuts", s.delaysNanos().size());
        s.delay(0).ifPresent(d -> o.put("delay_min_us", d / 1000.0));
        s.delay(0.5).ifPresent(d -> o.put("delay_median_us", d / 1000.0));
        s.delay(1).ifPresent(d -> o.put("delay_max_us", d / 1000.0));
        o.put("mid_frame_cuts", s.midCuts());
        o.put("mid_frame_landed_inside", s.midLandedInside());
        write(o);
    }

    private void write(ObjectNode o) {
        try {
            out.write(JSON.writeValueAsString(o));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // every line was flushed when written
        }
    }
}
