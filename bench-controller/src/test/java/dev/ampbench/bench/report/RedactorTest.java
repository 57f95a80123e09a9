package dev.ampbench.bench.report;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedactorTest {

    /** A secret written the ways people and tools write bytes: plain, upper case, separated, C array, mixed case. */
    record Spelling(byte[] secret, String text) {
    }

    @Provide
    Arbitrary<Spelling> spellings() {
        Arbitrary<byte[]> secrets = Arbitraries.bytes().array(byte[].class).ofMinSize(4).ofMaxSize(32);
        Arbitrary<String> separators = Arbitraries.of("", " ", ":", "-", ", ", "_", ".", "\t", ", 0x");
        Arbitrary<Boolean> upper = Arbitraries.of(true, false);
        Arbitrary<Long> caseMask = Arbitraries.longs();
        return Combinators.combine(secrets, separators, upper, caseMask).as((s, sep, up, mask) -> {
            StringBuilder sb = new StringBuilder(sep.equals(", 0x") ? "0x" : "");
            for (int i = 0; i < s.length; i++) {
                if (i > 0) {
                    sb.append(sep);
                }
                sb.append(String.format("%02x", s[i] & 0xff));
            }
            String text = up ? sb.toString().toUpperCase(Locale.ROOT) : sb.toString();
            // and some spellings with every letter's case chosen independently
            if (mask % 3 == 0) {
                char[] c = text.toCharArray();
                for (int i = 0; i < c.length; i++) {
                    if (((mask >>> (i % 63)) & 1) == 1 && c[i] != 'x') {
                        c[i] = Character.toUpperCase(c[i]);
                    }
                }
                text = new String(c);
            }
            return new Spelling(s, text);
        });
    }

    @Property
    void everySpellingOfASecretIsRemoved(@ForAll("spellings") Spelling sp,
                                         @ForAll @StringLength(max = 20) String before,
                                         @ForAll @StringLength(max = 20) String after) {
        Redactor r = new Redactor();
        r.register("k1", sp.secret());
        String out = r.redact(before + sp.text() + after);
        assertFalse(out.toLowerCase(Locale.ROOT).replaceAll("[^0-9a-f]", "")
                        .contains(HexFormat.of().formatHex(sp.secret())),
                () -> "secret still visible in: " + out);
        assertTrue(out.contains("[REDACTED k1]"), out);
        assertFalse(r.containsSecret(out), out);
    }

    @Property
    void theByteReversedSpellingIsRemovedToo(@ForAll("spellings") Spelling sp) {
        byte[] reversed = new byte[sp.secret().length];
        for (int i = 0; i < reversed.length; i++) {
            reversed[i] = sp.secret()[reversed.length - 1 - i];
        }
        Redactor r = new Redactor();
        r.register("DevEUI", reversed);
        String out = r.redact("<" + sp.text() + ">");
        assertEquals("<[REDACTED DevEUI]>", out);
        assertEquals(1, r.size());
    }

    @Property
    void textWithoutSecretIsUnchanged(@ForAll @Size(min = 4, max = 32) byte[] secret, @ForAll String text) {
        Redactor r = new Redactor();
        r.register("k", secret);
        if (!r.containsSecret(text)) {
            assertEquals(text, r.redact(text));
        }
    }

    @Property
    void overlappingSecretsLeaveNeitherVisible(@ForAll @Size(min = 12, max = 24) byte[] joined,
                                               @ForAll("cut") int cut) {
        // two secrets that share bytes: [0, cut+4) and [cut, len)
        int c = Math.min(cut, joined.length - 8);
        byte[] a = java.util.Arrays.copyOfRange(joined, 0, c + 4);
        byte[] b = java.util.Arrays.copyOfRange(joined, c, joined.length);
        Redactor r = new Redactor();
        r.register("a", a);
        r.register("b", b);
        String out = r.redact("frame " + HexFormat.of().formatHex(joined) + " end");
        assertFalse(r.containsSecret(out), out);
        assertEquals("frame [REDACTED a] end", out);
    }

    @Provide
    Arbitrary<Integer> cut() {
        return Arbitraries.integers().between(1, 16);
    }

    @Property
    void binaryRedactionZeroesRawSecretBytes(@ForAll @Size(min = 4, max = 16) byte[] secret,
                                             @ForAll @Size(max = 16) byte[] before,
                                             @ForAll @Size(max = 16) byte[] after) {
        Redactor r = new Redactor();
        r.register("k", secret);
        byte[] data = new byte[before.length + secret.length + after.length];
        System.arraycopy(before, 0, data, 0, before.length);
        System.arraycopy(secret, 0, data, before.length, secret.length);
        System.arraycopy(after, 0, data, before.length + secret.length, after.length);
        byte[] out = r.redactBinary(data);
        assertEquals(data.length, out.length);
        assertFalse(HexFormat.of().formatHex(out).contains(HexFormat.of().formatHex(secret)));
    }

    @Example
    void knownSpellings() {
        Redactor r = new Redactor();
        r.register("NwkKey of tag-7", HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c"));
        assertEquals("key=[REDACTED NwkKey of tag-7].",
                r.redact("key=2B7E151628AED2A6ABF7158809CF4F3C."));
        assertEquals("k: [REDACTED NwkKey of tag-7]",
                r.redact("k: 2b:7e:15:16:28:ae:d2:a6:ab:f7:15:88:09:cf:4f:3c"));
        assertEquals("{ [REDACTED NwkKey of tag-7] }", r.redact(
                "{ 0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c }"));
        // inside a longer hex dump, at any offset
        assertEquals("00ff[REDACTED NwkKey of tag-7]ee",
                r.redact("00ff2b7e151628aed2a6abf7158809cf4f3cee"));
        // a prefix of the key is not the key
        assertEquals("2b7e151628aed2a6abf7158809cf4f", r.redact("2b7e151628aed2a6abf7158809cf4f"));
        assertEquals("[NwkKey of tag-7]", r.labels().toString());
        assertFalse(r.toString().contains("2b7e"));
    }

    @Example
    void aLittleEndianEuiInAFrameDumpIsRedacted() {
        Redactor r = new Redactor();
        r.register("DevEUI of tag-9", HexFormat.of().parseHex("70b3d57ed0000001"));
        // LoRaWAN JoinRequest: MHDR, JoinEUI (LE), DevEUI (LE), DevNonce, MIC
        assertEquals("00 0100000000000000 [REDACTED DevEUI of tag-9] 3412 deadbeef",
                r.redact("00 0100000000000000 010000D07ED5B370 3412 deadbeef"));
        assertEquals(List.of("DevEUI of tag-9"), r.labels());
        byte[] frame = HexFormat.of().parseHex("ff010000d07ed5b370ff");
        assertArrayEquals(HexFormat.of().parseHex("ff0000000000000000ff"), r.redactBinary(frame));
    }

    @Example
    void tooShortSecretsAreRefused() {
        Redactor r = new Redactor();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> r.register("pin", new byte[] {1, 2, 3}));
        assertTrue(e.getMessage().contains("pin"), e.getMessage());
        assertEquals(0, r.size());
    }

    @Example
    void binaryRedactionOfUtf8Attachment() {
        Redactor r = new Redactor();
        byte[] key = HexFormat.of().parseHex("a1b2c3d4e5f6");
        r.register("id", key);
        RedactingResultsWriter w = new RedactingResultsWriter(new io.qameta.allure.AllureResultsWriter() {
            @Override
            public void write(io.qameta.allure.model.TestResult testResult) {
            }

            @Override
            public void write(io.qameta.allure.model.TestResultContainer container) {
            }

            @Override
            public void write(String source, java.io.InputStream attachment) {
            }
        }, r);
        assertArrayEquals("id [REDACTED id]\n".getBytes(StandardCharsets.UTF_8),
                w.redact("id A1-B2-C3-D4-E5-F6\n".getBytes(StandardCharsets.UTF_8)));
        byte[] bin = {(byte) 0xff, (byte) 0xfe, (byte) 0xa1, (byte) 0xb2, (byte) 0xc3, (byte) 0xd4, (byte) 0xe5,
            (byte) 0xf6, (byte) 0x80};
        assertArrayEquals(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, 0, 0, 0, 0, (byte) 0x80}, w.redact(bin));
    }
}
