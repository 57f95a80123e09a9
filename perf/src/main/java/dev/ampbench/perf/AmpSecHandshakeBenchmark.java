package dev.ampbench.perf;

import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecParameters;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.codec.Hex;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Complete amp-sec handshakes (Trigger, Response, Confirm, both sides established) per second, both roles in one
 * thread. The AP is reused, as a gateway serving many tags is; the STA is built fresh for every handshake, because
 * that is what a powered-on tag is: no security association, only its PMK (AMP-SEC-R9). Default parameters
 * (KDF-SHA-256, AES-CMAC, 32-octet nonces, 6-octet addresses); seeded randomness, so the figure measures the
 * protocol and not the platform's entropy source.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AmpSecHandshakeBenchmark {
    private AmpSecPersonalization personalization;
    private MachineContext staCtx;
    private AmpSecAccessPoint ap;

    @Setup
    public void setUp() {
        byte[] aa = Hex.decode("a0a1a2a3a4a5");
        personalization = new AmpSecPersonalization(aa, Hex.decode("b0b1b2b3b4b5"),
                KeyMaterial.of(Hex.decode("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f")), 0,
                AmpSecParameters.DEFAULT);
        ManualClock clock = new ManualClock(0);
        staCtx = new MachineContext(new SeededRandomSource(1), clock, new InMemoryStore());
        ap = new AmpSecAccessPoint(aa, AmpSecParameters.DEFAULT, List.of(personalization),
                new MachineContext(new SeededRandomSource(2), clock, new InMemoryStore()), Set.of());
    }

    @Benchmark
    public String handshake() {
        AmpSecStation sta = new AmpSecStation(personalization, staCtx, Set.of());
        byte[] response = frame(sta.receive(frame(ap.trigger())));
        sta.receive(frame(ap.receive(response)));
        return sta.state();
    }

    private static byte[] frame(List<Effect> effects) {
        return ((Effect.Transmit) effects.get(0)).frame();
    }
}
