package dev.ampbench.bench.conductor;

import dev.ampbench.bench.ConfigError;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.inventory.KeyManifest;
import dev.ampbench.bench.inventory.LabInventory;
import dev.ampbench.bench.inventory.ManifestEntry;
import dev.ampbench.bench.inventory.ManifestKey;
import dev.ampbench.bench.inventory.TransportSpec;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.report.DutSecrets;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.power.PowerSwitches;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.JSerialCommPorts;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.bench.transport.TcpTransport;
import dev.ampbench.bench.transport.Transport;
import dev.ampbench.bench.transport.UsbBulkTransport;
import dev.ampbench.bench.power.LibUsbBus;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A device under test described in the lab inventory: its transport, its power switch and, from the encrypted key
 * manifest, the secrets the bench needs to play its counterpart. Everything that can be checked without touching
 * hardware is checked when the provider is made ({@link #of}), so a wrong inventory, manifest or passphrase is one
 * configuration error before any test runs.
 */
public final class InventoryDutProvider implements DutProvider {
    /** A bulk OUT of a wire frame (at most a few hundred octets) that takes longer than this: the device is stuck. */
    private static final int USB_WRITE_TIMEOUT_MILLIS = 1000;
    /**
     * How long a USB bulk DUT may stay off the bus (power cut, boot, re-enumeration) before its session fails: longer
     * than the default minimum off-time plus a slow boot and enumeration.
     */
    private static final int USB_REENUMERATION_MILLIS = 10_000;
    /** The same window for a serial port (a USB adapter or USB-CDC DUT power-cycled mid-session). */
    private static final int SERIAL_REENUMERATION_MILLIS = SerialTransport.DEFAULT_REENUMERATION_MILLIS;
    private final LabInventory inventory;
    private final dev.ampbench.bench.inventory.Dut dut;
    private final Transport transport;
    private final Map<Profile, Object> secrets;
    private final EmulatorLauncher emulator;

    private InventoryDutProvider(LabInventory inventory, dev.ampbench.bench.inventory.Dut dut, Transport transport,
                                 Map<Profile, Object> secrets, EmulatorLauncher emulator) {
        this.inventory = inventory;
        this.dut = dut;
        this.transport = transport;
        this.secrets = secrets;
        this.emulator = emulator;
    }

    /** As {@link #of(Path, String, ManifestKey, EmulatorLauncher)} where nothing can start an emulator. */
    public static InventoryDutProvider of(Path inventoryFile, String dutName, ManifestKey key) throws ConfigError {
        return of(inventoryFile, dutName, key, null);
    }

    /**
     * @param key      the manifest's passphrase or key file; may be null when the DUT references no manifest
     * @param emulator  starts a DUT whose transport is {@code emulator}; null where none can be started (a Maven
     *                  run: describe the emulator as a tcp DUT there)
     * @throws ConfigError naming the file (and line) of whatever is wrong
     */
    public static InventoryDutProvider of(Path inventoryFile, String dutName, ManifestKey key,
                                          EmulatorLauncher emulator) throws ConfigError {
        LabInventory inventory = LabInventory.load(inventoryFile);
        dev.ampbench.bench.inventory.Dut dut = inventory.dut(dutName).orElseThrow(() -> new ConfigError(
                inventoryFile, 0, "no DUT named '" + dutName + "'; known: "
                + inventory.duts().map(dev.ampbench.bench.inventory.Dut::name).collect(Collectors.joining(", "))));
        Transport transport = null;
        if (dut.transport() instanceof TransportSpec.Emulator) {
            if (emulator == null) {
                throw new ConfigError(inventoryFile, dut.line(), "DUT " + dutName + ": transport 'emulator' is "
                        + "started by ampbench run; elsewhere (Maven, an IDE) start it with 'ampbench emulate --tcp "
                        + "PORT' and describe it as a tcp DUT");
            }
        } else {
            transport = transport(inventoryFile, dut);
        }
        if (dut.power().isPresent()) {
            // Build once to check the configuration now (no hardware is touched), then drop it.
            PowerSwitches.fromConfig(dut.power().get().config(), inventoryFile, dut.power().get().line());
        }
        Map<Profile, Object> secrets = new EnumMap<>(Profile.class);
        if (dut.secrets().isPresent()) {
            if (key == null) {
                throw new ConfigError(inventoryFile, dut.line(), "DUT " + dutName + " keeps its keys in "
                        + dut.secrets().get().manifest() + ": give --manifest-passphrase-file or --manifest-key-file");
            }
            if (!java.nio.file.Files.exists(dut.secrets().get().manifest())) {
                // Name the inventory line that points there: the mistake is usually in the inventory, not the file.
                throw new ConfigError(inventoryFile, dut.secrets().get().line(), "DUT " + dutName + ": no key manifest "
                        + "at " + dut.secrets().get().manifest());
            }
            KeyManifest manifest = KeyManifest.open(dut.secrets().get().manifest(), key);
            for (Profile p : dut.profiles()) {
                ManifestEntry e = manifest.require(inventoryFile, dut.secrets().get(), p);
                secrets.put(p, switch (p) {
                    case LORAWAN -> e.loRaWan();
                    case AIOT_S9 -> e.aiotS9();
                    case AMP_SEC -> e.ampSec();
                    case AMP_PROV -> e.ampProv(dut.role());
                });
            }
        }
        // Before any test runs: nothing the bench writes from now on may carry these records' keys or identities.
        DutSecrets.register(Redactor.global(), dutName, List.copyOf(secrets.values()));
        return new InventoryDutProvider(inventory, dut, transport, secrets, emulator);
    }

    private static Transport transport(Path file, dev.ampbench.bench.inventory.Dut dut) throws ConfigError {
        TransportSpec t = dut.transport();
        if (t instanceof TransportSpec.Tcp tcp) {
            return new TcpTransport(tcp.host(), tcp.port(), 2000);
        }
        if (t instanceof TransportSpec.Serial s) {
            SerialTransport.PortSelector selector = s.path().map(SerialTransport.PortSelector::path)
                    .or(() -> s.usbSerial().map(SerialTransport.PortSelector::usbSerialNumber))
                    .orElseGet(() -> SerialTransport.PortSelector.usbIds(s.usbId().orElseThrow().vendor(),
                            s.usbId().orElseThrow().product()));
            return new SerialTransport(JSerialCommPorts.INSTANCE, selector, s.baud(), SerialTransport.Lines.BOTH_LOW,
                    SERIAL_REENUMERATION_MILLIS, dut.name());
        }
        if (t instanceof TransportSpec.UsbBulk u) {
            return new UsbBulkTransport(LibUsbBus::open, u.usbId().vendor(), u.usbId().product(), u.usbSerial(),
                    u.iface(), u.endpointOut(), u.endpointIn(), USB_WRITE_TIMEOUT_MILLIS, USB_REENUMERATION_MILLIS);
        }
        throw new ConfigError(file, dut.line(), "DUT " + dut.name() + ": transport '" + t.kind()
                + "' is not supported by run --inventory in this version (serial, usb-bulk and tcp are)");
    }

    /** The inventory's description of the DUT (name, profiles, role, firmware). */
    public dev.ampbench.bench.inventory.Dut describes() {
        return dut;
    }

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        if (role != dut.role() || !dut.profiles().contains(profile)) {
            return Optional.empty();
        }
        Object mine = secrets.get(profile);
        if (transport == null) {
            return Optional.of(emulator.start(dut.name(), profile, role, mine == null ? List.of() : List.of(mine)));
        }
        PowerSwitch power = null;
        if (dut.power().isPresent()) {
            try {
                power = PowerSwitches.fromConfig(dut.power().get().config(), inventory.file(),
                        dut.power().get().line());
            } catch (ConfigError e) {
                throw new LabFault("the power switch of " + dut.name() + " could not be built: " + e.getMessage(), e);
            }
        }
        WireSession wire = WireSession.open(transport, Duration.ofSeconds(1));
        return Optional.of(new Dut(dut.name(), profile, role, wire, mine == null ? List.of() : List.of(mine), power,
                null));
    }
}
