package dev.ampbench.bench.report;

import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FieldTableTest {
    private static final byte[] BYTES = HexFormat.of().parseHex("0102a1b2c3d4e5f60708");
    private static final List<FieldDescriptor> FIELDS = List.of(
            new FieldDescriptor("Type", 0, 1, FieldKind.TYPE, ByteOrder.BIG_ENDIAN),
            new FieldDescriptor("FCnt", 1, 1, FieldKind.COUNTER, ByteOrder.BIG_ENDIAN),
            new FieldDescriptor("DevEUI", 2, 6, FieldKind.ADDRESS, ByteOrder.LITTLE_ENDIAN),
            new FieldDescriptor("MIC", 8, 2, FieldKind.MIC, ByteOrder.BIG_ENDIAN));

    @Test
    void markdownListsEveryFieldWithOffsetLengthKindAndHex() {
        String md = new FieldTable(BYTES, FIELDS, new Redactor()).markdown();
        assertEquals("""
                | field | offset | length | kind | value |
                |---|---:|---:|---|---|
                | Type | 0 | 1 | TYPE | 01 |
                | FCnt | 1 | 1 | COUNTER | 02 |
                | DevEUI | 2 | 6 | ADDRESS (LE) | a1b2c3d4e5f6 |
                | MIC | 8 | 2 | MIC | 0708 |
                """, md);
    }

    @Test
    void htmlIsEscapedAndHasOneRowPerField() {
        List<FieldDescriptor> f = List.of(new FieldDescriptor("A<b>", 0, 10, FieldKind.PAYLOAD, ByteOrder.BIG_ENDIAN));
        String html = new FieldTable(BYTES, f, new Redactor()).html("bench → DUT <x>");
        assertTrue(html.contains("<td>A&lt;b&gt;</td><td>0</td><td>10</td><td>PAYLOAD</td>"
                + "<td>0102a1b2c3d4e5f60708</td>"), html);
        assertTrue(html.contains("bench → DUT &lt;x&gt;"), html);
        assertEquals(2, html.split("<tr>", -1).length - 1);
    }

    @Test
    void registeredSecretsAreRedactedInTableAndHex() {
        Redactor r = new Redactor();
        r.register("DevEUI of tag-3", HexFormat.of().parseHex("a1b2c3d4e5f6"));
        FieldTable t = new FieldTable(BYTES, FIELDS, r);
        assertTrue(t.markdown().contains("| DevEUI | 2 | 6 | ADDRESS (LE) | [REDACTED DevEUI of tag-3] |"),
                t.markdown());
        assertEquals("01 02 [REDACTED DevEUI of tag-3] 07 08", t.hex());
        assertFalse(t.html(null).toLowerCase().contains("a1b2c3"));
    }

    @Test
    void hexBreaksLinesEvery16Bytes() {
        byte[] b = new byte[18];
        b[16] = (byte) 0xab;
        assertEquals("00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00\nab 00",
                new FieldTable(b, List.of(), new Redactor()).hex());
    }

    @Test
    void truncatedAndUndescribedBytesAreShownNotHidden() {
        byte[] shortFrame = HexFormat.of().parseHex("0102a1b2");
        String md = new FieldTable(shortFrame, FIELDS, new Redactor()).markdown();
        assertTrue(md.contains("| DevEUI | 2 | 6 | ADDRESS (LE) | a1b2 (truncated: frame ends at 4) |"), md);
        assertTrue(md.contains("| MIC | 8 | 2 | MIC | (missing: frame ends at 4) |"), md);

        String extra = new FieldTable(HexFormat.of().parseHex("01ffee"), FIELDS.subList(0, 1), new Redactor())
                .markdown();
        assertTrue(extra.contains("Bytes 1..2 are not described by any field: ffee"), extra);
    }

    @Test
    void onlyKeyKindsCountAsKeys() {
        // no kind on the air is a key today; a key *selector* is not a key
        for (FieldKind k : FieldKind.values()) {
            assertFalse(FieldTable.isKeyKind(k), k.name());
        }
    }

    @Test
    void realFrameDescriptorsRender() {
        byte[] aa = HexFormat.of().parseHex("020000000001");
        byte[] da = HexFormat.of().parseHex("020000000002");
        byte[] anonce = new byte[AmpSecFormat.NONCE_LENGTH];
        anonce[0] = 0x5a;
        TriggerFrame f = new TriggerFrame(AmpSecFormat.DEFAULT, aa, da, 3, anonce, new byte[0]);
        String md = new FieldTable(f.encode(), f.fields(), new Redactor()).markdown();
        assertTrue(md.contains("| AA |"), md);
        assertTrue(md.contains("| ADDRESS | 020000000001 |"), md);
        assertTrue(md.contains("| ANonce |"), md);
        assertTrue(md.contains("| 32 | NONCE | 5a" + "00".repeat(31) + " |"), md);
        assertFalse(md.contains("not described"), md);
    }
}
