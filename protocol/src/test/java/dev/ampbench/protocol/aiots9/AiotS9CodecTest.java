package dev.ampbench.protocol.aiots9;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Strictness of the codec on examples: each malformation names the field and offset the spec gives. */
class AiotS9CodecTest {
    private final AiotS9Codec codec = new AiotS9Codec();
    private static final byte[] PAGING = Hex.decode("0100b0b1b2b3b4b5b6b7a8464ac5ae2082d153b1584b0c2696cc");
    private static final byte[] RESPONSE = Hex.decode("0200c0c1c2c3c4c5c6c7023a87d21590f5712a10a5368d26b75cff");
    private static final byte[] COMMAND_NONE = Hex.decode(
            "030100b0b1b2b3b4b5b6b76bd92a48b1485133726561642074656d7065726174757265");

    private FrameDecodeException failure(byte[] bytes) {
        return assertThrows(FrameDecodeException.class, () -> codec.decode(bytes));
    }

    private void assertFails(byte[] bytes, String field, int offset) {
        FrameDecodeException e = failure(bytes);
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
    }

    @Test
    void isTheAiotS9Codec() {
        assertEquals(Profile.AIOT_S9, codec.profile());
    }

    @Test
    void emptyInputAndUnknownTypesAreRefusedAtTheTypeByte() {
        assertFails(new byte[0], "Type", 0);
        assertFails(new byte[] {0x00}, "Type", 0);
        assertFails(new byte[] {0x05, 0, 0}, "Type", 0);
        assertFails(new byte[] {(byte) 0x81}, "Type", 0);
    }

    @Test
    void eachFrameDecoderRefusesAnotherFramesType() {
        assertThrows(FrameDecodeException.class, () -> PagingResponse.decode(PAGING));
        assertThrows(FrameDecodeException.class, () -> Paging.decode(RESPONSE));
        assertThrows(FrameDecodeException.class, () -> CommandResponse.decode(COMMAND_NONE));
    }

    @Test
    void unknownIdModePolicyAndCapabilityValuesAreRefused() {
        assertFails(with(PAGING, 1, 2), "IdMode", 1);
        assertFails(with(COMMAND_NONE, 2, 3), "Policy", 2);
        assertFails(with(RESPONSE, 10, 3), "Capability", 10);
    }

    @Test
    void capabilityReservedBitsMustBeZero() {
        for (int bit = 2; bit < 8; bit++) {
            assertFails(with(RESPONSE, 10, 2 | (1 << bit)), "Capability", 10);
        }
    }

    @Test
    void fixedLengthFramesRefuseShortAndLongInput() {
        assertEquals(Paging.LENGTH, PAGING.length);
        assertEquals(PagingResponse.LENGTH, RESPONSE.length);
        assertFails(Arrays.copyOf(PAGING, 25), "Mac", 18);
        assertFails(Arrays.copyOf(PAGING, 9), "NetworkNonce", 2);
        assertFails(Arrays.copyOf(PAGING, 27), "Mac", 26);
        assertFails(Arrays.copyOf(RESPONSE, 28), "Mac", 27);
    }

    @Test
    void aCommandWithAMacPolicyMustHaveRoomForTheMac() {
        byte[] integrityNoRoom = with(Arrays.copyOf(COMMAND_NONE, 19 + 7), 2, 1);
        assertFails(integrityNoRoom, "Mac", 19);
    }

    @Test
    void payloadLongerThan64BytesIsRefused() throws FrameDecodeException {
        byte[] max = Arrays.copyOf(COMMAND_NONE, 19 + 64);
        assertEquals(64, ((Command) codec.decode(max)).securedPayload().length);
        assertFails(Arrays.copyOf(COMMAND_NONE, 19 + 65), "SecuredPayload", 19);
        byte[] integrity = with(Arrays.copyOf(COMMAND_NONE, 19 + 65 + 8), 2, 1);
        assertFails(integrity, "SecuredPayload", 19);
    }

    @Test
    void aCommandUnderNoneHasNoMacAndMayHaveAnEmptyPayload() throws FrameDecodeException {
        Command c = (Command) codec.decode(Arrays.copyOf(COMMAND_NONE, 19));
        assertEquals(0, c.securedPayload().length);
        assertEquals(0, c.mac().length);
        assertEquals(5, c.fields().size(), "absent payload and Mac have no descriptors");
    }

    @Test
    void framesCopyTheirArraysInAndOut() throws FrameDecodeException {
        Paging p = Paging.decode(PAGING);
        byte[] nn = p.networkNonce();
        nn[0] ^= 1;
        assertArrayEquals(Arrays.copyOfRange(PAGING, 2, 10), p.networkNonce());
        byte[] mac = Arrays.copyOfRange(PAGING, 18, 26);
        Paging q = new Paging(IdMode.ENCRYPTED_ID, Arrays.copyOfRange(PAGING, 2, 10),
                Arrays.copyOfRange(PAGING, 10, 18), mac);
        mac[0] ^= 1;
        assertArrayEquals(PAGING, q.encode());
    }

    @Test
    void errorMessagesAndPersonalizationsNeverPrintTheKey() {
        AiotS9Personalization p = Fixtures.personalization(IdMode.ENCRYPTED_ID, SecurityPolicy.INTEGRITY);
        assertFalse(p.toString().contains(Hex.encode(Fixtures.KEY)), p.toString());
        assertFalse(new AiotS9Device(p, Fixtures.context(Fixtures.constant(Fixtures.DN)), java.util.Set.of())
                .toString().contains(Hex.encode(Fixtures.KEY)));
    }

    private static byte[] with(byte[] frame, int at, int value) {
        byte[] out = frame.clone();
        out[at] = (byte) value;
        return out;
    }
}
