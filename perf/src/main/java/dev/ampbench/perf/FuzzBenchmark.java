package dev.ampbench.perf;

import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.cli.EmulatorTarget;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.fuzz.Campaign;
import dev.ampbench.fuzz.FuzzTarget;
import dev.ampbench.fuzz.Scenario;
import dev.ampbench.fuzz.WireTarget;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fuzz cases per second against the correct emulator: in process (the emulator's device without the wire, as
 * {@code ampbench fuzz --in-process}) on one and on two threads, each thread its own campaign and device; and over
 * the pseudo-terminal (jSerialComm, as {@code ampbench fuzz} against the built-in emulator). One operation is one
 * case; every case runs on the device and on the reference machine, as in a real campaign.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FuzzBenchmark {
    static final int CASES = 1000;
    /**
     * Cases per invocation over the pseudo-terminal: each invocation is a campaign run, which starts with a positive
     * control and drives the first case from scratch; 1,000 cases (32 sessions) amortize that as a campaign does.
     */
    static final int PTY_CASES = 1000;
    private static final AtomicLong SEEDS = new AtomicLong(1);

    /** One thread's campaign against its own in-process device. */
    @State(Scope.Thread)
    public static class InProcess {
        @Param({"amp-sec", "lorawan", "aiot-s9", "amp-prov"})
        public String profile;
        /** {@code tag}, or {@code gateway} with {@code -p role=gateway} (the bench plays a tag). */
        @Param({"tag"})
        public String role;
        Campaign campaign;

        @Setup(Level.Trial)
        public void setUp() {
            long seed = SEEDS.getAndIncrement();
            Profile p = Profile.byId(profile).orElseThrow();
            Role r = role.equals(Role.INFRASTRUCTURE.cliName()) ? Role.INFRASTRUCTURE : Role.DEVICE;
            FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, r, seed);
            FuzzTarget t = new EmulatorTarget(b.firmware().get(0), java.util.Set.of(), new SeededRandomSource(seed));
            campaign = new Campaign(Scenario.of(p, r, b.identities()), t, Campaign.Settings.cases(seed, CASES),
                    f -> {
                        throw new IllegalStateException("a finding against the correct emulator: " + f.headline());
                    });
        }
    }

    /** A campaign against the emulator over its pseudo-terminal, with its SCPI supply. */
    @State(Scope.Benchmark)
    public static class Pty {
        @Param({"amp-sec"})
        public String profile;
        Campaign campaign;
        private EmulatedStation station;
        private WireSession wire;
        private AutoCloseable power;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            Profile p = Profile.byId(profile).orElseThrow();
            FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.DEVICE, 5);
            station = new EmulatedStation(b.firmware().get(0), java.util.Set.of(), new SeededRandomSource(5),
                    new MonotonicClock(), new PtyLink(), 0, null, "PSU-PERF", new Timing(0, 0));
            wire = WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                    SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
            var sw = LoopbackSupplies.scpi(station.psuPort(), Duration.ZERO);
            power = sw;
            campaign = new Campaign(Scenario.forTag(p, b.identities()),
                    new WireTarget(wire, p, Role.DEVICE, sw, Duration.ZERO), Campaign.Settings.cases(5, PTY_CASES), f -> {
                        throw new IllegalStateException("a finding against the correct emulator: " + f.headline());
                    });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            wire.close();
            power.close();
            station.close();
        }
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(CASES)
    public long inProcessOneThread(InProcess s) throws Exception {
        return s.campaign.run().cases();
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(CASES)
    public long inProcessTwoThreads(InProcess s) throws Exception {
        return s.campaign.run().cases();
    }

    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(PTY_CASES)
    public long overThePseudoTerminal(Pty s) throws Exception {
        return s.campaign.run().cases();
    }
}
