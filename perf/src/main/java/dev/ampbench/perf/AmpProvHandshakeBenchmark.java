package dev.ampbench.perf;

import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvDeviceRecord;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.machine.Exchange;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Complete amp-prov provisionings per second (BEACON, REQUEST, RESPONSE, CONFIRM), both roles in one thread.
 *
 * <p>Every invocation builds fresh machines, as a real first contact would: a new AS (one X25519 base-point
 * multiplication for AS_pubk), the tag's record registered with it, a gateway, and a tag booting on an empty store.
 * The factory data (identity, AS record, QR payload) is made once per trial, as a manufacturing line would. In
 * STRONG mode the tag and the AS each add one X25519 agreement; SLIDES mode has no per-handshake public-key work
 * beyond the AS's key.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class AmpProvHandshakeBenchmark {
    private static final long GWID = 0x0A0B0C0DL;

    @Param({"SLIDES", "STRONG"})
    public KdfMode mode;

    private AmpProvPersonalization personalization;
    private AmpProvDeviceIdentity identity;
    private AmpProvDeviceRecord record;
    private QrPayload qr;
    private final SeededRandomSource random = new SeededRandomSource(0x5eed);
    private final ManualClock clock = new ManualClock(0);

    @Setup(Level.Trial)
    public void factory() {
        personalization = AmpProvPersonalization.generate(new SeededRandomSource(1), GWID, mode);
        identity = personalization.deviceIdentity();
        record = personalization.deviceRecord();
        qr = QrPayload.forPublicKey(identity.tagPublicKey(), mode.bit());
    }

    @Benchmark
    public boolean handshake() {
        AmpProvAuthServer as = new AmpProvAuthServer(personalization.asPrivateKey());
        as.register(record);
        AmpProvInfrastructure gateway = new AmpProvInfrastructure(GWID, as,
                new MachineContext(random, clock, new InMemoryStore()), Set.of());
        gateway.enrol(qr);
        AmpProvDevice tag = new AmpProvDevice(identity, new MachineContext(random, clock, new InMemoryStore()),
                Set.of());
        Exchange.Transcript t = Exchange.run(gateway, gateway.beacon(), tag, 10);
        if (!t.firstEstablished() || !t.secondEstablished()) {
            throw new IllegalStateException("handshake did not complete: " + t);
        }
        return true;
    }
}
