package dev.ampbench.fuzz;

import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.seal.FrameSealer;
import dev.ampbench.protocol.seal.FrameSealers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sealers against the counterpart machines: resealing a valid frame gives back the very MIC the machine put there
 * (so the sealer computes what the counterpart computes, under the keys it followed), and resealing a mutated frame
 * changes its MIC field only.
 */
class FrameSealersTest {
    /** The frames of a valid scenario each profile's sealer protects (the others carry no integrity field it holds). */
    private static final Map<Profile, List<String>> SEALED = Map.of(
            Profile.AMP_SEC, List.of("Response", "Confirm", "DownlinkData", "PmkUpdate"),
            Profile.AMP_PROV, List.of("PROV_RESPONSE", "PROV_CONFIRM", "REKEY", "REKEY_ACK", "REQ_SENSOR_DATA",
                    "RES_SENSOR_DATA"),
            Profile.AIOT_S9, List.of("Paging", "Command", "PagingResponse", "CommandResponse"),
            Profile.LORAWAN, List.of("JoinRequest", "JoinAccept", "UnconfirmedDataUp", "UnconfirmedDataDown"));

    private static FrameSealer sealer(Profile p) {
        return FrameSealers.forTag(p, FirmwareCatalog.representative(p, Role.DEVICE, 1).identities().get(0));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void resealingAValidFrameGivesTheCounterpartsOwnMic(Profile p) {
        FrameSealer s = sealer(p);
        List<String> resealed = new ArrayList<>();
        for (Frame f : Samples.frames(p)) {
            byte[] bytes = f.encode();
            Optional<byte[]> r = s.reseal(bytes, bytes);
            if (r.isPresent()) {
                assertArrayEquals(bytes, r.get(), f.type() + ": the resealed MIC differs from the machine's");
                resealed.add(f.type());
            }
            s.observe(bytes);
        }
        assertTrue(resealed.containsAll(SEALED.get(p)), "resealed " + resealed + ", expected " + SEALED.get(p));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void aResealedMutationDiffersFromTheMutatedFrameInItsMicOnly(Profile p) {
        FrameSealer s = sealer(p);
        int checked = 0;
        for (Frame f : Samples.frames(p)) {
            byte[] bytes = f.encode();
            FieldDescriptor mic = f.fields().stream().filter(d -> d.kind() == FieldKind.MIC && d.length() > 0)
                    .reduce((a, b) -> b).orElse(null);
            FieldDescriptor other = f.fields().stream().filter(d -> d.kind() == FieldKind.ADDRESS
                    || d.kind() == FieldKind.COUNTER || d.kind() == FieldKind.NONCE).findFirst().orElse(null);
            if (SEALED.get(p).contains(f.type()) && mic != null && other != null) {
                byte[] mutated = bytes.clone();
                mutated[other.offset()] ^= 0x01;
                byte[] r = s.reseal(bytes, mutated).orElseThrow(() -> new AssertionError(f.type() + " not resealed"));
                assertFalse(Arrays.equals(mutated, r), f.type() + ": the MIC should change with the field");
                for (int i = 0; i < r.length; i++) {
                    if (i < mic.offset() || i >= mic.end()) {
                        assertEquals(mutated[i], r[i], f.type() + ": octet " + i + " outside the MIC changed");
                    }
                }
                checked++;
            }
            s.observe(bytes);
        }
        assertTrue(checked > 0, "no protected frame with an address, counter or nonce in " + p.id());
    }

    @Test
    void aLoRaWanJoinAcceptIsResealedUnderItsEncryption() {
        FrameSealer s = sealer(Profile.LORAWAN);
        for (Frame f : Samples.frames(Profile.LORAWAN)) {
            byte[] bytes = f.encode();
            if (f.type().equals("JoinAccept")) {
                byte[] mutated = bytes.clone();
                mutated[3] ^= 0x40; // ciphertext: the plaintext under it changes, MIC included
                byte[] r = s.reseal(bytes, mutated).orElseThrow();
                assertEquals(bytes.length, r.length);
                assertFalse(Arrays.equals(mutated, r), "the encrypted MIC must be recomputed");
                assertArrayEquals(r, s.reseal(bytes, r).orElseThrow(), "a resealed JoinAccept verifies as it is");
                return;
            }
            s.observe(bytes);
        }
        throw new AssertionError("no JoinAccept in the lorawan scenario");
    }
}
