package dev.ampbench.bench.power;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class UsbLocationProperties {

    @Property
    void aPrintedLocationParsesBackToBusAndPorts(@ForAll @IntRange(min = 1, max = 255) int bus,
                                                 @ForAll("portPaths") List<Integer> ports) {
        String location = new UsbBus.DeviceInfo(bus, ports, 1, 2, 0x200, 9, 0).location();
        int[] expected = IntStream.concat(IntStream.of(bus), ports.stream().mapToInt(Integer::intValue)).toArray();
        assertArrayEquals(expected, UsbBus.parseLocation(location));
    }

    @Property
    void vidPidParsesFromHex(@ForAll @IntRange(min = 0, max = 0xFFFF) int vid,
                             @ForAll @IntRange(min = 0, max = 0xFFFF) int pid) {
        String upper = String.format("%04X:%04X", vid, pid);
        assertArrayEquals(new int[] {vid, pid}, UsbBus.parseVidPid(upper));
        assertEquals(upper.toLowerCase(), new UsbBus.DeviceInfo(1, List.of(), vid, pid, 0x200, 9, 0).vidPid());
    }

    @Property
    void garbageIsRejectedWithAMessage(@ForAll("notLocations") String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UsbBus.parseLocation(text));
        assertEquals(true, e.getMessage().contains("USB location"), e.getMessage());
    }

    @Provide
    Arbitrary<List<Integer>> portPaths() {
        return Arbitraries.integers().between(1, 255).list().ofMaxSize(7);
    }

    @Provide
    Arbitrary<String> notLocations() {
        // A dot or dash where a number must be, letters, an empty part, or a port 0.
        return Arbitraries.oneOf(
                Arbitraries.strings().withChars("abc-.").ofMinLength(1).ofMaxLength(8)
                        .filter(s -> !s.matches("\\d+(-\\d+(\\.\\d+)*)?")),
                Arbitraries.integers().between(1, 9).map(b -> b + "-"),
                Arbitraries.integers().between(1, 9).map(b -> b + "-1..2"),
                Arbitraries.integers().between(1, 9).map(b -> b + "-0"),
                Arbitraries.integers().between(1, 9).list().ofSize(8)
                        .map(l -> "1-" + l.stream().map(String::valueOf).collect(Collectors.joining("."))));
    }
}
