package dev.ampbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.FrameInspectors;
import dev.ampbench.protocol.inspect.Inspection;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench decode}: any frame of any profile, field by field, from the codec's own field descriptors; with
 * {@code --key NAME=HEX}, what those keys decrypt and whether each MIC verifies (the profile's
 * {@link FrameInspector}). Exit 0 when the frame decodes and no MIC the keys could check failed, 1 when it is
 * malformed (the message names the field and offset) or a MIC fails, 2 on a usage error (an unknown key name, a key
 * that is not hex or has the wrong length). The keys' values are never printed.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = {"Decodes one over-the-air frame of a profile and shows every field; with --key, decrypts what "
                + "the keys open and says whether each MIC verifies (exit 1 when one fails).",
                "Key names (case does not matter):",
                "  lorawan:  AppKey (1.0.x root), NwkKey (1.1 root),",
                "            NwkSKey, AppSKey (1.0.x session),",
                "            FNwkSIntKey, SNwkSIntKey, NwkSEncKey, AppSKey (1.1 session)",
                "  amp-sec:  PTK (48 octets) or KCK and TK (16 octets each)",
                "  aiot-s9:  K_auth (with NetworkNonce=NN of the answered frame for a device frame),",
                "            or K_enc and K_int of the message",
                "  amp-prov: TK1, TK2 (derive a protected frame's Ek from its KeySel and Cntr), or Ek",
                "LoRaWAN: only FCnt's 16 low bits travel; the checks take its upper bits as 0."})
