package dev.ampbench.bench.conductor;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The DUT of a Maven or IDE run of a suite, named by system properties (docs/lab-inventory.md, "From Maven"):
 *
 * <pre>
 * mvn -pl bench-controller test -Dtest=AmpSecTagSuite -Dampbench.inventory=lab.yaml -Dampbench.dut=NAME \
 *     -Dampbench.manifest.passphraseFile=/run/secrets/manifest-pass
 * </pre>
 *
 * <p>{@value #INVENTORY} and {@value #DUT} go together; the manifest's passphrase file ({@value #PASSPHRASE_FILE}) or
 * key file ({@value #KEY_FILE}) is needed when the DUT's keys are in a manifest. A passphrase itself is never taken
 * from a property (it would show in the process list and in Maven's logs). Relative paths are resolved against the
 * checkout root ({@code ampbench.root}, which the build sets) when it is known, so they mean the same from the root
 * and from a module. Registered with {@link java.util.ServiceLoader}; when the properties are set,
 * {@link DutProviders#current()} offers this provider alone, so a test's own emulator can never stand in for the
 * device the user named.
 *
 * <p>A mistake in the inventory, the manifest or the properties is a configuration error, not a lab fault: every
 * test of the run fails with it (one message naming the property and the file and line), and nothing runs.
 */
public final class SystemPropertyDutProvider implements DutProvider {
    public static final String INVENTORY = "ampbench.inventory";
    public static final String DUT = "ampbench.dut";
    public static final String PASSPHRASE_FILE = "ampbench.manifest.passphraseFile";
    public static final String KEY_FILE = "ampbench.manifest.keyFile";

    /**
     * Built once per set of property values (ServiceLoader makes a new provider per lookup; the manifest's key
     * derivation is deliberately slow), with the error when that failed.
     */
    private static String builtFor;
    private static InventoryDutProvider delegate;
    private static IllegalStateException error;

    /** True when the run names an inventory DUT. */
    public static boolean configured() {
        return property(INVENTORY) != null || property(DUT) != null;
    }

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (!configured()) {
            return Optional.empty();
        }
        return delegate().open(profile, role);
    }

    private static synchronized InventoryDutProvider delegate() {
        String key = String.join("\n", String.valueOf(property(INVENTORY)), String.valueOf(property(DUT)),
                String.valueOf(property(PASSPHRASE_FILE)), String.valueOf(property(KEY_FILE)),
                String.valueOf(property("ampbench.root")));
        if (!key.equals(builtFor)) {
            builtFor = key;
            delegate = null;
            error = null;
        }
        if (error != null) {
            throw error;
        }
        if (delegate == null) {
            try {
                delegate = build();
            } catch (ConfigError e) {
                error = new IllegalStateException("-D" + INVENTORY + ": " + e.getMessage(), e);
                throw error;
            }
        }
        return delegate;
    }

    private static InventoryDutProvider build() throws ConfigError {
        String inventory = property(INVENTORY);
        String dut = property(DUT);
        if (inventory == null || dut == null) {
            throw new ConfigError(Path.of(inventory == null ? "(no inventory)" : inventory), 0,
                    "-D" + INVENTORY + " and -D" + DUT + " go together");
        }
        String pass = property(PASSPHRASE_FILE);
        String keyFile = property(KEY_FILE);
        if (pass != null && keyFile != null) {
            throw new ConfigError(resolve(inventory), 0, "give -D" + PASSPHRASE_FILE + " or -D" + KEY_FILE
                    + ", not both");
        }
        ManifestKey key = pass != null ? ManifestKey.passphraseFile(resolve(pass))
                : keyFile != null ? ManifestKey.keyFile(resolve(keyFile)) : null;
        return InventoryDutProvider.of(resolve(inventory), dut, key);
    }

    private static Path resolve(String path) {
        Path p = Path.of(path);
        String root = property("ampbench.root");
        return p.isAbsolute() || root == null ? p : Path.of(root).resolve(p);
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? null : v.trim();
    }
}
