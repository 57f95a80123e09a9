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
 * Heap over a long campaign: runs {@code total} cases against the correct in-process emulator in slices, and after
 * each slice prints the heap in use after a full GC. A flat line means the campaign keeps no per-case state (the
 * mutator history, the nonce memory and the coverage sets are bounded). Run with a small heap:
 * <pre>java -Xmx256m -cp perf/target/benchmarks.jar dev.ampbench.perf.FuzzMemory lorawan 10000000 10</pre>
 */
public final class FuzzMemory {
    private FuzzMemory() {
    }

    public static void main(String[] args) throws Exception {
        Profile p = Profile.byId(args.length > 0 ? args[0] : "lorawan").orElseThrow();
        long total = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
        int slices = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, 1);
        EmulatorTarget t = new EmulatorTarget(b.firmware().get(0), java.util.Set.of(), new SeededRandomSource(1));
        Scenario sc = Scenario.forTag(p, b.identities());
        long per = total / slices;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s: %,d cases in %d slices; heap used after GC at start %,d KiB%n", p.id(),
                total, slices, used() / 1024);
        Campaign c = null;
        for (int i = 0; i < slices; i++) {
            long first = i * per;
            c = new Campaign(sc, t, new Campaign.Settings(1, first + per, null, 0, 1, first), f -> {
                throw new IllegalStateException("a finding against the correct emulator: " + f.headline());
            });
            Campaign.Summary s = c.run();
            System.out.printf(Locale.ROOT, "after %,12d cases: heap used after GC %,8d KiB (%,.0f cases/s)%n",
                    first + s.cases(), used() / 1024, (first + s.cases()) / ((System.nanoTime() - start) / 1e9));
        }
    }

    private static long used() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
