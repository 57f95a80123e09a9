package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class NonceLedgerTest {
    @Test
    void aRepeatNamesBothCycles() {
        NonceLedger l = new NonceLedger();
        assertTrue(l.add(new byte[] {1, 2}, 3, "frame 1: before").isEmpty());
        assertTrue(l.add(new byte[] {1, 3}, 4, "frame 1: after").isEmpty());
        NonceLedger.Repeat r = l.add(new byte[] {1, 2}, 9, "nonce cycle 5").orElseThrow();
        assertEquals("0102", r.nonceHex());
        assertEquals(new NonceLedger.Origin(3, "frame 1: before"), r.first());
        assertEquals(new NonceLedger.Origin(9, "nonce cycle 5"), r.again());
        assertEquals("0102 first in cycle 3 (frame 1: before), again in cycle 9 (nonce cycle 5)", r.toString());
        assertEquals(3, l.count());
        assertEquals(2, l.distinct());
        assertArrayEquals(new byte[] {1, 2, 1, 3, 1, 2}, l.octets());
    }

    /** A repeat is reported exactly when the nonce was seen before, and always against its first sighting. */
    @Property
    void repeatsAreExactlyTheDuplicates(@ForAll @Size(max = 60) List<@Size(min = 1, max = 2) byte[]> nonces) {
        NonceLedger l = new NonceLedger();
        Set<String> seen = new HashSet<>();
        java.util.Map<String, Integer> firstCycle = new java.util.HashMap<>();
        for (int i = 0; i < nonces.size(); i++) {
            String hex = dev.ampbench.protocol.codec.Hex.encode(nonces.get(i));
            var r = l.add(nonces.get(i), i, "step " + i);
            assertEquals(seen.contains(hex), r.isPresent());
            if (r.isPresent()) {
                assertEquals(firstCycle.get(hex), r.get().first().cycle());
            }
            seen.add(hex);
            firstCycle.putIfAbsent(hex, i);
        }
        assertEquals(seen.size(), l.distinct());
        assertEquals(nonces.size(), l.count());
    }
}
