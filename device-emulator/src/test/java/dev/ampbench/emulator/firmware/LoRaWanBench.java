package dev.ampbench.emulator.firmware;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.lorawan.JoinRequest;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bench side of the lorawan emulator tests: stations on real links, the wire client, and the protocol module's
 * own machines playing the other side (a bench network against an emulated tag, a bench tag against an emulated
 * gateway).
 */
final class LoRaWanBench implements AutoCloseable {
    static final long T = 2_000;
    /** How long "nothing arrives" is given. */
    static final long QUIET = 300;
    /** Seed-derived identities, as {@code ampbench emulate --seed 2026 --count 4} would use: 1.0.4, 1.1, 1.0.4, 1.1. */
    static final List<LoRaWanPersonalization> IDS = LoRaWanFirmware.identities(2026, 4);

    private final List<AutoCloseable> open = new ArrayList<>();

    EmulatedStation tag(LoRaWanPersonalization p, Link link, Defect... defects) throws IOException {
        return station(LoRaWanFirmware.tag(p), link, defects);
    }

    EmulatedStation gateway(List<LoRaWanPersonalization> table, Link link, Defect... defects) throws IOException {
        return station(LoRaWanFirmware.gateway(table), link, defects);
    }

    private EmulatedStation station(LoRaWanFirmware fw, Link link, Defect... defects) throws IOException {
        EmulatedStation s = new EmulatedStation(fw, Set.of(defects), new SeededRandomSource(11), new MonotonicClock(),
                link, 0, null, "PSU-LORAWAN");
        open.add(s);
        return s;
    }

    WireClient connect(EmulatedStation s) throws IOException, InterruptedException {
        WireClient c = Bench.connect(s.address());
        open.add(c);
        // A HELLO opens the session and proves the link is up before the test starts timing anything.
        assertInstanceOf(WireMessage.HelloResponse.class, c.request(new WireMessage.Hello(c.tid()), T));
        return c;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    // ------------------------------------------------------------------ the protocol machines the bench plays

    static LoRaWanNetwork network(long seed, LoRaWanPersonalization... devices) {
        return new LoRaWanNetwork(LoRaWanNetworkConfig.defaults(), List.of(devices), MachineContext.forTest(seed),
                Set.of());
    }

    static LoRaWanDevice device(LoRaWanPersonalization p, long seed) {
        return new LoRaWanDevice(p, MachineContext.forTest(seed), Set.of());
    }

    /** The one frame among {@code effects}; fails naming the effects when there is none. */
    static byte[] transmitted(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Transmit).map(e -> ((Effect.Transmit) e).frame())
                .findFirst().orElseThrow(() -> new AssertionError("no frame sent: " + effects));
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    static Effect.Rejected rejected(List<Effect> effects) {
        return (Effect.Rejected) effects.stream().filter(e -> e instanceof Effect.Rejected).findFirst()
                .orElseThrow(() -> new AssertionError("nothing rejected: " + effects));
    }

    static byte[] delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst().orElseThrow(() -> new AssertionError("nothing delivered: " + effects));
    }

    // ------------------------------------------------------------------------------------------- on the wire

    static void inject(WireClient c, byte[] frame) throws IOException, InterruptedException {
        assertInstanceOf(WireMessage.Ack.class,
                c.request(new WireMessage.AirInject(c.tid(), Profile.LORAWAN, 0, 0x7F, 0xFFFF, frame), T));
    }

    static WireMessage action(WireClient c, String name, byte[] args) throws IOException, InterruptedException {
        return c.request(new WireMessage.Action(c.tid(), Profile.LORAWAN, name, args), T);
    }

    static void actionOk(WireClient c, String name, byte[] args) throws IOException, InterruptedException {
        WireMessage r = action(c, name, args);
        assertInstanceOf(WireMessage.Ack.class, r, () -> name + " refused: " + r);
    }

    static WireMessage.AirEmit airEmit(WireClient c) throws InterruptedException {
        WireMessage m = c.await(x -> x instanceof WireMessage.AirEmit, T);
        assertNotNull(m, "the device sent nothing over the air");
        return (WireMessage.AirEmit) m;
    }

    static WireMessage.AirEmit airEmitWithin(WireClient c, long millis) throws InterruptedException {
        return (WireMessage.AirEmit) c.await(x -> x instanceof WireMessage.AirEmit, millis);
    }

