package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class AiotS9CodecPropertiesTest {
    private static final Map<String, FieldKind> KINDS = Map.of(
            "Type", FieldKind.TYPE, "IdMode", FieldKind.PARAMETER, "Policy", FieldKind.KEY_ID,
            "NetworkNonce", FieldKind.NONCE, "DeviceNonce", FieldKind.NONCE, "Capability", FieldKind.PARAMETER,
            "ProtectedDeviceId", FieldKind.ADDRESS, "SecuredPayload", FieldKind.PAYLOAD, "Mac", FieldKind.MIC);

    private final AiotS9Codec codec = new AiotS9Codec();

    @Provide
    Arbitrary<Frame> frames() {
        return FrameArbitraries.anyFrame();
    }

    @Property(tries = 300)
    void pagingRoundTrips(@ForAll("pagings") Paging f) throws FrameDecodeException {
        assertEquals(f, Paging.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
    }

    @Provide
    Arbitrary<Paging> pagings() {
        return FrameArbitraries.paging();
    }

    @Property(tries = 300)
    void pagingResponseRoundTrips(@ForAll("pagingResponses") PagingResponse f) throws FrameDecodeException {
        assertEquals(f, PagingResponse.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
    }

    @Provide
    Arbitrary<PagingResponse> pagingResponses() {
        return FrameArbitraries.pagingResponse();
    }

    @Property(tries = 300)
    void commandRoundTrips(@ForAll("commands") Command f) throws FrameDecodeException {
        assertEquals(f, Command.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
    }

    @Provide
    Arbitrary<Command> commands() {
        return FrameArbitraries.command();
    }

    @Property(tries = 300)
    void commandResponseRoundTrips(@ForAll("commandResponses") CommandResponse f) throws FrameDecodeException {
        assertEquals(f, CommandResponse.decode(f.encode()));
        assertEquals(f, codec.decode(f.encode()));
    }

    @Provide
    Arbitrary<CommandResponse> commandResponses() {
        return FrameArbitraries.commandResponse();
    }

    @Property(tries = 300)
    void fieldsCoverEveryByteOnceInOrderWithTheSpecKinds(@ForAll("frames") Frame f) {
        byte[] bytes = f.encode();
        List<FieldDescriptor> fields = f.fields();
        int next = 0;
        for (FieldDescriptor d : fields) {
            assertEquals(next, d.offset(), "gap or overlap before " + d);
            assertTrue(d.length() > 0, "empty field " + d);
            assertEquals(KINDS.get(d.name()), d.kind(), d.name());
            next = d.end();
        }
        assertEquals(bytes.length, next);
        assertEquals("Type", fields.get(0).name());
    }

    @Property(tries = 1000)
    void arbitraryBytesGiveAFrameOrADecodeError(@ForAll @Size(max = 120) byte[] bytes) {
        decodesStrictly(bytes);
    }

    @Property(tries = 1000)
    void arbitraryBytesBehindAValidTypeGiveAFrameOrADecodeError(@ForAll @IntRange(min = 1, max = 4) int type,
                                                                @ForAll @Size(max = 100) byte[] rest) {
        byte[] bytes = new byte[rest.length + 1];
        bytes[0] = (byte) type;
        System.arraycopy(rest, 0, bytes, 1, rest.length);
        decodesStrictly(bytes);
    }

    @Property(tries = 1000)
    void mutatedValidFramesGiveAFrameOrADecodeError(@ForAll("frames") Frame f, @ForAll("mutations") int[] m) {
        byte[] bytes = f.encode();
        int at = m[1] % (bytes.length + 1);
        byte[] mutated = switch (m[0]) {
            case 0 -> Arrays.copyOf(bytes, at);                              // truncate
            case 1 -> Arrays.copyOf(bytes, bytes.length + 1 + at % 3);       // extend with zeros
            case 2 -> setByte(bytes, Math.min(at, bytes.length - 1), m[2]);  // overwrite one byte
            default -> Fixtures.flipBit(bytes, m[1] % (bytes.length * 8));   // flip one bit
        };
        decodesStrictly(mutated);
    }

    @Provide
    Arbitrary<int[]> mutations() {
        return Arbitraries.integers().between(0, 3).flatMap(kind -> Arbitraries.integers().between(0, 100_000)
                .flatMap(at -> Arbitraries.integers().between(0, 255).map(v -> new int[] {kind, at, v})));
    }

    private static byte[] setByte(byte[] b, int at, int value) {
        byte[] out = b.clone();
        out[at] = (byte) value;
        return out;
    }

    private void decodesStrictly(byte[] bytes) {
        Frame decoded;
        try {
            decoded = codec.decode(bytes);
        } catch (FrameDecodeException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= bytes.length, "offset " + e.offset());
            assertTrue(KINDS.containsKey(e.field()), "unknown field name " + e.field());
            return;
        }
        assertArrayEquals(bytes, decoded.encode(), "decoded frame must re-encode to the same bytes");
    }
}
