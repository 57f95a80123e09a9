package dev.ampbench.bench.conductor;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The DUT providers suites draw from: the ones a caller installed (the command line installs the built-in emulator
 * or the lab inventory), else every {@link DutProvider} registered with {@link ServiceLoader} (an IDE or Maven run
 * of a suite), or only the inventory DUT that system properties name ({@link SystemPropertyDutProvider}).
 */
public final class DutProviders {
    private static volatile List<DutProvider> installed;

    private DutProviders() {
    }

    /** Makes these the providers for every suite run from now on, in order of preference. */
    public static void install(List<DutProvider> providers) {
        installed = List.copyOf(providers);
    }

    /** Back to the ServiceLoader's providers. */
    public static void reset() {
        installed = null;
    }

    public static List<DutProvider> current() {
        List<DutProvider> mine = installed;
        if (mine != null) {
            return mine;
        }
        List<DutProvider> found = new ArrayList<>();
        ServiceLoader.load(DutProvider.class).forEach(found::add);
        if (SystemPropertyDutProvider.configured()) {
            // The DUT named with -Dampbench.inventory/-Dampbench.dut is the run's only DUT: a test's own emulator
            // provider must never stand in for the device the user asked for.
            return found.stream().filter(p -> p instanceof SystemPropertyDutProvider).toList();
        }
        return found;
    }
}
