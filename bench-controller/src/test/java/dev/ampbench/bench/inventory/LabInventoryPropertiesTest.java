package dev.ampbench.bench.inventory;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabInventoryPropertiesTest {
    private static final Path TARGET = Path.of("/lab/inventories/inv.yaml");

    /** Either a valid inventory or a ConfigError naming the file: never another exception. */
    private static void parsesOrConfigError(byte[] bytes) {
        try {
            LabInventory.parse(TARGET, bytes);
        } catch (ConfigError e) {
            assertEquals(TARGET, e.file());
            assertTrue(e.line() >= 0);
            assertTrue(e.getMessage().startsWith(TARGET.toString()), e.getMessage());
        }
    }

    @Property(tries = 500)
    void arbitraryBytes(@ForAll @Size(max = 300) byte[] bytes) {
        parsesOrConfigError(bytes);
    }

    @Property(tries = 1000)
    void yamlishGarbage(@ForAll("yamlish") String text) {
        parsesOrConfigError(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.of("version", "benches", "duts", "name", "transport", "kind", "tcp", "serial", "usb-bulk",
                        "emulator", "host", "port", "path", "usb-id", "\"0403:6001\"", "power", "profiles", "role",
                        "tag", "gateway", "amp-sec", "lorawan", "firmware", "secrets", "manifest", "id", ":", ": ",
                        "-", "- ", " ", "  ", "\n", "\n  ", "\n    ", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
                        "!!binary ", "'", "\"", "#", "|", ">", "1", "0x81", "65536", "-1", "1.5", "1e3", "true",
                        "null", "~", "---", "...", "\t", "%YAML 1.2\n", "? ", "<<: ", "\\", "\u00e9", "\uFEFF")
                .list().ofMaxSize(80).map(l -> String.join("", l));
    }

    @Property(tries = 300)
    void mutationsOfTheExampleLab(@ForAll("mutations") String text) {
        parsesOrConfigError(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> mutations() throws IOException {
        String example = Files.readString(Fixtures.exampleInventory());
        List<String> lines = List.of(example.split("\n", -1));
        Arbitrary<Integer> at = Arbitraries.integers().between(0, lines.size() - 1);
        Arbitrary<String> junk = Arbitraries.of("", "  ", "- x", "kind: tcp", "port: -5", "name: tag-prov-01",
                "  extra: 1", "[", "role: hub", "profiles: [zigbee]", "\t", "version: 1", "baud: fast", ":");
        return Combinators.combine(at, junk, Arbitraries.integers().between(0, 2)).as((i, j, op) -> {
            List<String> copy = new ArrayList<>(lines);
            switch (op) {
                case 0 -> copy.remove((int) i);
                case 1 -> copy.add(i, j);
                default -> copy.set(i, copy.get(i) + j);
            }
            return String.join("\n", copy);
        });
    }

    // --- round trip through the writer ------------------------------------------------------------------------

    @Property(tries = 200)
    void aValidInventoryRoundTripsThroughTheWriter(@ForAll("inventories") LabInventory inv) throws ConfigError {
        String yaml = LabInventoryWriter.toYaml(inv, TARGET);
        LabInventory back = LabInventory.parse(TARGET, yaml.getBytes(StandardCharsets.UTF_8));
        assertEquals(withoutLines(inv), withoutLines(back), yaml);
        assertEquals(yaml, LabInventoryWriter.toYaml(back, TARGET));
    }

    @Property(tries = 1)
    void theExampleLabRoundTrips() throws ConfigError {
        LabInventory inv = LabInventory.load(Fixtures.exampleInventory());
        Path target = Fixtures.exampleInventory();
        LabInventory back = LabInventory.parse(target, LabInventoryWriter.toYaml(inv, target)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(withoutLines(inv), withoutLines(back));
    }

    private static LabInventory withoutLines(LabInventory inv) {
        List<Bench> benches = new ArrayList<>();
        for (Bench b : inv.benches()) {
            List<Dut> duts = new ArrayList<>();
            for (Dut d : b.duts()) {
                duts.add(new Dut(d.name(), d.transport(), d.power().map(p -> new PowerSpec(p.kind(), p.params(), 0)),
                        d.profiles(), d.role(), d.firmware(),
                        d.secrets().map(s -> new SecretRef(s.manifest(), s.id(), 0)), 0));
            }
            benches.add(new Bench(b.name(), b.description(), duts, 0));
        }
        return new LabInventory(inv.file(), inv.version(), benches);
    }

    private static Arbitrary<String> text(int min, int max) {
        return Arbitraries.strings().withCharRange('a', 'z').withCharRange('0', '9')
                .withChars(" :#'\"\\-[]{},&*!|>%@`?._/\n\t\u00e9\u20ac\u4e2d").ofMinLength(min).ofMaxLength(max);
    }

    private static Arbitrary<String> names() {
        return Combinators.combine(Arbitraries.strings().alpha().numeric().ofLength(1),
                        Arbitraries.strings().alpha().numeric().withChars("._-").ofMaxLength(12))
                .as((a, b) -> a + b);
    }

    private static Arbitrary<Object> scalar() {
        return Arbitraries.oneOf(text(0, 10).map(s -> (Object) s), Arbitraries.longs().map(l -> (Object) l),
                Arbitraries.doubles().map(d -> (Object) d), Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.just(null));
    }

    private static Arbitrary<Object> value(int depth) {
        if (depth == 0) {
            return scalar();
        }
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, scalar()),
                net.jqwik.api.Tuple.of(1, value(depth - 1).list().ofMaxSize(3).map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(1, params(depth - 1).map(m -> (Object) m)));
    }

    private static Arbitrary<Map<String, Object>> params(int depth) {
        return Arbitraries.maps(Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1)
                        .ofMaxLength(8).filter(k -> !k.equals("kind")), value(depth)).ofMaxSize(4)
                .map(LinkedHashMap::new);
    }

    private static Arbitrary<TransportSpec.UsbId> usbIds() {
        return Combinators.combine(Arbitraries.integers().between(0, 0xFFFF), Arbitraries.integers().between(0, 0xFFFF))
                .as(TransportSpec.UsbId::new);
    }

    private static Arbitrary<TransportSpec> transports() {
        Arbitrary<String> host = Arbitraries.strings().alpha().numeric().withChars(".-:[]").ofMinLength(1)
                .ofMaxLength(20);
        Arbitrary<TransportSpec> byPath = Combinators.combine(text(1, 20).filter(s -> !s.isBlank()),
                        Arbitraries.integers().between(1, 100_000_000))
                .as((p, b) -> new TransportSpec.Serial(Optional.of(p), Optional.empty(), Optional.empty(), b));
        Arbitrary<TransportSpec> byUsb = Combinators.combine(text(1, 10).filter(t -> !t.isBlank()).optional(), usbIds().optional(),
                        Arbitraries.integers().between(1, 100_000_000))
                .filter((s, i, b) -> s.isPresent() || i.isPresent())
                .as((s, i, b) -> new TransportSpec.Serial(Optional.empty(), s, i, b));
        Arbitrary<TransportSpec> bulk = Combinators.combine(usbIds(), text(1, 10).filter(t -> !t.isBlank()).optional(),
                        Arbitraries.integers().between(0, 255), Arbitraries.integers().between(0, 15),
                        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0x81, 0x8F)))
                .as(TransportSpec.UsbBulk::new);
        Arbitrary<TransportSpec> tcp = Combinators.combine(host, Arbitraries.integers().between(1, 65535))
                .as(TransportSpec.Tcp::new);
        return Arbitraries.oneOf(byPath, byUsb, bulk, tcp, Arbitraries.just(new TransportSpec.Emulator()));
    }

    private static Arbitrary<Dut> duts(String name) {
        Arbitrary<Optional<PowerSpec>> power = Combinators.combine(names(), params(2))
                .as((k, p) -> new PowerSpec(k, p, 0)).optional();
        Arbitrary<List<Profile>> profiles = Arbitraries.of(Profile.class).list().uniqueElements().ofMinSize(1)
                .ofMaxSize(4);
        Arbitrary<Optional<SecretRef>> secrets = Combinators.combine(
                        Arbitraries.of("keys/", "", "../", "../../other/").flatMap(d -> names().map(n -> d + n)),
                        names())
                .as((m, id) -> new SecretRef(TARGET.getParent().resolve(m).normalize(), id, 0)).optional();
        return Combinators.combine(transports(), power, profiles, Arbitraries.of(Role.class),
                        text(1, 12).filter(s -> !s.isBlank()), secrets)
                .as((t, p, pr, r, fw, s) -> new Dut(name, t, p, pr, r, fw, s, 0));
    }

    @Provide
    Arbitrary<LabInventory> inventories() {
        Arbitrary<List<String>> dutNames = names().list().uniqueElements().ofMinSize(1).ofMaxSize(6);
        Arbitrary<List<String>> benchNames = names().list().uniqueElements().ofMinSize(1).ofMaxSize(3);
        return Combinators.combine(benchNames, dutNames).as((bn, dn) -> {
            return Arbitraries.integers().between(0, bn.size() - 1).list().ofSize(dn.size()).flatMap(owner -> {
                List<Arbitrary<Dut>> arbs = new ArrayList<>();
                for (String n : dn) {
                    arbs.add(duts(n));
                }
                return Combinators.combine(arbs).as(ds -> ds).flatMap(ds -> text(0, 30).list().ofSize(bn.size())
                        .map(descs -> {
                            List<Bench> benches = new ArrayList<>();
                            for (int b = 0; b < bn.size(); b++) {
                                List<Dut> mine = new ArrayList<>();
                                for (int i = 0; i < ds.size(); i++) {
                                    if (owner.get(i) == b) {
                                        mine.add(ds.get(i));
                                    }
                                }
                                if (!mine.isEmpty()) {
                                    benches.add(new Bench(bn.get(b), descs.get(b), mine, 0));
                                }
                            }
                            return new LabInventory(TARGET, 1, benches);
                        }));
            });
        }).flatMap(a -> a);
    }
}
