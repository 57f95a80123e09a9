package dev.ampbench.cli;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectCapabilities;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code --emulator-defect} as run, powercut, fuzz and replay take it: the names must be in the emulator's catalog,
 * and a defect must be one the emulated device(s) the command talks to implement ({@link DefectCapabilities}); one
 * the device does not implement would change nothing and only mislead (a run or campaign that cannot find it).
 */
final class EmulatorDefects {
    private EmulatorDefects() {
    }

    /** The defects named; an unknown name is a usage error. */
    static Set<Defect> parse(List<String> names) {
        Set<Defect> set = EnumSet.noneOf(Defect.class);
        for (String d : names) {
            set.add(Defect.byCliName(d).orElseThrow(() -> new Main.UserError("unknown defect '" + d
                    + "'; see ampbench emulate --list-defects")));
        }
        return set;
    }

    /** The defects named, each implemented by the emulated {@code profile} device in {@code role}. */
    static Set<Defect> parse(List<String> names, Profile profile, Role role) {
        Set<Defect> set = parse(names);
        DefectCapabilities.unimplemented(set, profile, role).ifPresent(why -> {
            throw new Main.UserError("--emulator-defect: " + why);
        });
        return set;
    }

    /**
     * Checks that each of {@code defects} is implemented by at least one of the emulated devices ({@code targets},
     * profile to role, several roles a profile), which a command that runs several (run's suites, powercut's plans)
     * talks to; otherwise a usage error naming what those devices do implement.
     */
    static void requireSomeImplements(Set<Defect> defects, Collection<Map.Entry<Profile, Role>> targets) {
        Set<Defect> have = EnumSet.noneOf(Defect.class);
        targets.forEach(t -> have.addAll(DefectCapabilities.implemented(t.getKey(), t.getValue())));
        Set<Defect> missing = EnumSet.copyOf(defects.isEmpty() ? EnumSet.noneOf(Defect.class) : defects);
        missing.removeAll(have);
        if (!missing.isEmpty()) {
            throw new Main.UserError("--emulator-defect: no emulated device this command talks to ("
                    + targets.stream().map(t -> t.getKey().id() + " " + t.getValue().cliName()).distinct()
                    .collect(Collectors.joining(", ")) + ") implements "
                    + missing.stream().map(Defect::cliName).collect(Collectors.joining(", "))
                    + "; they implement: " + have.stream().map(Defect::cliName).collect(Collectors.joining(", ")));
        }
    }
}