    static WireMessage.Event event(WireClient c, EventKind kind, long millis) throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind, millis);
    }

    static WireMessage.Event event(WireClient c, EventKind kind) throws InterruptedException {
        WireMessage.Event e = event(c, kind, T);
        assertNotNull(e, "no EVENT " + kind);
        return e;
    }

    /** The LOG line the emulator writes when the machine delivers application data; null if none arrives. */
    static WireMessage.Log deliveredLog(WireClient c, long millis) throws InterruptedException {
        return (WireMessage.Log) c.await(m -> m instanceof WireMessage.Log l && l.text().startsWith("delivered"),
                millis);
    }

    static String state(WireClient c) throws IOException, InterruptedException {
        WireMessage.Status st = (WireMessage.Status) c.request(new WireMessage.StatusGet(c.tid()), T);
        return st.states().get(0).state();
    }

    static WireMessage nvRead(WireClient c, String key) throws IOException, InterruptedException {
        return c.request(new WireMessage.NvRead(c.tid(), key), T);
    }

    /** Power off and on through the bench supply's SCPI port; returns the EVENT BOOT of the new boot. */
    static WireMessage.Event powerCycle(EmulatedStation s, WireClient c) throws IOException, InterruptedException {
        long before = s.device().bootCount();
        Bench.scpi(s.psuPort(), "OUTP OFF");
        assertEquals("0", Bench.scpi(s.psuPort(), "OUTP?"));
        return powerOn(s, c, before + 1);
    }

    static WireMessage.Event powerOn(EmulatedStation s, WireClient c, long expectedBoot)
            throws IOException, InterruptedException {
        Bench.scpi(s.psuPort(), "OUTP ON");
        WireMessage.Event boot = (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.BOOT && e.value() == expectedBoot, T);
        assertNotNull(boot, "no EVENT BOOT " + expectedBoot + " after power returned");
        assertEquals("power-on", boot.name());
        return boot;
    }

    /** PERSONALIZE over the wire: the device ACKs, then reboots with its new identity (EVENT BOOT, reset-warm). */
    static void personalize(EmulatedStation s, WireClient c, List<WireMessage.Item> items)
            throws IOException, InterruptedException {
        c.drain();
        WireMessage r = c.request(new WireMessage.Personalize(c.tid(), Profile.LORAWAN, items), T);
        assertInstanceOf(WireMessage.Ack.class, r, () -> "PERSONALIZE refused: " + r);
        assertEquals("reset-warm", event(c, EventKind.BOOT).name(), "the device reboots with its new identity");
    }

    /**
     * Joins an emulated tag to {@code net} over the wire: ACTION join, the JoinRequest out, the network's
     * JoinAccept in, EVENT ESTABLISHED. Returns the JoinRequest the tag sent.
     */
    static JoinRequest joinTag(WireClient c, LoRaWanNetwork net) throws Exception {
        actionOk(c, LoRaWanFirmware.JOIN, new byte[0]);
        JoinRequest request = JoinRequest.decode(airEmit(c).frame());
        List<Effect> answer = net.receive(request.encode());
        assertTrue(established(answer), () -> "the bench network refused the JoinRequest: " + answer);
        inject(c, transmitted(answer));
        event(c, EventKind.ESTABLISHED);
        return request;
    }

    /** ACTION send arguments of a tag: FPort, Flags (bit 0 confirmed), payload. */
    static byte[] sendArgs(int fPort, boolean confirmed, byte[] payload) {
        return ByteBuffer.allocate(2 + payload.length).put((byte) fPort).put((byte) (confirmed ? 1 : 0)).put(payload)
                .array();
    }

    /** ACTION send arguments of a gateway: DevAddr (LE), FPort, Flags, payload. */
    static byte[] downlinkArgs(int devAddr, int fPort, boolean confirmed, byte[] payload) {
        return ByteBuffer.allocate(6 + payload.length).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(devAddr)
                .put((byte) fPort).put((byte) (confirmed ? 1 : 0)).put(payload).array();
    }

    /** The frame with the last MIC octet flipped: the first MIC octet stays right. */
    static byte[] lastMicByteFlipped(byte[] frame) {
        byte[] f = frame.clone();
        f[f.length - 1] ^= 0x01;
        return f;
    }

    static long counter(byte[] nvValue) {
        if (nvValue.length != 8) {
            fail("a counter record is 8 octets, got " + nvValue.length);
        }
        return ByteBuffer.wrap(nvValue).getLong();
    }
}
