package dev.ampbench.bench.power;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class ScpiErrorProperties {

    @Property
    void errorRepliesParseToTheirCodeAndText(@ForAll @IntRange(min = -999, max = 999) int code,
                                             @ForAll("errorText") String text) {
        ScpiPowerSwitch.ScpiError e = ScpiPowerSwitch.ScpiError.parse(code + ",\"" + text + "\"");
        assertNotNull(e);
        assertEquals(code, e.code());
        assertEquals(text, e.text());
    }

    @Property
    void repliesNotStartingWithANumberAreRejected(@ForAll("notANumber") String reply) {
        assertNull(ScpiPowerSwitch.ScpiError.parse(reply));
    }

    @Provide
    Arbitrary<String> errorText() {
        return Arbitraries.strings().withChars("abcXYZ ,-;:0123456789\"").ofMaxLength(40);
    }

    @Provide
    Arbitrary<String> notANumber() {
        return Arbitraries.strings().withChars("abcXYZ ,;:\"").ofMinLength(0).ofMaxLength(20)
                .filter(s -> !s.trim().isEmpty() || s.isEmpty());
    }
}
