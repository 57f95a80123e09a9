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
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench decode}: any frame of any profile, field by field, from the codec's own field descriptors. Exit 0
 * when the frame decodes, 1 when it is malformed (the message names the field and offset), 2 on a usage error.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decodes one over-the-air frame of a profile and shows every field.")
final class DecodeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "P", description = "amp-prov, amp-sec, aiot-s9 or lorawan")
    String profile;

    @Option(names = "--json", description = "print JSON instead of a table")
    boolean json;

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
        if (json) {
            out.println(toJson(p, frame, bytes).toPrettyString());
        } else {
            out.println(p.id() + " " + frame.type() + ", " + bytes.length + " octets");
            out.printf("%6s %4s  %-22s %-9s %s%n", "offset", "len", "field", "kind", "value");
            for (FieldDescriptor f : frame.fields()) {
                out.printf("%6d %4d  %-22s %-9s %s%n", f.offset(), f.length(), f.name(), f.kind(), value(bytes, f));
            }
        }
        out.flush();
        return Main.OK;
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
        ArrayNode fields = n.putArray("fields");
        for (FieldDescriptor f : frame.fields()) {
            fields.addObject().put("name", f.name()).put("offset", f.offset()).put("length", f.length())
                    .put("kind", f.kind().name()).put("byteOrder", f.order() == ByteOrder.LITTLE_ENDIAN ? "LE" : "BE")
                    .put("hex", Hex.encode(Arrays.copyOfRange(bytes, f.offset(), f.end())));
        }
        return n;
    }
}
