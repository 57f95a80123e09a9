package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.crypto.KeyMaterial;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A key manifest: the secrets of a batch of devices, as a CSV encrypted at rest (docs/key-manifest.md). It is
 * decrypted in memory only; ampbench writes manifests only in encrypted form. {@link #toString()} says only how
 * many devices it holds.
 */
public final class KeyManifest {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern SAFE_ECHO = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern HEX_ONLY = Pattern.compile("[0-9A-Fa-f]*");

    private final Path file;
    private final Map<String, ManifestEntry> entries;

    private KeyManifest(Path file, Map<String, ManifestEntry> entries) {
        this.file = file;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and decrypts a manifest. A missing file, a wrong passphrase or key file, a modified file and a
     * malformed CSV row are all {@link ConfigError}s; none of their messages contains a secret.
     */
    public static KeyManifest open(Path file, ManifestKey key) throws ConfigError {
        byte[] container;
        try {
            if (Files.size(file) > ManifestContainer.MAX_FILE) {
                throw new ConfigError(file, 0, "too large for a key manifest (more than "
                        + ManifestContainer.MAX_FILE / (1024 * 1024) + " MiB)");
            }
            container = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file, 0, "no such key manifest");
        } catch (IOException | SecurityException e) {
            throw new ConfigError(file, 0, "cannot read the key manifest (" + e.getClass().getSimpleName() + ")");
        }
        return decrypt(file, container, key);
    }

    /** As {@link #open}, for bytes already in memory; {@code file} names them in errors. */
    public static KeyManifest decrypt(Path file, byte[] container, ManifestKey key) throws ConfigError {
        byte[] csv = ManifestContainer.open(file, container, key);
        try {
            return parseCsv(file, csv);
        } finally {
            Arrays.fill(csv, (byte) 0);
        }
    }

    /**
     * Checks a manifest CSV and encrypts it with the default PBKDF2 iteration count (or the key file). The CSV is
     * checked first so that a device maker learns about a bad row before shipping; {@code source} names it in
     * errors. The result is the only form in which ampbench ever writes a manifest.
     */
    public static byte[] encrypt(Path source, byte[] csv, ManifestKey key) throws ConfigError {
        return encrypt(source, csv, key, ManifestContainer.DEFAULT_ITERATIONS);
    }

    /** As {@link #encrypt(Path, byte[], ManifestKey)} with a chosen PBKDF2 iteration count (100,000..10,000,000). */
    public static byte[] encrypt(Path source, byte[] csv, ManifestKey key, int iterations) throws ConfigError {
        parseCsv(source, csv);
        return ManifestContainer.seal(csv, key, iterations);
    }

    /** Encrypts without checking the CSV: for tests of what {@link #open} does with a bad row. */
    static byte[] encryptUnchecked(byte[] csv, ManifestKey key, int iterations) {
        return ManifestContainer.seal(csv, key, iterations);
    }

    public Path file() {
        return file;
    }

    /** Entries in file order. */
    public List<ManifestEntry> entries() {
        return List.copyOf(entries.values());
    }

    /** The rows of one device: one per profile it implements. */
    public List<ManifestEntry> entries(String id) {
        return entries.values().stream().filter(e -> e.id().equals(id)).toList();
    }

    /** The row of device {@code id} for {@code profile}. */
    public Optional<ManifestEntry> entry(String id, Profile profile) {
        return Optional.ofNullable(entries.get(key(id, profile)));
    }

    /**
     * The row an inventory's secret reference names for one of the DUT's profiles. A missing row is a ConfigError
     * on the inventory's line.
     *
     * @param inventory the inventory file the reference came from
     */
    public ManifestEntry require(Path inventory, SecretRef ref, Profile profile) throws ConfigError {
        ManifestEntry e = entries.get(key(ref.id(), profile));
        if (e == null) {
            throw new ConfigError(inventory, ref.line(), "secrets: " + file + " has no row with id '" + ref.id()
                    + "' and profile " + profile.id());
        }
        return e;
    }

    private static String key(String id, Profile profile) {
        return id + "/" + profile.id(); // ids cannot contain a slash
    }

    @Override
    public String toString() {
        return "KeyManifest[" + file + ", " + entries.size() + " devices, secrets redacted]";
    }

    // --- CSV ----------------------------------------------------------------------------------------------------

    static KeyManifest parseCsv(Path file, byte[] bytes) throws ConfigError {
        char[] text;
        try {
            CharBuffer cb = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            text = new char[cb.remaining()];
            cb.get(text);
            Arrays.fill(cb.array(), '\0');
        } catch (CharacterCodingException e) {
            throw new ConfigError(file, 0, "the decrypted manifest is not UTF-8 text");
        }
        try {
            return parseRecords(file, new CsvReader(file, text));
        } finally {
            Arrays.fill(text, '\0');
        }
    }

    private static KeyManifest parseRecords(Path file, CsvReader reader) throws ConfigError {
        CsvReader.Record header = reader.next();
        if (header == null) {
            throw new ConfigError(file, 0, "the manifest is empty; its first line is the header");
        }
        List<ManifestColumn> columns = new ArrayList<>();
        Map<ManifestColumn, Integer> seen = new EnumMap<>(ManifestColumn.class);
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            int position = i + 1;
            ManifestColumn c = ManifestColumn.byHeader(name).orElseThrow(() -> new ConfigError(file, header.line(),
                    "header: column " + position + echo(name) + " is not a known column (see docs/key-manifest.md;"
                            + " is the first line the header?)"));
            if (seen.put(c, i) != null) {
                throw new ConfigError(file, header.line(), "header: column '" + c.header() + "' appears twice");
            }
            columns.add(c);
        }
        for (ManifestColumn must : List.of(ManifestColumn.ID, ManifestColumn.PROFILE)) {
            if (!seen.containsKey(must)) {
                throw new ConfigError(file, header.line(), "header: missing column '" + must.header() + "'");
            }
        }
        Map<String, ManifestEntry> entries = new LinkedHashMap<>();
        Map<String, Integer> idLines = new HashMap<>();
        CsvReader.Record r;
        while ((r = reader.next()) != null) {
            if (r.fields().size() == 1 && r.fields().get(0).isEmpty()) {
                continue; // a blank line
            }
            ManifestEntry e = row(file, r, columns);
            String key = key(e.id(), e.profile());
            Integer first = idLines.putIfAbsent(key, r.line());
            if (first != null) {
                throw new ConfigError(file, r.line(), "id" + echo(e.id()) + " has a second " + e.profile().id()
                        + " row (first on line " + first + "); a device has one row per profile");
            }
            entries.put(key, e);
        }
        return new KeyManifest(file, entries);
    }

    private static ManifestEntry row(Path file, CsvReader.Record r, List<ManifestColumn> columns)
            throws ConfigError {
        int line = r.line();
        if (r.fields().size() != columns.size()) {
            throw new ConfigError(file, line, "the row has " + r.fields().size() + " fields, the header "
                    + columns.size());
        }
        Map<ManifestColumn, String> cells = new EnumMap<>(ManifestColumn.class);
        for (int i = 0; i < columns.size(); i++) {
            cells.put(columns.get(i), r.fields().get(i).strip());
        }
        String id = cells.get(ManifestColumn.ID);
        if (!NAME.matcher(id).matches()) {
            throw new ConfigError(file, line, "id: " + ManifestColumn.Type.NAME.describe());
        }
        String profileText = cells.get(ManifestColumn.PROFILE);
        Profile profile = Profile.byId(profileText).orElseThrow(() -> new ConfigError(file, line,
                "profile: unknown profile" + echo(profileText) + " (one of "
                        + String.join(", ", Arrays.stream(Profile.values()).map(Profile::id).toList()) + ")"));
        Map<ManifestColumn, KeyMaterial> secrets = new LinkedHashMap<>();
        Map<ManifestColumn, String> identity = new LinkedHashMap<>();
        for (ManifestColumn c : ManifestColumn.values()) {
            if (c.profile().isEmpty()) {
                continue;
            }
            String cell = cells.get(c);
            boolean empty = cell == null || cell.isEmpty();
            if (c.profile().get() != profile) {
                if (!empty) {
                    throw new ConfigError(file, line, c.header() + ": the column belongs to " + c.profile().get().id()
                            + ", and this row is " + profile.id() + "; leave it empty");
                }
                continue;
            }
            if (empty) {
                if (c.required()) {
                    throw new ConfigError(file, line, c.header() + ": required for " + profile.id()
                            + (cell == null ? " (the header has no such column)" : " (the cell is empty)"));
                }
                continue;
            }
            if (c.type().kind() == ManifestColumn.Type.Kind.HEX) {
                byte[] b = hex(file, line, c, cell);
                if (c.secret()) {
                    secrets.put(c, KeyMaterial.of(b));
                    Arrays.fill(b, (byte) 0);
                } else {
                    identity.put(c, cell.toLowerCase(java.util.Locale.ROOT));
                }
            } else if (c.type().kind() == ManifestColumn.Type.Kind.INTEGER) {
                long v;
                if (cell.length() > 18 || !cell.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
                    throw new ConfigError(file, line, c.header() + ": expected " + c.type().describe());
                }
                v = Long.parseLong(cell);
                if (v < c.type().min() || v > c.type().max()) {
                    throw new ConfigError(file, line, c.header() + ": expected " + c.type().describe());
                }
                identity.put(c, Long.toString(v));
            } else {
                if (!c.type().values().contains(cell)) {
                    throw new ConfigError(file, line, c.header() + ":" + echo(cell) + " is not "
                            + c.type().describe());
                }
                identity.put(c, cell);
            }
        }
        crossChecks(file, line, profile, secrets, identity);
        return new ManifestEntry(file, id, profile, line, secrets, identity);
    }

    private static void crossChecks(Path file, int line, Profile profile, Map<ManifestColumn, KeyMaterial> secrets,
                                    Map<ManifestColumn, String> identity) throws ConfigError {
        switch (profile) {
            case AMP_PROV -> {
                if (!secrets.containsKey(ManifestColumn.A_PRIVK) && !identity.containsKey(ManifestColumn.A_PUBK)) {
                    throw new ConfigError(file, line, "amp-prov: give a_privk (to play the tag) or a_pubk (to"
                            + " play the authentication server), or both");
                }
                samePublicKey(file, line, secrets.get(ManifestColumn.A_PRIVK), identity.get(ManifestColumn.A_PUBK),
                        "a_pubk is not the public key of a_privk");
                samePublicKey(file, line, secrets.get(ManifestColumn.AS_PRIVK), identity.get(ManifestColumn.AS_PUBK),
                        "as_pubk is not the public key of as_privk");
            }
            case AMP_SEC -> {
                String aa = identity.get(ManifestColumn.AA);
                if (aa != null && aa.length() != identity.get(ManifestColumn.SA).length()) {
                    throw new ConfigError(file, line, "aa and sa must have the same length (the deployment's"
                            + " address length)");
                }
            }
            case LORAWAN -> {
                KeyMaterial nwk = secrets.get(ManifestColumn.NWK_KEY);
                if ("1.1".equals(identity.get(ManifestColumn.LORAWAN_VERSION)) && nwk == null) {
                    throw new ConfigError(file, line, "nwk_key: required for a LoRaWAN 1.1 device");
                }
                if ("1.0.4".equals(identity.get(ManifestColumn.LORAWAN_VERSION)) && nwk != null
                        && !MessageDigest.isEqual(nwk.bytes(), secrets.get(ManifestColumn.APP_KEY).bytes())) {
                    throw new ConfigError(file, line, "nwk_key: a LoRaWAN 1.0.4 device has one root key (app_key);"
                            + " leave nwk_key empty");
                }
            }
            default -> {
            }
        }
    }

    /** A private key and the public key written beside it must agree: a mismatch would fail every handshake. */
    private static void samePublicKey(Path file, int line, KeyMaterial privateKey, String publicHex, String message)
            throws ConfigError {
        if (privateKey == null || publicHex == null) {
            return;
        }
        byte[] derived = dev.ampbench.protocol.crypto.X25519.publicKey(privateKey);
        if (!dev.ampbench.protocol.codec.Hex.encode(derived).equals(publicHex)) {
            throw new ConfigError(file, line, message + " (X25519)");
        }
    }

    /** Hex digits only; the message says what is wrong without repeating any of the cell. */
    private static byte[] hex(Path file, int line, ManifestColumn c, String cell) throws ConfigError {
        int n = cell.length();
        if (n % 2 != 0 || n / 2 < c.type().min() || n / 2 > c.type().max()) {
            throw new ConfigError(file, line, c.header() + ": expected " + c.type().describe() + ", found " + n
                    + " characters");
        }
        byte[] out = new byte[n / 2];
        for (int i = 0; i < n; i += 2) {
            int hi = Character.digit(cell.charAt(i), 16);
            int lo = Character.digit(cell.charAt(i + 1), 16);
            if (hi < 0 || lo < 0) {
                Arrays.fill(out, (byte) 0);
                throw new ConfigError(file, line, c.header() + ": expected " + c.type().describe()
                        + ", found a character that is not a hex digit");
            }
            out[i / 2] = (byte) (hi << 4 | lo);
        }
        return out;
    }

    /**
     * A cell or header name quoted for a message, or nothing when it might be a secret: every secret in a manifest
     * is hex, so only short text with a character that is not a hex digit is repeated (a typo such as
     * "amp-sex" is shown, a key that slipped into the wrong column is not).
     */
    static String echo(String s) {
        if (s.length() <= 32 && SAFE_ECHO.matcher(s).matches() && !HEX_ONLY.matcher(s).matches()) {
            return " '" + s + "'";
        }
        return "";
    }

    /** RFC 4180 records with the 1-based line each starts on; LF or CRLF line ends; a leading BOM is skipped. */
    static final class CsvReader {
        record Record(int line, List<String> fields) {
        }

        private final Path file;
        private final char[] text;
        private int pos;
        private int line = 1;

        CsvReader(Path file, char[] text) {
            this.file = file;
            this.text = text;
            if (text.length > 0 && text[0] == '\uFEFF') {
                pos = 1;
            }
        }

        Record next() throws ConfigError {
            if (pos >= text.length) {
                return null;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            boolean quoted = false;
            boolean fieldStart = true;
            boolean afterQuote = false;
            while (pos < text.length) {
                char ch = text[pos++];
                if (quoted) {
                    if (ch == '"') {
                        if (pos < text.length && text[pos] == '"') {
                            f.append('"');
                            pos++;
                        } else {
                            quoted = false;
                            afterQuote = true;
                        }
                    } else {
                        if (ch == '\n') {
                            line++;
                        }
                        f.append(ch);
                    }
                    continue;
                }
                if (ch == ',') {
                    fields.add(f.toString());
                    f.setLength(0);
                    fieldStart = true;
                    afterQuote = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r') {
                        if (pos < text.length && text[pos] == '\n') {
                            pos++;
                        } else {
                            throw new ConfigError(file, line, "a carriage return without a line feed");
                        }
                    }
                    line++;
                    fields.add(f.toString());
                    return new Record(start, fields);
                } else if (ch == '"' && fieldStart) {
                    quoted = true;
                    fieldStart = false;
                } else if (afterQuote) {
                    throw new ConfigError(file, line, "text after a closing quote (a quoted field must end at a"
                            + " comma or the end of the line)");
                } else if (ch == '"') {
                    throw new ConfigError(file, line, "a quote inside an unquoted field (quote the whole field and"
                            + " double the quote)");
                } else {
                    f.append(ch);
                    fieldStart = false;
                }
            }
            if (quoted) {
                throw new ConfigError(file, start, "a quoted field is not closed before the end of the file");
            }
            fields.add(f.toString());
            return new Record(start, fields);
        }
    }
}
