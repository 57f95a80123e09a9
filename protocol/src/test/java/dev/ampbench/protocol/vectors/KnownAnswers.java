package dev.ampbench.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ampbench.protocol.codec.Hex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The published known-answer vectors of {@code ../shared/vectors/known-answers.json}. The shared file is the
 * source of truth; {@code fixtures/vectors/known-answers.json} is a copy for checkouts without {@code shared/}
 * beside them, and {@code KnownAnswersFileTest} fails if the two ever differ.
 */
public final class KnownAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile JsonNode root;

    private KnownAnswers() {
    }

    public static Path repoRoot() {
        String prop = System.getProperty("ampbench.root");
        Path start = prop != null ? Path.of(prop) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the ampbench checkout root above " + start);
    }

    public static Path sharedFile() {
        return repoRoot().resolve("../shared/vectors/known-answers.json").normalize();
    }

    public static Path fixtureFile() {
        return repoRoot().resolve("fixtures/vectors/known-answers.json");
    }

    /** The shared file when present, else the fixture copy. */
    public static Path file() {
        return Files.isRegularFile(sharedFile()) ? sharedFile() : fixtureFile();
    }

    private static JsonNode root() {
        if (root == null) {
            try {
                root = JSON.readTree(file().toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file(), e);
            }
        }
        return root;
    }

    /** Every vector whose {@code algorithm} satisfies the predicate, in file order. */
    public static List<JsonNode> where(Predicate<String> algorithm) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : root().get("vectors")) {
            if (algorithm.test(v.get("algorithm").asText())) {
                out.add(v);
            }
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no vectors matched in " + file());
        }
        return out;
    }

    public static List<JsonNode> startingWith(String algorithmPrefix) {
        return where(a -> a.startsWith(algorithmPrefix));
    }

    public static byte[] hex(JsonNode v, String field) {
        JsonNode n = v.get(field);
        if (n == null) {
            throw new IllegalArgumentException(v.get("id").asText() + " has no field " + field);
        }
        return Hex.decode(n.asText());
    }

    /**
     * A LoRaWAN EUI, DevAddr or NetID as written in the file (most significant byte first), in air order
     * (least significant byte first).
     */
    public static byte[] hexReversed(JsonNode v, String field) {
        byte[] b = hex(v, field);
        for (int i = 0, j = b.length - 1; i < j; i++, j--) {
            byte t = b[i];
            b[i] = b[j];
            b[j] = t;
        }
        return b;
    }
}
