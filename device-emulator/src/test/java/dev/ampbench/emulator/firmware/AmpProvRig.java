package dev.ampbench.emulator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bench side of the amp-prov emulator tests: stations reached over real links, the wire verbs the tests use,
 * and the protocol module's machines playing the counterpart.
 */
final class AmpProvRig implements AutoCloseable {
    static final long T = 2_000;
    /** How long a test waits to be sure that something does not arrive. */
    static final long QUIET = 300;

    private final List<AutoCloseable> open = new ArrayList<>();

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        open.clear();
    }

    EmulatedStation station(AmpProvFirmware fw, Link link, Defect... defects) throws IOException {
        EmulatedStation s = new EmulatedStation(fw, Set.of(defects), new SeededRandomSource(7), new MonotonicClock(),
                link, 0, null, "PSU-AMP-PROV");
        open.add(s);
        return s;
    }

    WireClient connect(EmulatedStation s) throws IOException {
        WireClient c = Bench.connect(s.address());
        open.add(c);
        return c;
    }

    // ---------------------------------------------------------------------------------------- the bench's peers

    /** The bench playing gateway and AS for {@code p}, with the tag's QR label scanned. */
    static AmpProvInfrastructure benchGateway(AmpProvPersonalization p, long seed, Deviation... deviations) {
        AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
        as.register(p.deviceRecord());
        AmpProvInfrastructure gw = new AmpProvInfrastructure(p.gatewayId(), as, MachineContext.forTest(seed),
                Set.of(deviations));
        assertTrue(gw.enrol(AmpProvFirmware.qrPayload(p)), "the tag's own QR label must enrol it");
        return gw;
    }

    /** The bench playing the tag of {@code p}. */
    static AmpProvDevice benchTag(AmpProvPersonalization p, long seed) {
        return new AmpProvDevice(p.deviceIdentity(), MachineContext.forTest(seed), Set.of());
    }

    /** The one frame a machine transmitted among its effects. */
    static byte[] sent(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        assertEquals(1, frames.size(), "expected one transmitted frame in " + effects);
        return frames.get(0);
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static String rejectedRule(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Rejected).map(e -> ((Effect.Rejected) e).rule().id())
                .findFirst().orElse(null);
    }

    // ------------------------------------------------------------------------------------------ wire verbs

    static void inject(WireClient c, byte[] frame) throws Exception {
        WireMessage r = c.request(new WireMessage.AirInject(c.tid(), Profile.AMP_PROV, 0, 0x7F, 0xFFFF, frame), T);
        assertInstanceOf(WireMessage.Ack.class, r, "AIR_INJECT: " + r);
    }

    static WireMessage action(WireClient c, String name, byte[] args) throws Exception {
        return c.request(new WireMessage.Action(c.tid(), Profile.AMP_PROV, name, args), T);
    }

    static void act(WireClient c, String name, byte[] args) throws Exception {
        WireMessage r = action(c, name, args);
        assertInstanceOf(WireMessage.Ack.class, r, "ACTION " + name + ": " + r);
    }

    /** The next frame the device put on the air. */
    static byte[] emitted(WireClient c) throws InterruptedException {
        WireMessage m = c.await(x -> x instanceof WireMessage.AirEmit, T);
        assertNotNull(m, "the device sent nothing on the air");
        return ((WireMessage.AirEmit) m).frame();
    }

    static WireMessage.AirEmit emittedWithin(WireClient c, long ms) throws InterruptedException {
        return (WireMessage.AirEmit) c.await(x -> x instanceof WireMessage.AirEmit, ms);
    }

    static WireMessage.Event event(WireClient c, EventKind kind, long ms) throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind, ms);
    }

    static WireMessage.Event event(WireClient c, EventKind kind) throws InterruptedException {
        WireMessage.Event e = event(c, kind, T);
        assertNotNull(e, "no EVENT " + kind);
        return e;
    }

    /** The rule id of the next EVENT REJECTED. */
    static String rejected(WireClient c) throws InterruptedException {
        return event(c, EventKind.REJECTED).name();
    }

    static String state(WireClient c) throws Exception {
        WireMessage.Status s = (WireMessage.Status) c.request(new WireMessage.StatusGet(c.tid()), T);
        return s.states().get(0).state();
    }

    static byte[] nvRead(WireClient c, String key) throws Exception {
        WireMessage r = c.request(new WireMessage.NvRead(c.tid(), key), T);
        assertInstanceOf(WireMessage.NvData.class, r, "NV_READ " + key + ": " + r);
        return ((WireMessage.NvData) r).value();
    }

    /** NV_READ of a record the device must not hold: ERROR NOT_FOUND. */
    static void nvAbsent(WireClient c, String key) throws Exception {
        WireMessage r = c.request(new WireMessage.NvRead(c.tid(), key), T);
        assertInstanceOf(WireMessage.ErrorResponse.class, r, "NV_READ " + key + ": " + r);
        assertEquals(java.util.Optional.of(dev.ampbench.protocol.wire.ErrorCode.NOT_FOUND),
                ((WireMessage.ErrorResponse) r).knownCode(), key);
    }

    /** Cuts the bench supply through SCPI and restores it; returns once EVENT BOOT of the new boot arrived. */
    static void powerCycle(EmulatedStation s, WireClient c) throws Exception {
        long next = s.device().bootCount() + 1;
        Bench.scpi(s.psuPort(), "OUTP OFF");
        Bench.scpi(s.psuPort(), "OUTP ON");
        WireMessage boot = c.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() == next, T);
        assertNotNull(boot, "no EVENT BOOT " + next + " after the power cycle");
        assertEquals("power-on", ((WireMessage.Event) boot).name());
    }

    /** PERSONALIZE over the wire: the device ACKs, then reboots with its new identity (EVENT BOOT, reset-warm). */
    static void personalize(EmulatedStation s, WireClient c, List<WireMessage.Item> items) throws Exception {
        long boots = s.device().bootCount();
        WireMessage r = c.request(new WireMessage.Personalize(c.tid(), Profile.AMP_PROV, items), T);
        assertInstanceOf(WireMessage.Ack.class, r, () -> "PERSONALIZE refused: " + r);
        WireMessage boot = c.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() == boots + 1 && e.name().equals("reset-warm"), T);
        assertNotNull(boot, "no EVENT BOOT reset-warm after PERSONALIZE");
    }

    /**
     * Runs provisioning between the emulated tag on {@code c} and the bench's gateway: BEACON, REQUEST, RESPONSE,
     * CONFIRM, and checks both sides report it. Returns the local address assigned.
     */
    static int provisionTag(WireClient c, AmpProvInfrastructure gw) throws Exception {
        inject(c, sent(gw.beacon()));
        byte[] request = emitted(c);
        ProvRequest.decode(request);
        byte[] response = sent(gw.receive(request));
        inject(c, response);
        byte[] confirm = emitted(c);
        event(c, EventKind.ESTABLISHED);
        assertTrue(established(gw.receive(confirm)), "the bench gateway did not accept the tag's PROV_CONFIRM");
        return ProvResponse.decode(response).localAddr();
    }

    /** The bench's gateway asks the emulated tag for sensor data; returns the tag's answer. */
    static byte[] sensorRoundTrip(WireClient c, AmpProvInfrastructure gw, int addr) throws Exception {
        inject(c, sent(gw.requestSensorData(addr, "ABCD".getBytes())));
        byte[] res = emitted(c);
        assertTrue(gw.receive(res).stream().anyMatch(e -> e instanceof Effect.Deliver),
                "the bench gateway did not take the tag's RES_SENSOR_DATA");
        return res;
    }

    static byte[] be16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }
}
