package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class AiotS9PersonalizationTest {

    @Property(tries = 100)
    void toStringRevealsNeitherTheDeviceIdNorTheKey(@ForAll @Size(8) byte[] id, @ForAll @Size(16) byte[] key) {
        String s = AiotS9Personalization.of(id, KeyMaterial.of(key)).toString();
        assertFalse(s.contains(Hex.encode(id)), s);
        assertFalse(s.contains(Hex.encode(key)), s);
    }
}
