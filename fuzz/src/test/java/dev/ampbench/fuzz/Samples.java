package dev.ampbench.fuzz;

import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.SeededRandomSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Valid frames of every profile's tag scenario and machine targets for tests, from the emulator's seeded identities. */
final class Samples {
    private Samples() {
    }

    static Scenario scenario(Profile p, long seed) {
        return Scenario.forTag(p, FirmwareCatalog.representative(p, Role.DEVICE, seed).identities());
    }

    /** A conforming tag machine, or one exhibiting {@code deviations}, as an in-process target. */
    static MachineTarget tag(Profile p, long seed, Set<Deviation> deviations) {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, seed);
        return new MachineTarget(ctx -> b.firmware().get(0).boot(ctx, deviations), scenario(p, seed).actions(),
                new SeededRandomSource(seed));
    }

    /** Every frame of one full valid scenario, both directions, decoded. */
    static List<Frame> frames(Profile p) {
        return frames(p, 1);
    }

    /** The same for the identities of {@code seed}. */
    static List<Frame> frames(Profile p, long seed) {
        Scenario s = scenario(p, seed);
        Side side = new Side(s, tag(p, seed, Set.of()), Profiles.codec(p), 2, true);
        List<Frame> out = new ArrayList<>();
        try {
            for (Finding.Frame f : side.run(CasePlan.control(), Integer.MAX_VALUE, 0).frames()) {
                out.add(Profiles.codec(p).decode(f.bytes()));
            }
        } catch (FrameDecodeException | dev.ampbench.bench.LabFault e) {
            throw new AssertionError("a valid scenario frame must decode", e);
        }
        return out;
    }
}
