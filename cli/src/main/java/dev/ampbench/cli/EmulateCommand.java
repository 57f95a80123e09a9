package dev.ampbench.cli;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.Emulator;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.device.EnergyModel;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.Rule;
import java.io.IOException;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ampbench emulate}: starts emulated devices and prints where each listens, until Ctrl-C. */
@Command(name = "emulate", mixinStandardHelpOptions = true,
        description = {"Starts emulated tags or a gateway, reachable as hardware is: a pseudo-terminal (default) "
                + "or a TCP port per device, and a SCPI bench supply per device whose output switches its power.",
                "Runs until interrupted (Ctrl-C)."})
final class EmulateCommand implements java.util.concurrent.Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", paramLabel = "P", description = "amp-prov, amp-sec, aiot-s9 or lorawan")
    String profile;

    @Option(names = "--role", paramLabel = "ROLE", defaultValue = "tag", description = "tag or gateway (default: tag)")
    String role;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1",
            description = "tags: how many; gateway: how many tag identities it serves (default: 1)")
    int count;

    @Option(names = "--serial", description = "one pseudo-terminal per device (the default)")
    boolean serial;

    @Option(names = "--tcp", paramLabel = "PORT", description = "TCP on loopback instead; device i on PORT+i")
    Integer tcpPort;

    @Option(names = "--psu-port", paramLabel = "N", defaultValue = "0",
            description = "first SCPI port; device i's supply on N+i (default: free ports)")
    int psuPort;

    @Option(names = "--defect", paramLabel = "NAME", description = "switch a defect on (repeatable); see --list-defects")
    List<String> defects = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "S", description = "identities and randomness derive from it "
            + "(default: random, printed)")
    Long seed;

    @Option(names = "--energy", description = "give every device the ambient energy model of a backscatter tag")
    boolean energy;

    @Option(names = "--timing", paramLabel = "T", defaultValue = "realistic",
            description = "realistic (flash 200 us/octet, radio 100 us/octet), nv-only (instant radio) or fast "
                    + "(everything instant) (default: realistic)")
    String timing;

    @Option(names = "--list-defects", description = "list the defect catalog, one a line, and exit")
    boolean listDefects;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (listDefects) {
            listDefects(out);
            return Main.OK;
        }
        Emulator.Options options = options();
        Emulator emulator;
        try {
            emulator = new Emulator(options);
        } catch (IOException e) {
            throw new Main.LabFault("cannot open the emulator's ports: " + e.getMessage(), e);
        }
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stop.countDown();
        }, "emulator-shutdown"));
        out.println("ampbench emulate: " + options.profile().id() + " " + options.role().cliName() + ", seed "
                + options.seed() + ", defects: " + (options.defects().isEmpty() ? "none"
                : options.defects().stream().map(Defect::cliName).sorted().collect(Collectors.joining(", "))));
        List<EmulatedStation> stations = emulator.stations();
        for (int i = 0; i < stations.size(); i++) {
            EmulatedStation s = stations.get(i);
            out.println("device " + i + ": " + s.device().firmware().label() + "  wire " + s.address()
                    + "  psu tcp://127.0.0.1:" + s.psuPort());
        }
        out.println("ready; Ctrl-C stops");
        out.flush();
        stop.await();
        return Main.OK;
    }

    private Emulator.Options options() {
        if (profile == null) {
            throw new Main.UserError("--profile is required (amp-prov, amp-sec, aiot-s9 or lorawan)");
        }
        Profile p = Profile.byId(profile).orElseThrow(() -> new Main.UserError("unknown profile '" + profile
                + "'; known: amp-prov, amp-sec, aiot-s9, lorawan"));
        Role r = switch (role) {
            case "tag" -> Role.DEVICE;
            case "gateway" -> Role.INFRASTRUCTURE;
            default -> throw new Main.UserError("--role must be tag or gateway, not '" + role + "'");
        };
        if (serial && tcpPort != null) {
            throw new Main.UserError("choose --serial or --tcp, not both");
        }
        Set<Defect> chosen = EnumSet.noneOf(Defect.class);
        for (String d : defects) {
            Defect defect = Defect.byCliName(d).orElseThrow(() -> new Main.UserError("unknown defect '" + d
                    + "'; see ampbench emulate --list-defects"));
            if (DefectRules.rule(defect, p).isEmpty()) {
                throw new Main.UserError("defect '" + d + "' does not apply to profile " + p.id());
            }
            chosen.add(defect);
        }
        Timing t = switch (timing) {
            case "realistic" -> Timing.REALISTIC;
            case "nv-only" -> Timing.NV_ONLY;
            case "fast" -> Timing.FAST;
            default -> throw new Main.UserError("--timing must be realistic, nv-only or fast, not '" + timing + "'");
        };
        long s = seed != null ? seed : new SecureRandom().nextLong() & Long.MAX_VALUE;
        return new Emulator.Options(p, r, count, tcpPort != null ? Emulator.Transport.TCP : Emulator.Transport.SERIAL,
                tcpPort != null ? tcpPort : 0, psuPort, chosen, s, energy ? EnergyModel.backscatterTag() : null, t);
    }

    static void listDefects(PrintWriter out) {
        for (Defect d : Defect.values()) {
            List<String> rules = new ArrayList<>();
            for (Profile p : Profile.values()) {
                DefectRules.rule(d, p).map(Rule::id).ifPresent(rules::add);
            }
            out.printf("%-30s %-62s %s%n", d.cliName(), String.join(" ", rules), d.description());
        }
        out.flush();
    }
}
