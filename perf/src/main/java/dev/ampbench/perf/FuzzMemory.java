package dev.ampbench.perf;

import dev.ampbench.cli.EmulatorTarget;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * Heap over a long campaign: runs one campaign of {@code total} cases against the correct in-process emulator and
 * every few seconds prints the heap in use after a full GC. A flat line means the campaign keeps no per-case state (the
 * mutator history, the nonce memory and the coverage sets are bounded). Run with a small heap:
 * <pre>java -Xmx256m -cp perf/target/benchmarks.jar dev.ampbench.perf.FuzzMemory lorawan 10000000 30</pre>
 * (the last argument: print every that many seconds)
 */
public final class FuzzMemory {
    private FuzzMemory() {
    }

    public static void main(String[] args) throws Exception {
        Profile p = Profile.byId(args.length > 0 ? args[0] : "lorawan").orElseThrow();
        long total = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int every = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, 1);
        EmulatorTarget t = new EmulatorTarget(b.firmware().get(0), java.util.Set.of(), new SeededRandomSource(1));
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s: %,d cases, one campaign; heap used after GC at start %,d KiB%n", p.id(),
                total, used() / 1024);
        int[] ticks = {0};
        Campaign c = new Campaign(Scenario.forTag(p, b.identities()), t, Campaign.Settings.cases(1, total),
                new Campaign.FindingSink() {
                    @Override
                    public void found(dev.ampbench.fuzz.Finding f) {
                        throw new IllegalStateException("a finding against the correct emulator: " + f.headline());
                    }

                    @Override
                    public void progress(long nextCase, long casesRun, java.util.Map<String, Long> counts) {
                        // Called about once a second from the campaign's loop: every tenth call, and at the end.
                        if (++ticks[0] % every == 0 || nextCase >= total) {
                            System.out.printf(Locale.ROOT, "after %,12d cases: heap used after GC %,8d KiB "
                                    + "(%,.0f cases/s)%n", casesRun, used() / 1024,
                                    casesRun / ((System.nanoTime() - start) / 1e9));
                        }
                    }
                });
        Campaign.Summary s = c.run();
        System.out.printf(Locale.ROOT, "%,d cases, %d findings, %d recoveries, %,d did not reach their planned frame%s%n",
                s.cases(), s.findings().size(), s.recoveries(), s.unreached(),
                s.stopped() == null ? "" : "; stopped: " + s.stopped());
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
