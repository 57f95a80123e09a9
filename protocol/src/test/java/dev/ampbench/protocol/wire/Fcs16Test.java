package dev.ampbench.protocol.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class Fcs16Test {

    @Test
    void checkValueOfCrc16X25() {
        assertEquals(0x906E, Fcs16.of("123456789".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void emptyInputGivesInitXorFinal() {
        assertEquals(0x0000, Fcs16.of(new byte[0]));
    }

    @Test
    void rfc1662GoodResidue() {
        // RFC 1662 section C.2: running the FCS over the data and its FCS (LSB first) leaves 0xF0B8.
        byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
        int fcs = Fcs16.of(data);
        int r = Fcs16.INIT;
        for (byte b : data) {
            r = Fcs16.update(r, b);
        }
        r = Fcs16.update(r, fcs & 0xff);
        r = Fcs16.update(r, fcs >>> 8);
        assertEquals(0xF0B8, r);
    }

    @Property
    void offsetAndLengthSelectTheSlice(@ForAll @Size(max = 40) byte[] prefix, @ForAll @Size(max = 40) byte[] body,
                                       @ForAll @Size(max = 40) byte[] suffix) {
        byte[] all = new byte[prefix.length + body.length + suffix.length];
        System.arraycopy(prefix, 0, all, 0, prefix.length);
        System.arraycopy(body, 0, all, prefix.length, body.length);
        System.arraycopy(suffix, 0, all, prefix.length + body.length, suffix.length);
        assertEquals(Fcs16.of(body), Fcs16.of(all, prefix.length, body.length));
    }

    @Property
    void everySingleBitErrorIsDetected(@ForAll @Size(min = 1, max = 64) byte[] data,
                                       @ForAll @IntRange(max = 511) int bit) {
        int i = (bit / 8) % data.length;
        byte[] flipped = data.clone();
        flipped[i] ^= (byte) (1 << (bit % 8));
        assertNotEquals(Fcs16.of(data), Fcs16.of(flipped));
    }
}
