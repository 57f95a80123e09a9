package dev.ampbench.perf;

import dev.ampbench.cli.EmulatorTarget;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.FuzzTarget;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.Set;

/**
 * In-process fuzz cases per CPU-second of the campaign's thread, beside JMH's FuzzBenchmark (cases per wall-clock
 * second). On the shared 2-core machine other builds take the cores away from a benchmark and JMH's wall-clock scores
 * swing by a factor of 3 between runs; the CPU time the campaign's own thread used moves far less, so before/after
 * comparisons made under load use this (docs/performance.md, "Fuzzer"). It is not the target's measure: the target
 * is cases per second, and one thread cannot do more per second than per CPU-second.
 * <pre>java -cp perf/target/benchmarks.jar dev.ampbench.perf.FuzzCpuRate amp-sec 8</pre>
 * (as FuzzBenchmark's in-process state does: one campaign of 200,000 cases against one correct device, run that many
 * times, printing the last three runs; the first ones warm the JIT up)
 */
public final class FuzzCpuRate {
    private static final long CASES = 200_000;

    private FuzzCpuRate() {
    }

    public static void main(String[] args) throws Exception {
        Profile p = Profile.byId(args.length > 0 ? args[0] : "amp-sec").orElseThrow();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, 1);
        FuzzTarget t = new EmulatorTarget(b.firmware().get(0), Set.of(), new SeededRandomSource(1));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Campaign c = new Campaign(Scenario.forTag(p, b.identities()), t, Campaign.Settings.cases(1, CASES), f -> {
            throw new IllegalStateException("a finding against the correct emulator: " + f.headline());
        });
        for (int r = 0; r < rounds; r++) {
            long cpu = mx.getCurrentThreadCpuTime();
            long wall = System.nanoTime();
            long n = c.run().cases();
            cpu = mx.getCurrentThreadCpuTime() - cpu;
            wall = System.nanoTime() - wall;
            if (r >= rounds - 3) {
                System.out.printf(Locale.ROOT, "%s, run %d: %,.0f cases per CPU-second of its thread "
                        + "(%,.0f cases per wall-clock second)%n", p.id(), r + 1, n / (cpu / 1e9), n / (wall / 1e9));
            }
        }
    }
}
