package dev.ampbench.fuzz;

import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.seal.FrameSealers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A side in fix-up mode: it reseals, never a MIC operator's frame, and never sends the valid frame as a mutation; of
 * the session phases' frames it reseals amp-sec's (a PmkUpdate) and never a LoRaWAN JoinAccept.
 */
class MicFixUpSideTest {

    private static Side fixUpSide(Profile p, boolean keepFrames) {
        Side side = new Side(Samples.scenario(p, 1), Samples.tag(p, 1, Set.of()), Profiles.codec(p), 2, keepFrames);
        side.sealing(MicMode.FIXUP, FrameSealers.forTag(p,
                FirmwareCatalog.representative(p, Role.DEVICE, 1).identities().get(0)));
        return side;
    }

    /**
     * Each case starts a new session and mutates the session's frame of {@code type}; returns how many of those the
     * side resealed and the tag took, checking after each that the full valid scenario still goes through.
     */
    private static int resealedAndTaken(Profile p, String type) throws Exception {
        Side side = fixUpSide(p, true);
        Side.Outcome control = side.run(CasePlan.control(), Integer.MAX_VALUE, 0);
        int frames = control.injected();
        int depth = control.frames().stream().filter(f -> !f.fromDevice()).map(f -> type(p, f.bytes())).toList()
                .indexOf(type);
        assertTrue(depth >= 0 && depth < control.sessionFrames(), type + " is not a session frame of " + p.id());
        int taken = 0;
        for (long c = 0; c < 300; c++) {
            Side.Outcome o = side.run(new CasePlan(c, false, false, depth, 0, c * 0x9E3779B97F4A7C15L, true), frames,
                    control.sessionFrames());
            assertEquals(type, o.frameType());
            if (o.mutation() != null && o.mutation().sealed() && o.reaction().accepted()) {
                taken++;
            }
            Side.Outcome after = side.run(CasePlan.control(), Integer.MAX_VALUE, 0);
            assertNull(after.refusal(), "case " + c + ": the valid scenario after it was refused");
            assertEquals(frames, after.injected(), "case " + c + ": the valid scenario after it did not complete");
        }
        return taken;
    }

    private static String type(Profile p, byte[] frame) {
        try {
            return Profiles.codec(p).decode(frame).type();
        } catch (dev.ampbench.protocol.codec.FrameDecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void anAmpSecPmkUpdateIsResealedAndTheStaThatTookItStillHandshakes() throws Exception {
        assertTrue(resealedAndTaken(Profile.AMP_SEC, "PmkUpdate") > 0, "no resealed PmkUpdate was taken");
    }

    @Test
    void aLoRaWanJoinAcceptIsNeverResealedInACampaign() throws Exception {
        assertEquals(0, resealedAndTaken(Profile.LORAWAN, "JoinAccept"));
    }

    @ParameterizedTest
    @EnumSource(Profile.class)
    void fixUpResealsButNeverTheMicOperatorsNorIntoTheValidFrame(Profile p) throws Exception {
        Side side = fixUpSide(p, false);
        int frames = side.run(CasePlan.control(), Integer.MAX_VALUE, 0).injected();
        int sealed = 0;
        for (long c = 0; c < 1_500; c++) {
            Side.Outcome o = side.run(CasePlan.of(5, c, frames), frames, 0);
            Mutator.Mutation m = o.mutation();
            if (m == null || o.original() == null) {
                continue;
            }
            assertFalse(Arrays.equals(m.frame(), o.original()), "case " + c + ": the valid frame sent as a mutation");
            if (m.sealed()) {
                sealed++;
                assertTrue(m.operator().kind() != FieldKind.MIC, "case " + c + ": a MIC operator was resealed");
            }
        }
        assertTrue(sealed > 0, "no case resealed its frame in " + p.id());
    }
}
