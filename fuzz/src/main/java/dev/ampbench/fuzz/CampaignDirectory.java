package dev.ampbench.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Hex;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

/**
 * A campaign's files: {@code journal.json} (where the campaign stands, rewritten atomically about once a second, so
 * a killed campaign resumes with {@code --resume} losing at most a second of cases) and one reproducer per finding
 * in {@code findings/} (seed, case, profile, role, firmware, rule, the frames in hex). See docs/fuzzing.md.
 */
public final class CampaignDirectory implements Campaign.FindingSink {
    public static final String JOURNAL_FORMAT = "ampbench-fuzz-journal/1";
    public static final String REPRODUCER_FORMAT = "ampbench-fuzz-reproducer/1";

    /**
     * What identifies a campaign: a journal resumes only the same campaign.
     *
     * @param targetArgs the command-line options that select the same target again (for the reproducer's command)
     * @param mic        the MIC mode's name ({@code --mic}), which decides the frames a case sends; null in a journal
     *                   written before it was recorded
     * @param seeds      the seed captures the mutation history started from, with their SHA-256 (empty: --no-seeds);
     *                   null in a journal written before they were recorded
     * @param defects    the built-in emulator's defects ({@code --emulator-defect} names, sorted); null in a journal
     *                   written before they were recorded
     */
    public record Header(String profile, String role, long seed, long cases, int shard, int shards, String target,
                         String firmware, String targetArgs, String mic, List<SeedFile> seeds, List<String> defects) {
        public Header {
            seeds = seeds == null ? null : List.copyOf(seeds);
            defects = defects == null ? null : List.copyOf(defects);
        }

        /** A header that records none of the case-deciding options (as journals before they were recorded). */
        public Header(String profile, String role, long seed, long cases, int shard, int shards, String target,
                      String firmware, String targetArgs) {
            this(profile, role, seed, cases, shard, shards, target, firmware, targetArgs, null, null, null);
        }
    }

    /** A seed capture as the journal records it: its path as given and the SHA-256 (hex) of its content. */
    public record SeedFile(String path, String sha256) {
    }

    /** Where a journal says the campaign stands. */
    public record Journal(Header header, long nextCase, long casesRun) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Header header;
    private final BiConsumer<Finding, String> onFinding;
    private final long casesBefore;
    private int written;

    /**
     * @param onFinding   told of each new finding with its reproducer's JSON, after the file is written
     * @param casesBefore cases an earlier run of this campaign already ran (resumed), added to the journal's count
     */
    public CampaignDirectory(Path dir, Header header, long casesBefore,
                             BiConsumer<Finding, String> onFinding)
            throws ConfigError {
        this.dir = dir;
        this.header = header;
        this.onFinding = onFinding;
        this.casesBefore = casesBefore;
        try {
            Files.createDirectories(dir.resolve("findings"));
            try (Stream<Path> s = Files.list(dir.resolve("findings"))) {
                written = (int) s.filter(p -> p.toString().endsWith(".json")).count();
            }
        } catch (IOException e) {
            throw new ConfigError(dir, 0, "cannot create the campaign directory: " + e.getMessage());
        }
    }

    public Path dir() {
        return dir;
    }

