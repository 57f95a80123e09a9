package dev.ampbench.fuzz;

import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.seal.FrameSealers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A side in fix-up mode: it reseals, never a MIC operator's frame, and never sends the valid frame as a mutation. */
class MicFixUpSideTest {

    @ParameterizedTest
    @EnumSource(Profile.class)
    void fixUpResealsButNeverTheMicOperatorsNorIntoTheValidFrame(Profile p) throws Exception {
        Side side = new Side(Samples.scenario(p, 1), Samples.tag(p, 1, Set.of()), Profiles.codec(p), 2, false);
        side.sealing(MicMode.FIXUP, FrameSealers.forTag(p,
                FirmwareCatalog.representative(p, Role.DEVICE, 1).identities().get(0)));
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
