package dev.ampbench.perf;

import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.IdMode;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Complete aiot-s9 authentication exchanges (paging + paging response, both sides verifying) per second, both roles
 * in one thread. One AIoTF is reused, as a gateway serving many tags would be; each invocation builds a fresh device
 * (a tag powering up) and runs paging, response and the AIoTF's verification. Target: at least 50,000 per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AiotS9HandshakeBenchmark {

    @Param({"ENCRYPTED_ID", "TEMPORARY_ID"})
    public IdMode idMode;

    private AiotS9Personalization personalization;
    private AiotS9Infrastructure infrastructure;
    private MachineContext deviceContext;
    private byte[] deviceId;

    @Setup
    public void setUp() {
        SeededRandomSource seeds = new SeededRandomSource(42);
        deviceId = seeds.bytes(8);
        personalization = new AiotS9Personalization(deviceId, KeyMaterial.of(seeds.bytes(16)), idMode,
                SecurityPolicy.INTEGRITY);
        infrastructure = new AiotS9Infrastructure(List.of(personalization),
                new MachineContext(new SeededRandomSource(1), new ManualClock(0), new InMemoryStore()), Set.of());
        deviceContext = new MachineContext(new SeededRandomSource(2), new ManualClock(0), new InMemoryStore());
    }

    @Benchmark
    public List<Effect> pagingAndResponse() {
        AiotS9Device device = new AiotS9Device(personalization, deviceContext, Set.of());
        byte[] paging = ((Effect.Transmit) infrastructure.page(deviceId).get(0)).frame();
        byte[] response = ((Effect.Transmit) device.receive(paging).get(0)).frame();
        List<Effect> result = infrastructure.receive(response);
        if (!(result.get(0) instanceof Effect.Established)) {
            throw new IllegalStateException("exchange failed: " + result);
        }
        return result;
    }
}
