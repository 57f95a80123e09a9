package dev.ampbench.bench.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ampbench.bench.report.Direction;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.Hex;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * tools/wireshark/ampbench.lua, run by a real tshark over the golden captures: every field the protocol module's
 * codec finds in a frame, the dissector shows with the same value; and LoRaWAN frames decode with Wireshark's own
 * dissector, on the LoRaTap interface with no plugin at all. Skipped when tshark is not installed (.ci/run installs
 * it where apt-get can).
 */
class WiresharkDissectorTest {
    /** The dissector's numeric fields; every other field is shown as bytes. */
    private static final Set<String> NUMERIC = Set.of("type", "modes", "kdfmode", "localaddr", "keysel", "cntr", "seq",
            "format", "anonceid", "pmkgeneration", "pn", "newgeneration", "idmode", "policy", "capability");

    private static Path root;

    /** Per test, not per class: Surefire then lists each test as skipped, with this message. */
    @BeforeEach
    void needsTshark() {
        assumeTrue(tsharkPresent(), "tshark is not installed: the Wireshark dissector is not tested here "
                + "(apt-get install tshark, or run .ci/run, which installs it)");
        root = CaptureFixtures.dir().getParent().getParent();
    }

    private static boolean tsharkPresent() {
        try {
            Process p = new ProcessBuilder("tshark", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String[]> tshark(Path capture, boolean withPlugin, String filter, List<String> fields)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n"));
        if (withPlugin) {
            cmd.addAll(List.of("-X", "lua_script:" + root.resolve("tools/wireshark/ampbench.lua")));
        }
        cmd.addAll(List.of("-r", capture.toString(), "-T", "fields", "-E", "occurrence=f"));
        if (filter != null) {
            cmd.addAll(List.of("-Y", filter));
        }
        for (String f : fields) {
            cmd.addAll(List.of("-e", f));
        }
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "tshark hung");
        assertEquals(0, p.exitValue(), "tshark failed: " + cmd + "\n" + out);
        List<String[]> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (!line.isEmpty()) {
                rows.add(line.split("\t", -1));
            }
        }
        return rows;
    }

    private static String proto(Profile p) {
        return switch (p) {
            case AMP_PROV -> "ampprov";
            case AMP_SEC -> "ampsec";
            case AIOT_S9 -> "aiots9";
            case LORAWAN -> throw new IllegalArgumentException("lorawan goes to Wireshark's own dissector");
        };
    }

    @ParameterizedTest
    @EnumSource(value = Profile.class, names = {"AMP_PROV", "AMP_SEC", "AIOT_S9"})
    void theDissectorShowsEveryFieldTheCodecFinds(Profile profile) throws Exception {
        for (Role role : Role.values()) {
            Path golden = CaptureFixtures.golden(profile, role);
            List<CapturedFrame> frames = PcapngReader.read(golden).ampbenchFrames();
            List<Frame> decoded = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (CapturedFrame f : frames) {
                Frame d = Profiles.codec(profile).decode(f.frame());
                decoded.add(d);
                d.fields().forEach(x -> names.add(x.name().toLowerCase(Locale.ROOT)));
            }
            List<String> fields = new ArrayList<>(List.of("frame.number", "ampbench.version", "ampbench.profile",
                    "ampbench.direction", "ampbench.dut_role", "_ws.col.Info"));
            names.forEach(n -> fields.add(proto(profile) + "." + n));
            List<String[]> rows = tshark(golden, true, null, fields);
            assertEquals(frames.size(), rows.size(), golden.toString());
            for (int i = 0; i < rows.size(); i++) {
                String[] row = rows.get(i);
                String where = golden.getFileName() + " frame " + (i + 1);
                assertEquals("1", row[1], where + " version");
                assertEquals(String.valueOf(profile.ordinal() + 1), row[2], where + " profile code");
                assertEquals(frames.get(i).direction() == Direction.FROM_DUT ? "1" : "2", row[3], where);
                assertEquals(role == Role.DEVICE ? "1" : "2", row[4], where + " role");
                assertEquals(profile.id() + " " + decoded.get(i).type(), row[5], where + " Info column");
                byte[] bytes = decoded.get(i).encode();
                List<String> nameList = new ArrayList<>(names);
                for (FieldDescriptor d : decoded.get(i).fields()) {
                    String name = d.name().toLowerCase(Locale.ROOT);
                    String shown = row[6 + nameList.indexOf(name)];
                    byte[] raw = java.util.Arrays.copyOfRange(bytes, d.offset(), d.end());
                    if (NUMERIC.contains(name)) {
                        BigInteger v = shown.startsWith("0x") ? new BigInteger(shown.substring(2), 16)
                                : new BigInteger(shown);
                        assertEquals(new BigInteger(1, raw), v, where + " " + d.name());
                    } else {
                        assertEquals(Hex.encode(raw).toLowerCase(Locale.ROOT), shown.replace(":", ""),
                                where + " " + d.name());
                    }
                }
            }
        }
    }

    @Test
    void loRaWanFramesDecodeWithWiresharksOwnDissectorOnBothInterfaces() throws Exception {
        Path golden = CaptureFixtures.golden(Profile.LORAWAN, Role.DEVICE);
        CapturedFrame join = PcapngReader.read(golden).ampbenchFrames().get(0);
        Frame d = Profiles.codec(Profile.LORAWAN).decode(join.frame());
        assertEquals("JoinRequest", d.type());
        byte[] le = java.util.Arrays.copyOfRange(join.frame(), 9, 17); // DevEUI, little-endian on the air
        StringBuilder devEui = new StringBuilder();
        for (int k = 7; k >= 0; k--) {
            devEui.append(String.format("%02x", le[k] & 0xFF)).append(k > 0 ? ":" : "");
        }
        List<CapturedFrame> air = PcapngReader.read(golden).ampbenchFrames();
        List<String> mtypes = air.stream().map(f -> String.valueOf((f.frame()[0] & 0xFF) >> 5)).toList();
        // no plugin: the LoRaTap interface alone
        List<String[]> plain = tshark(golden, false, "lorawan", List.of("frame.number", "loratap.version",
                "lorawan.mhdr.mtype", "lorawan.join_request.deveui"));
        assertEquals(air.size(), plain.size(), "every LoRaTap packet is LoRaWAN");
        assertEquals(List.of("2", "0", "0", devEui.toString()), List.of(plain.get(0)));
        assertEquals(mtypes, plain.stream().map(r -> r[2]).toList(), "MType of every frame");
        // with the plugin: the ampbench packets hand their frame to the same dissector
        List<String[]> both = tshark(golden, true, "lorawan && ampbench", List.of("frame.number", "ampbench.profile",
                "lorawan.mhdr.mtype", "lorawan.join_request.deveui"));
        assertEquals(air.size(), both.size());
        assertEquals(List.of("1", "4", "0", devEui.toString()), List.of(both.get(0)));
        assertEquals(mtypes, both.stream().map(r -> r[2]).toList(), "MType of every frame");
    }
}
