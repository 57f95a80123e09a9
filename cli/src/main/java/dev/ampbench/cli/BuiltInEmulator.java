package dev.ampbench.cli;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.DutProvider;
import dev.ampbench.bench.conductor.EmulatorLauncher;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.firmware.AmpProvFirmware;
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.emulator.firmware.LoRaWanFirmware;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import java.util.List;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.report.DutSecrets;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.RandomSource;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The DUT of {@code ampbench run} without an inventory: an emulated device started for each suite, reached exactly as
 * hardware is (its own pseudo-terminal opened through jSerialComm, its own SCPI supply on loopback), with the
 * identities of the run's seed as its key manifest. The emulator's defects, when asked for, apply to every device
 * whose profile can exhibit them.
 */
final class BuiltInEmulator implements DutProvider, EmulatorLauncher {
    /**
     * Flash at 4 ms an octet, as on slow silicon: a bench that cuts power on NV_WRITE_BEGIN lands inside the write
     * even on a loaded machine (the suites' power-cut-inside-a-write tests need that); the radio is instantaneous.
     */
    private static final Timing SLOW_FLASH = new Timing(4_000_000, 0);

    /** Flash and radio without delay: for the fuzzer, which cuts power only between frames, never inside a write. */
    static final Timing INSTANT = new Timing(0, 0);

    /**
     * For power-cut campaigns: flash at 1 ms an octet (a cut on NV_WRITE_BEGIN lands inside the write even on a
     * loaded machine) and a radio at 100 µs an octet (80 kbit/s) announcing every frame with AIR_TX_BEGIN, so cuts
     * land inside outgoing and incoming frames.
     */
    static final Timing CAMPAIGN = new Timing(1_000_000, 100_000);

    private final long seed;
    private final Set<Defect> defects;
    private final RandomSource random;
    private final Timing timing;
    private final Duration minOffTime;

    BuiltInEmulator(long seed, Set<Defect> defects) {
        this(seed, defects, null, SLOW_FLASH);
    }

    /**
     * @param random the devices' randomness; null for the run's seed (as {@code ampbench run}). {@code ampbench
     *               replay} passes its own: the identities must be the recorded ones, the nonces must not be.
     */
    BuiltInEmulator(long seed, Set<Defect> defects, RandomSource random) {
        this(seed, defects, random, SLOW_FLASH);
    }

    /** @param timing flash and radio timing ({@link #INSTANT} for the fuzzer) */
    BuiltInEmulator(long seed, Set<Defect> defects, RandomSource random, Timing timing) {
        this(seed, defects, random, timing, Duration.ofMillis(20));
    }

    /**
     * @param timing     flash and radio timing ({@link #CAMPAIGN} for {@code ampbench powercut})
     * @param minOffTime the supply's minimum off-time (the emulator needs none to discharge)
     */
    BuiltInEmulator(long seed, Set<Defect> defects, Timing timing, Duration minOffTime) {
        this(seed, defects, null, timing, minOffTime);
    }

    private BuiltInEmulator(long seed, Set<Defect> defects, RandomSource random, Timing timing, Duration minOffTime) {
        this.seed = seed;
        this.defects = defects.isEmpty() ? EnumSet.noneOf(Defect.class) : EnumSet.copyOf(defects);
        this.random = random;
        this.timing = timing;
        this.minOffTime = minOffTime;
    }

    @Override
    public Optional<Dut> open(Profile profile, Role role) throws LabFault {
        FirmwareCatalog.Batch batch = FirmwareCatalog.representative(profile, role, seed);
        return Optional.of(start(null, profile, role, batch.firmware().get(0), batch.identities()));
    }

    /**
     * An inventory DUT of kind {@code emulator}: personalized with the DUT's records from the key manifest, or,
     * without a manifest, with the run's seed identities as {@link #open} does.
     */
    @Override
    public Dut start(String name, Profile profile, Role role, List<?> secrets) throws LabFault {
        if (secrets.isEmpty()) {
            FirmwareCatalog.Batch batch = FirmwareCatalog.representative(profile, role, seed);
            return start(name, profile, role, batch.firmware().get(0), batch.identities());
        }
        boolean tag = role == Role.DEVICE;
        Firmware firmware = switch (profile) {
            case AMP_SEC -> tag ? AmpSecFirmware.tag((AmpSecPersonalization) secrets.get(0))
                    : AmpSecFirmware.gateway(cast(secrets, AmpSecPersonalization.class));
            case AMP_PROV -> tag ? AmpProvFirmware.tag((AmpProvPersonalization) secrets.get(0))
                    : AmpProvFirmware.gateway(cast(secrets, AmpProvPersonalization.class));
            case AIOT_S9 -> tag ? AiotS9Firmware.tag((AiotS9Personalization) secrets.get(0))
                    : AiotS9Firmware.gateway(cast(secrets, AiotS9Personalization.class));
            case LORAWAN -> tag ? LoRaWanFirmware.tag((LoRaWanPersonalization) secrets.get(0))
                    : LoRaWanFirmware.gateway(cast(secrets, LoRaWanPersonalization.class));
        };
        return start(name, profile, role, firmware, secrets);
    }

    private static <T> List<T> cast(List<?> records, Class<T> type) {
        return records.stream().map(type::cast).toList();
    }

    private Dut start(String inventoryName, Profile profile, Role role, Firmware firmware, List<?> identities)
            throws LabFault {
        // The seed's identities are this DUT's key manifest: keep them out of everything the run writes.
        DutSecrets.register(Redactor.global(), "emulated " + profile.id() + " " + role.cliName(), identities);
        Set<Defect> applicable = EnumSet.noneOf(Defect.class);
        defects.stream().filter(d -> DefectRules.rule(d, profile).isPresent()).forEach(applicable::add);
        EmulatedStation station;
        try {
            station = new EmulatedStation(firmware, applicable, random != null ? random : new SeededRandomSource(seed),
                    new MonotonicClock(), new PtyLink(), 0, null, "EMU-" + profile.id(), timing);
        } catch (IOException e) {
            throw new LabFault("cannot start the built-in emulator for " + profile.id() + ": " + e.getMessage(), e);
        }
        WireSession wire;
        try {
            wire = WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                    SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
        } catch (LabFault e) {
            try {
                station.close();
            } catch (IOException ignored) {
                // the fault above is what matters
            }
            throw e;
        }
        int psu = station.psuPort();
        var power = LoopbackSupplies.scpi(psu, minOffTime);
        String name = (inventoryName != null ? inventoryName + " (" : "") + "emulated " + profile.id() + " "
                + role.cliName() + (applicable.isEmpty() ? "" : " with " + applicable.stream().map(Defect::cliName)
                .toList()) + (inventoryName != null ? ")" : "");
        return new Dut(name, profile, role, wire, identities, power, station,
                java.util.OptionalLong.of(seed));
    }
}
