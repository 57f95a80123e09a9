package dev.ampbench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.inspect.FrameInspector;
import dev.ampbench.protocol.inspect.FrameInspectors;
import dev.ampbench.protocol.inspect.Inspection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The contract every profile's FrameInspector keeps on arbitrary input (what `decode --key` may be given): an
 * Inspection or the codec's own error, never anything else; the same type the codec decodes; a reason for every
 * verdict; and nothing verified, failed or decrypted without a key.
 */
class InspectorContractTest {
    /** Octets each key name takes (all others 16). */
    private static final Map<String, Integer> LENGTHS = Map.of("PTK", 48, "NetworkNonce", 8);

    @Property(tries = 1500)
    void arbitraryFramesAndKeysGiveAnInspectionOrTheCodecsError(@ForAll Profile profile,
            @ForAll @Size(max = 120) byte[] bytes, @ForAll @Size(min = 48, max = 48) byte[] keyBytes,
            @ForAll int whichKeys) throws Exception {
        FrameInspector inspector = FrameInspectors.of(profile).orElseThrow();
        assertEquals(profile, inspector.profile());
        List<String> names = List.copyOf(inspector.keyNames().keySet());
        Map<String, KeyMaterial> keys = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            if ((whichKeys >>> i & 1) != 0) {
                byte[] k = java.util.Arrays.copyOf(keyBytes, LENGTHS.getOrDefault(names.get(i), 16));
                k[0] ^= (byte) i; // distinct keys
                keys.put(names.get(i), KeyMaterial.of(k));
            }
        }
        String type;
        try {
            type = Profiles.codec(profile).decode(bytes).type();
        } catch (FrameDecodeException e) {
            try {
                inspector.inspect(bytes, keys);
            } catch (FrameDecodeException same) {
                return;
            }
            throw new AssertionError("the codec refused what the inspector took: " + e.getMessage());
        }
        Inspection i = inspector.inspect(bytes, keys);
        assertEquals(type, i.type());
        assertFalse(i.checks().isEmpty(), "an inspection always says what it checked or why not");
        i.checks().forEach(c -> assertFalse(c.detail().isBlank(), c.toString()));
        if (keys.isEmpty()) {
            assertTrue(i.checks().stream().allMatch(c -> c.verdict() == Inspection.Verdict.NOT_CHECKED),
                    "a verdict without a key: " + i.checks());
            assertTrue(i.plaintexts().isEmpty(), "a plaintext without a key");
        }
        i.plaintexts().forEach(p -> assertTrue(p.bytes().length <= bytes.length, p.field()));
    }
}
