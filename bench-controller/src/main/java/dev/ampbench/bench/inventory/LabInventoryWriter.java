package dev.ampbench.bench.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.ampbench.protocol.Profile;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link LabInventory} as the YAML {@link LabInventory#load} reads (docs/lab-inventory.md): for tools that
 * generate inventories (a lab's asset database, {@code ampbench emulate}). Strings are always quoted, so a firmware
 * version such as "1.20" stays a string; manifest paths are written relative to the target file's folder.
 */
public final class LabInventoryWriter {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build();

    private LabInventoryWriter() {
    }

    /** The YAML text of {@code inventory}, as it would be written to {@code target}. */
    public static String toYaml(LabInventory inventory, Path target) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("version", inventory.version());
            g.writeArrayFieldStart("benches");
            for (Bench b : inventory.benches()) {
                g.writeStartObject();
                g.writeStringField("name", b.name());
                if (!b.description().isEmpty()) {
                    g.writeStringField("description", b.description());
                }
                g.writeArrayFieldStart("duts");
                for (Dut d : b.duts()) {
                    dut(g, d, target);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void dut(JsonGenerator g, Dut d, Path target) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", d.name());
        g.writeObjectFieldStart("transport");
        g.writeStringField("kind", d.transport().kind());
        TransportSpec ts = d.transport();
        if (ts instanceof TransportSpec.Serial s) {
            if (s.path().isPresent()) {
                g.writeStringField("path", s.path().get());
            }
            if (s.usbSerial().isPresent()) {
                g.writeStringField("usb-serial", s.usbSerial().get());
            }
            if (s.usbId().isPresent()) {
                g.writeStringField("usb-id", s.usbId().get().toString());
            }
            g.writeNumberField("baud", s.baud());
        } else if (ts instanceof TransportSpec.UsbBulk u) {
            g.writeStringField("usb-id", u.usbId().toString());
            if (u.usbSerial().isPresent()) {
                g.writeStringField("usb-serial", u.usbSerial().get());
            }
            g.writeNumberField("interface", u.iface());
            if (u.endpointOut() != TransportSpec.UsbBulk.DISCOVER) {
                g.writeStringField("endpoint-out", String.format("0x%02x", u.endpointOut()));
            }
            if (u.endpointIn() != TransportSpec.UsbBulk.DISCOVER) {
                g.writeStringField("endpoint-in", String.format("0x%02x", u.endpointIn()));
            }
        } else if (ts instanceof TransportSpec.Tcp t) {
            g.writeStringField("host", t.host());
            g.writeNumberField("port", t.port());
        }
        g.writeEndObject();
        if (d.power().isPresent()) {
            g.writeFieldName("power");
            value(g, d.power().get().config());
        }
        g.writeArrayFieldStart("profiles");
        for (Profile p : d.profiles()) {
            g.writeString(p.id());
        }
        g.writeEndArray();
        g.writeStringField("role", d.role().cliName());
        g.writeStringField("firmware", d.firmware());
        if (d.secrets().isPresent()) {
            SecretRef s = d.secrets().get();
            g.writeObjectFieldStart("secrets");
            g.writeStringField("manifest", relative(target, s.manifest()));
            g.writeStringField("id", s.id());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static String relative(Path target, Path manifest) {
        Path dir = target.toAbsolutePath().getParent();
        Path m = manifest.toAbsolutePath();
        if (dir != null && m.getRoot() != null && m.getRoot().equals(dir.getRoot())) {
            return dir.relativize(m).toString();
        }
        return m.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("power parameters are finite numbers");
            }
            // BigDecimal has no negative zero, Double.toString keeps it
            String plain = d == 0.0 ? Double.toString(d) : BigDecimal.valueOf(d).toPlainString();
            // a decimal point keeps it a decimal when read back; plain notation needs no exponent syntax
            g.writeNumber(plain.contains(".") ? plain : plain + ".0");
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("unsupported value type " + v.getClass().getSimpleName());
        }
    }
}
