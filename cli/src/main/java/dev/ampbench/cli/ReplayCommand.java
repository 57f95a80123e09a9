package dev.ampbench.cli;

import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.InventoryDutProvider;
import dev.ampbench.bench.replay.RecordedSession;
import dev.ampbench.bench.replay.ReplayInputException;
import dev.ampbench.bench.replay.ReplayReport;
import dev.ampbench.bench.replay.ReplaySide;
import dev.ampbench.bench.replay.Replayer;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SecureRandomSource;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ampbench replay CAPTURE}: plays one side of a recorded session to a device with the recorded timing and
 * compares the device's answers with the recorded ones by structure and by the rules (docs/replay.md). Exit 0 when
 * the device matches or the rules explain every difference, 1 when it breaks a rule or diverges unexplained, 2 on a
 * usage error or a corrupt capture, 3 on a lab fault.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Plays the recorded frames of one side of a capture to a device, with their timing, and "
                + "compares its answers with the recording by structure and by the rules.")
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "a pcapng capture (docs/captures.md)")
    Path capture;

    @Option(names = "--side", paramLabel = "bench|dut", description = "whose recorded frames to play: bench (the "
            + "default: the device takes the recorded DUT's place) or dut (the device takes the bench's place)")
    String side = "bench";

    @Option(names = "--link", paramLabel = "NAME", description = "the capture's device link to replay, when it has "
            + "several")
    String link;

    @Mixin
    LabDuts labDut;

    @Option(names = "--emulator-defect", paramLabel = "NAME",
            description = "replay to the built-in emulator with this defect (repeatable); see emulate --list-defects")
    List<String> defects = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "the built-in emulator's identities: the seed of the "
            + "ampbench run that recorded the capture (its nonces are drawn fresh)")
    Long seed;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReplaySide s;
        try {
            s = ReplaySide.byName(side);
        } catch (IllegalArgumentException e) {
            throw new Main.UserError(e.getMessage());
        }
        if (!Files.isRegularFile(capture)) {
            throw new Main.UserError("no capture file " + capture);
        }
        RecordedSession session;
        try {
            session = RecordedSession.read(capture, Optional.ofNullable(link));
        } catch (ReplayInputException e) {
            throw new Main.UserError(e.getMessage());
        }
        Role role = Replayer.deviceRole(session.dutRole(), s);
        DutProvider provider = provider(session.profile(), role);
        Dut dut;
        try {
            dut = provider.open(session.profile(), role).orElseThrow(() -> new Main.UserError("DUT " + labDut.dutName
                    + " is not a " + session.profile().id() + " " + role.cliName() + ", which playing the "
                    + side + " side of " + capture + " needs"));
        } catch (dev.ampbench.bench.LabFault e) {
            throw new Main.LabFault(e.getMessage(), e);
        }
        try (dut) {
            out.println("ampbench replay: " + capture + ", link '" + session.link() + "' (" + session.profile().id()
                    + " " + session.dutRole().cliName() + ", " + session.frames().size() + " frames), playing the "
                    + side + " side to " + dut.name());
            out.flush();
            ReplayReport report = Replayer.replay(dut, session, s);
            report.print(out);
            return report.consistent() ? Main.OK : Main.RULE_BROKEN;
        } catch (ReplayInputException e) {
            throw new Main.UserError(e.getMessage());
        } catch (dev.ampbench.bench.LabFault e) {
            throw new Main.LabFault(e.getMessage(), e);
        } catch (Main.UserError | Main.LabFault e) {
            throw e;
        } catch (Exception e) {
            throw new Main.LabFault("closing " + dut.name() + ": " + e.getMessage(), e);
        }
    }

    private DutProvider provider(dev.ampbench.protocol.Profile profile, Role role) {
        if (!labDut.given()) {
            Set<Defect> defectSet = EmulatorDefects.parse(defects, profile, role);
            if (seed == null) {
                throw new Main.UserError("replaying to the built-in emulator needs --seed S, the seed of the run "
                        + "that recorded the capture (or --inventory and --dut for a lab device)");
            }
            return new BuiltInEmulator(seed, defectSet, new SecureRandomSource());
        }
        InventoryDutProvider lab = labDut.open(null);
        if (!defects.isEmpty() || seed != null) {
            throw new Main.UserError("--emulator-defect and --seed apply to the built-in emulator, not to DUT "
                    + labDut.dutName);
        }
        return lab;
    }
}