final class DecodeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "P", description = "amp-prov, amp-sec, aiot-s9 or lorawan")
    String profile;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

    @Option(names = "--key", paramLabel = "NAME=HEX", description = "a key to open the frame with (repeatable); "
            + "names as in the profile's spec, listed above")
    List<String> keys = new ArrayList<>();

    @Parameters(paramLabel = "HEX", description = "the frame, in hex (spaces, colons and dashes allowed)")
    String hex;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Profile p = Profile.byId(profile).orElseThrow(() -> new Main.UserError("unknown profile '" + profile
                + "'; known: amp-prov, amp-sec, aiot-s9, lorawan"));
        byte[] bytes;
        try {
            bytes = Hex.decode(hex);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError("the frame is not hex: " + e.getMessage());
        }
        Map<String, KeyMaterial> given = keys(p);
        Frame frame;
        try {
            frame = Profiles.codec(p).decode(bytes);
        } catch (FrameDecodeException e) {
            if (json) {
                ObjectNode n = new ObjectMapper().createObjectNode();
                n.put("profile", p.id()).put("malformed", true).put("field", e.field()).put("offset", e.offset())
                        .put("problem", e.problem()).put("truncated", e.truncated());
                out.println(n.toPrettyString());
            } else {
                out.println("malformed " + p.id() + " frame: " + e.getMessage());
            }
            out.flush();
            return Main.RULE_BROKEN;
        }
        Inspection inspection = given.isEmpty() ? null
                : FrameInspectors.of(p).orElseThrow().inspect(bytes, given);
        if (json) {
            ObjectNode n = toJson(p, frame, bytes);
            if (inspection != null) {
                addInspection(n, inspection);
            }
            out.println(n.toPrettyString());
        } else {
            out.println(p.id() + " " + frame.type() + ", " + bytes.length + " octets");
            table(out, bytes, frame.fields());
            if (inspection != null) {
                printInspection(out, inspection);
            }
        }
        out.flush();
        boolean failed = inspection != null && inspection.checks().stream()
                .anyMatch(c -> c.verdict() == Inspection.Verdict.FAILED);
        return failed ? Main.RULE_BROKEN : Main.OK;
    }

    private static void table(PrintWriter out, byte[] bytes, List<FieldDescriptor> fields) {
        out.printf("%6s %4s  %-22s %-9s %s%n", "offset", "len", "field", "kind", "value");
        for (FieldDescriptor f : fields) {
            out.printf("%6d %4d  %-22s %-9s %s%n", f.offset(), f.length(), f.name(), f.kind(), value(bytes, f));
        }
    }

    /**
     * The keys as the profile's inspector names them. One-line errors that name the key but never show its value.
     */
    private Map<String, KeyMaterial> keys(Profile p) {
        Map<String, KeyMaterial> m = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return m;
        }
        FrameInspector inspector = FrameInspectors.of(p).orElseThrow(() -> new Main.UserError("--key is not "
                + "available for " + p.id() + " yet; its frames decode without keys"));
        for (String k : keys) {
            int eq = k.indexOf('=');
            String name = eq < 0 ? k : k.substring(0, eq).trim();
            if (eq < 0) {
                throw new Main.UserError("--key " + name + ": expected NAME=HEX");
            }
            String canonical = FrameInspectors.keyName(inspector, name).orElseThrow(() -> new Main.UserError(
                    "unknown key '" + name + "' for " + p.id() + "; known: "
                            + String.join(", ", inspector.keyNames().keySet())));
            byte[] value;
            try {
                value = Hex.decode(k.substring(eq + 1));
            } catch (IllegalArgumentException e) {
                throw new Main.UserError("key " + canonical + " is not hex ("
                        + (e.getMessage().startsWith("odd") ? "an odd number of digits" : "a character that is not a "
                        + "hex digit") + ")");
            }
            if (value.length == 0) {
                throw new Main.UserError("key " + canonical + " is empty");
            }
            if (m.put(canonical, KeyMaterial.of(value)) != null) {
                throw new Main.UserError("key " + canonical + " given twice");
            }
        }
        return m;
    }

    private static void printInspection(PrintWriter out, Inspection i) {
        out.println();
        for (Inspection.Check c : i.checks()) {
            out.println(c.what() + ": " + c.verdict().name().replace('_', ' ') + " (" + c.detail() + ")");
        }
        for (Inspection.Plaintext t : i.plaintexts()) {
            out.println(t.field() + " decrypted with " + t.key() + ": " + Hex.encode(t.bytes()));
            if (!t.fields().isEmpty()) {
                table(out, t.bytes(), t.fields());
            }
        }
    }

    private static void addInspection(ObjectNode n, Inspection i) {
        ArrayNode checks = n.putArray("checks");
        for (Inspection.Check c : i.checks()) {
            checks.addObject().put("what", c.what()).put("verdict", c.verdict().name()).put("detail", c.detail());
        }
        ArrayNode plain = n.putArray("plaintexts");
        for (Inspection.Plaintext t : i.plaintexts()) {
            ObjectNode o = plain.addObject().put("field", t.field()).put("key", t.key())
                    .put("hex", Hex.encode(t.bytes()));
            fieldsJson(o.putArray("fields"), t.bytes(), t.fields());
        }
    }

    /**
     * Hex in wire order. A little-endian field also shows what it means: counters and lengths as numbers, addresses
     * and identifiers most significant octet first, as the profile's tools print them.
     */
    private static String value(byte[] bytes, FieldDescriptor f) {
        byte[] v = Arrays.copyOfRange(bytes, f.offset(), f.end());
        String hexValue = Hex.encode(v);
        if (f.order() != ByteOrder.LITTLE_ENDIAN || f.length() < 2) {
            return hexValue;
        }
        byte[] msbFirst = v.clone();
        for (int i = 0, j = msbFirst.length - 1; i < j; i++, j--) {
            byte t = msbFirst[i];
            msbFirst[i] = msbFirst[j];
            msbFirst[j] = t;
        }
        if ((f.kind() == FieldKind.COUNTER || f.kind() == FieldKind.LENGTH) && f.length() <= 7) {
            return hexValue + " (" + new java.math.BigInteger(1, msbFirst) + ")";
        }
        return hexValue + " (" + Hex.encode(msbFirst) + ")";
    }

    private static ObjectNode toJson(Profile p, Frame frame, byte[] bytes) {
        ObjectMapper m = new ObjectMapper();
        ObjectNode n = m.createObjectNode();
        n.put("profile", p.id()).put("type", frame.type()).put("length", bytes.length).put("hex", Hex.encode(bytes));
        fieldsJson(n.putArray("fields"), bytes, frame.fields());
        return n;
    }

    private static void fieldsJson(ArrayNode fields, byte[] bytes, List<FieldDescriptor> descriptors) {
        for (FieldDescriptor f : descriptors) {
            fields.addObject().put("name", f.name()).put("offset", f.offset()).put("length", f.length())
                    .put("kind", f.kind().name()).put("byteOrder", f.order() == ByteOrder.LITTLE_ENDIAN ? "LE" : "BE")
                    .put("hex", Hex.encode(Arrays.copyOfRange(bytes, f.offset(), f.end())));
        }
    }
}
