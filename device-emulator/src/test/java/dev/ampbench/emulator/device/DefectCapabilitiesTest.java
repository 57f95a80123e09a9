package dev.ampbench.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The capability list against the code that applies each defect: for each firmware, the protocol machine it boots
 * (see the firmware's {@code boot}) and every class of the machine's package it reaches are read, and the
 * deviations they consult, plus whether they write non-volatile records, must be exactly the list's. Crash and hang
 * are applied by {@link EmulatedDevice} itself to every firmware, checked here against its source too.
 */
class DefectCapabilitiesTest {
    private static final Path PROTOCOL_SRC = Path.of("../protocol/src/main/java");
    private static final Path EMULATOR_SRC = Path.of("src/main/java");
    private static final Pattern DEVIATION = Pattern.compile("\\bDeviation\\.([A-Z_]+)\\b");
    private static final Pattern NV_WRITE = Pattern.compile("\\bstore(\\(\\))?\\.write\\(");

    private static Class<?> machine(Profile p, Role r) {
        boolean tag = r == Role.DEVICE;
        return switch (p) {
            case AMP_PROV -> tag ? AmpProvDevice.class : AmpProvInfrastructure.class;
            case AMP_SEC -> tag ? AmpSecStation.class : AmpSecAccessPoint.class;
            case AIOT_S9 -> tag ? AiotS9Device.class : AiotS9Infrastructure.class;
            case LORAWAN -> tag ? LoRaWanDevice.class : LoRaWanNetwork.class;
        };
    }

    @Test
    void theListIsExactlyWhatEachFirmwaresMachineApplies() throws IOException {
        String device = Files.readString(EMULATOR_SRC.resolve("dev/ampbench/emulator/device/EmulatedDevice.java"));
        for (Defect d : EnumSet.of(Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH,
                Defect.TORN_NV_WRITE)) {
            assertTrue(device.contains("Defect." + d.name()), "EmulatedDevice applies " + d.cliName());
        }
        for (Profile p : Profile.values()) {
            for (Role r : Role.values()) {
                String code = reachableSource(machine(p, r));
                Set<Defect> applied = EnumSet.of(Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH);
                Matcher m = DEVIATION.matcher(code);
                while (m.find()) {
                    String name = m.group(1);
                    for (Defect d : Defect.values()) {
                        d.deviation().filter(x -> x.name().equals(name)).ifPresent(x -> applied.add(d));
                    }
                }
                if (NV_WRITE.matcher(code).find()) {
                    applied.add(Defect.TORN_NV_WRITE);
                }
                assertEquals(applied, DefectCapabilities.implemented(p, r), p.id() + " " + r);
            }
        }
    }

    @Test
    void everyDefectIsImplementedBySomeFirmware() {
        Set<Defect> all = EnumSet.noneOf(Defect.class);
        for (Profile p : Profile.values()) {
            for (Role r : Role.values()) {
                all.addAll(DefectCapabilities.implemented(p, r));
            }
        }
        assertEquals(EnumSet.allOf(Defect.class), all);
    }

    @Test
    void theReasonNamesTheMissingDefectAndWhatTheFirmwareDoes() {
        String why = DefectCapabilities.unimplemented(Set.of(Defect.ANSWERS_FOREIGN_ADDRESS), Profile.AMP_PROV,
                Role.INFRASTRUCTURE).orElseThrow();
        assertTrue(why.contains("does not implement answers-foreign-address;"), why);
        assertTrue(why.contains("nonce-not-fresh") && !why.contains("leaves-provisioning-early"), why);
        assertTrue(!why.contains("\n"), "one line");
        assertTrue(DefectCapabilities.unimplemented(Set.of(Defect.ANSWERS_FOREIGN_ADDRESS), Profile.AMP_PROV,
                Role.DEVICE).isEmpty());
    }

    /**
     * The machine's code (comments left out) and that of every class of its package it names, transitively; a class
     * named only for a constant ({@code LoRaWanDevice.MAX_APPLICATION_PORT}) runs none of its code and is not followed.
     */
    private static String reachableSource(Class<?> machine) {
        Path dir = PROTOCOL_SRC.resolve(machine.getPackageName().replace('.', '/'));
        Set<String> siblings = new LinkedHashSet<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .forEach(n -> siblings.add(n.substring(0, n.length() - 5)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(machine.getSimpleName());
        StringBuilder all = new StringBuilder();
        while (!todo.isEmpty()) {
            String c = todo.pop();
            if (!seen.add(c)) {
                continue;
            }
            String src;
            try {
                src = Files.readString(dir.resolve(c + ".java")).replaceAll("(?s)/\\*.*?\\*/", "")
                        .replaceAll("//[^\\n]*", "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            all.append(src).append('\n');
            for (String s : siblings) {
                Pattern named = Pattern.compile("\\b" + s + "\\b(?!\\.[A-Z][A-Z0-9_]*\\b)");
                if (!seen.contains(s) && named.matcher(src).find()) {
                    todo.add(s);
                }
            }
        }
        return all.toString();
    }
}
