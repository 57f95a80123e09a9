package dev.ampbench.perf;

import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPairing;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.ArrayList;
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
 * Complete LoRaWAN OTAA joins per second, both roles in one thread (target: 50,000/s).
 *
 * <ul>
 *   <li>{@code freshPair}: a new device and a new network (Join Server table of one) per join, as
 *       {@link LoRaWanPairing#pair} builds them: the cost of one isolated exchange, construction included.</li>
 *   <li>{@code rejoinOnSharedNetwork}: one network serving 1,000 registered devices, as the emulator runs it; each
 *       join builds a fresh device machine (a power-cycled tag) on that tag's own store, so its DevNonce keeps
 *       counting and the Join Server accepts it.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LoRaWanJoinBenchmark {
    private static final int TAGS = 1000;

    @Param({"V1_0_4", "V1_1"})
    public LoRaWanVersion version;

    private LoRaWanPersonalization single;
    private long seed;
    private final List<LoRaWanPersonalization> tags = new ArrayList<>();
    private final List<InMemoryStore> tagStores = new ArrayList<>();
    private LoRaWanNetwork network;
    private int next;

    @Setup
    public void setUp() {
        single = personalization(1);
        for (int i = 0; i < TAGS; i++) {
            tags.add(personalization(0x1000 + i));
            tagStores.add(new InMemoryStore());
        }
        network = new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), tags, MachineContext.forTest(42), Set.of());
    }

    private LoRaWanPersonalization personalization(long devEui) {
        byte[] k = new byte[16];
        k[0] = (byte) devEui;
        k[1] = (byte) (devEui >> 8);
        KeyMaterial nwkKey = KeyMaterial.of(k);
        k[2] = 1;
        KeyMaterial appKey = KeyMaterial.of(k);
        return version == LoRaWanVersion.V1_1
                ? LoRaWanPersonalization.v1_1(devEui, 0x70b3d57ed0000000L, nwkKey, appKey)
                : LoRaWanPersonalization.v1_0_4(devEui, 0x70b3d57ed0000000L, nwkKey);
    }

    @Benchmark
    public Exchange.Transcript freshPair() {
        Exchange.Transcript t = LoRaWanPairing.pair(single, seed++).run(4);
        if (!t.firstEstablished() || !t.secondEstablished()) {
            throw new IllegalStateException("join failed: " + t);
        }
        return t;
    }

    @Benchmark
    public List<Effect> rejoinOnSharedNetwork() {
        int i = next;
        next = (next + 1) % TAGS;
        MachineContext ctx = new MachineContext(new SeededRandomSource(i), new ManualClock(0), tagStores.get(i));
        LoRaWanDevice device = new LoRaWanDevice(tags.get(i), ctx, Set.of());
        List<Effect> network = this.network.receive(((Effect.Transmit) device.join().get(0)).frame());
        List<Effect> joined = device.receive(((Effect.Transmit) network.get(0)).frame());
        if (!(joined.get(0) instanceof Effect.Established)) {
            throw new IllegalStateException("join failed: " + network + " / " + joined);
        }
        return joined;
    }
}
