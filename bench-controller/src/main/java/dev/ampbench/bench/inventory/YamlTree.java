package dev.ampbench.bench.inventory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ampbench.bench.ConfigError;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every key and value, so that each error can name the line
 * the user has to fix. Built from Jackson's streaming YAML parser; duplicate keys are refused here.
 */
final class YamlTree {
    private YamlTree() {
    }

    /** A node and the 1-based line it starts on. */
    sealed interface Node permits MapNode, ListNode, ScalarNode {
        int line();

        String kindName();
    }

    /** A key of a mapping with the line the key itself is on, and its value. */
    record Entry(String key, int keyLine, Node value) {
    }

    record MapNode(int line, Map<String, Entry> entries) implements Node {
        @Override
        public String kindName() {
            return "a mapping";
        }
    }

    record ListNode(int line, List<Node> items) implements Node {
        @Override
        public String kindName() {
            return "a list";
        }
    }

    /**
     * A scalar: its text as written (so {@code firmware: 1.20} stays "1.20") and the token Jackson saw, which
     * tells a quoted or plain string from a number, a boolean or null.
     */
    record ScalarNode(int line, String text, JsonToken token) implements Node {
        @Override
        public String kindName() {
            return switch (token) {
                case VALUE_NUMBER_INT -> "an integer";
                case VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "empty (null)";
                default -> "a string";
            };
        }

        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    /**
     * Parses one YAML document. Any syntax problem, a duplicate key, a second document or an empty file is a
     * {@link ConfigError} naming the file and line.
     */
    static Node parse(Path file, byte[] content) throws ConfigError {
        try (JsonParser p = FACTORY.createParser(content)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                throw new ConfigError(file, 0, "the file is empty");
            }
            Node root = read(file, p, first);
            JsonToken after = p.nextToken();
            if (after != null) {
                throw new ConfigError(file, line(p.currentTokenLocation()),
                        "more than one YAML document; an inventory is one document");
            }
            return root;
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof MarkedYAMLException m && m.getProblemMark() != null) {
                // SnakeYAML's problem mark is where the mistake is; Jackson reports the start of its context
                throw new ConfigError(file, m.getProblemMark().getLine() + 1, "not valid YAML: "
                        + firstLine(m.getProblem()) + (m.getContext() == null ? "" : " (" + firstLine(m.getContext())
                        + (m.getContextMark() == null ? "" : " on line " + (m.getContextMark().getLine() + 1)) + ")"));
            }
            JsonLocation loc = e.getLocation();
            throw new ConfigError(file, loc == null ? 0 : line(loc), "not valid YAML: "
                    + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigError(file, 0, "cannot read: " + e.getMessage());
        } catch (RuntimeException e) {
            // SnakeYAML occasionally reports a malformed document with an unchecked exception of its own.
            throw new ConfigError(file, 0, "not valid YAML: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static Node read(Path file, JsonParser p, JsonToken t) throws IOException, ConfigError {
        int line = line(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
                    if (k != JsonToken.FIELD_NAME) {
                        throw new ConfigError(file, line(p.currentTokenLocation()), "malformed mapping");
                    }
                    String key = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    Node value = read(file, p, p.nextToken());
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        throw new ConfigError(file, keyLine, "duplicate key '" + key + "' (first on line "
                                + previous.keyLine() + ")");
                    }
                    entries.put(key, new Entry(key, keyLine, value));
                }
                return new MapNode(line, Collections.unmodifiableMap(entries));
            }
            case START_ARRAY: {
                List<Node> items = new ArrayList<>();
                JsonToken i;
                while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(read(file, p, i));
                }
                return new ListNode(line, List.copyOf(items));
            }
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE, VALUE_NULL,
                    VALUE_EMBEDDED_OBJECT:
                return new ScalarNode(line, t == JsonToken.VALUE_NULL ? "" : p.getText(), t);
            default:
                throw new ConfigError(file, line, "unexpected YAML token " + t);
        }
    }

    static int line(JsonLocation loc) {
        return Math.max(0, loc.getLineNr());
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