    /** The journal of an earlier run in {@code dir}, if there is one. */
    public static Optional<Journal> journal(Path dir) throws ConfigError {
        Path f = dir.resolve("journal.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (!JOURNAL_FORMAT.equals(n.path("format").asText())) {
                throw new ConfigError(f, 0, "not an ampbench fuzz journal (format " + n.path("format") + ")");
            }
            Header h = new Header(n.path("profile").asText(), n.path("role").asText(), n.path("seed").asLong(),
                    n.path("cases").asLong(), n.path("shard").asInt(), n.path("shards").asInt(),
                    n.path("target").asText(), n.path("firmware").asText(), n.path("targetArgs").asText(),
                    n.hasNonNull("mic") ? n.get("mic").asText() : null, seedFiles(n.get("seeds")),
                    n.hasNonNull("defects") ? strings(n.get("defects")) : null);
            return Optional.of(new Journal(h, n.path("nextCase").asLong(), n.path("casesRun").asLong()));
        } catch (IOException e) {
            throw new ConfigError(f, 0, "cannot read the journal: " + e.getMessage());
        }
    }

    private static List<SeedFile> seedFiles(JsonNode a) {
        if (a == null || a.isNull()) {
            return null;
        }
        List<SeedFile> out = new ArrayList<>();
        a.forEach(x -> out.add(new SeedFile(x.path("path").asText(), x.path("sha256").asText())));
        return out;
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        a.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The findings an earlier run saved (enough of each to deduplicate against). */
    public List<Finding> earlierFindings() throws ConfigError {
        List<Finding> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("findings"))) {
            for (Path p : s.filter(x -> x.toString().endsWith(".json")).sorted().toList()) {
                out.add(read(p));
            }
        } catch (IOException e) {
            throw new ConfigError(dir, 0, "cannot read the earlier findings: " + e.getMessage());
        }
        return out;
    }

    /** Reads a reproducer back. */
    public static Finding read(Path p) throws IOException {
        JsonNode n = JSON.readTree(p.toFile());
        if (!REPRODUCER_FORMAT.equals(n.path("format").asText())) {
            throw new IOException(p + " is not an ampbench fuzz reproducer");
        }
        List<Finding.Frame> frames = new ArrayList<>();
        for (JsonNode f : n.path("frames")) {
            frames.add(new Finding.Frame(f.path("from").asText().equals("device"), Hex.decode(f.path("hex").asText())));
        }
        return new Finding(Finding.Oracle.valueOf(n.path("oracle").asText()),
                n.path("rule").isNull() ? null : n.path("rule").asText(), n.path("state").asText(),
                n.path("frameType").asText(), n.path("field").asText(), n.path("case").asLong(),
                n.path("mutation").asText(), frames, n.path("detail").asText());
    }

    @Override
    public void found(Finding f) {
        written++;
        ObjectNode n = JSON.createObjectNode();
        n.put("format", REPRODUCER_FORMAT);
        n.put("profile", header.profile());
        n.put("role", header.role());
        n.put("seed", header.seed());
        n.put("case", f.caseNo());
        n.put("shard", header.shard() + "/" + header.shards());
        n.put("target", header.target());
        n.put("firmware", header.firmware());
        n.put("targetArgs", header.targetArgs());
        n.put("oracle", f.oracle().name());
        if (f.rule() == null) {
            n.putNull("rule");
        } else {
            n.put("rule", f.rule());
        }
        n.put("state", f.state());
        n.put("frameType", f.frameType());
        n.put("field", f.field());
        n.put("mutation", f.mutation());
        n.put("detail", f.detail());
        ArrayNode frames = n.putArray("frames");
        for (Finding.Frame fr : f.frames()) {
            frames.addObject().put("from", fr.fromDevice() ? "device" : "bench").put("hex", Hex.encode(fr.bytes()));
        }
        String base = String.format("%03d-%s-%s", written, f.oracle().name().toLowerCase().replace('_', '-'),
                f.rule() == null ? "no-rule" : f.rule());
        try {
            n.put("capture", capture(dir.resolve("findings").resolve(base + ".pcapng"), f));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save the capture of " + base + ": " + e.getMessage(), e);
        }
        n.put("replay", "ampbench fuzz --profile " + header.profile()
                + (Role.DEVICE.cliName().equals(header.role()) ? "" : " --role " + header.role())
                + " --seed " + header.seed() + " --case " + f.caseNo()
                + (header.shards() > 1 ? " --shard " + header.shard() + "/" + header.shards() : "")
                + (header.targetArgs().isEmpty() ? "" : " " + header.targetArgs()));
        String name = base + ".json";
        String json;
        try {
            write(dir.resolve("findings").resolve(name), n);
            json = JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot save the reproducer " + name + ": " + e.getMessage(), e);
        }
        onFinding.accept(f, json);
    }

    @Override
    public void progress(long nextCase, long casesRun, Map<String, Long> counts) {
        ObjectNode n = JSON.createObjectNode();
        n.put("format", JOURNAL_FORMAT);
        n.put("profile", header.profile());
        n.put("role", header.role());
        n.put("seed", header.seed());
        n.put("cases", header.cases());
        n.put("shard", header.shard());
        n.put("shards", header.shards());
        n.put("target", header.target());
        n.put("firmware", header.firmware());
        n.put("targetArgs", header.targetArgs());
        if (header.mic() != null) {
            n.put("mic", header.mic());
        }
        if (header.seeds() != null) {
            ArrayNode a = n.putArray("seeds");
            header.seeds().forEach(f -> a.addObject().put("path", f.path()).put("sha256", f.sha256()));
        }
        if (header.defects() != null) {
            ArrayNode a = n.putArray("defects");
            header.defects().forEach(a::add);
        }
        n.put("nextCase", nextCase);
        n.put("casesRun", casesBefore + casesRun);
        ObjectNode c = n.putObject("findingCounts");
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.put(e.getKey(), e.getValue()));
        try {
            write(dir.resolve("journal.json"), n);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The case's frames as a pcapng capture (the bench capture format: ampbench's link type, LoRaTap for lorawan),
     * opened by Wireshark with tools/wireshark. The case records no arrival times, so frames are 1 ms apart from the
     * moment of saving. Returns the file's name, relative to the reproducer.
     */
    private String capture(Path file, Finding f) throws IOException {
        Profile p = Profile.byId(header.profile()).orElseThrow();
        long t = System.currentTimeMillis() * 1_000_000L;
        try (PcapngWriter w = PcapngWriter.create(file)) {
            Role role = Role.INFRASTRUCTURE.cliName().equals(header.role()) ? Role.INFRASTRUCTURE : Role.DEVICE;
            PcapngWriter.Link link = w.addLink("fuzz " + p.id() + " " + header.role(), p, role);
            for (Finding.Frame fr : f.frames()) {
                w.write(link, fr.fromDevice() ? Direction.FROM_DUT : Direction.TO_DUT, t, fr.bytes());
                t += 1_000_000L;
            }
        }
        return file.getFileName().toString();
    }

    /** Writes through a temporary file and a rename, so a kill never leaves half a file. */
    private static void write(Path target, JsonNode n) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), n);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
