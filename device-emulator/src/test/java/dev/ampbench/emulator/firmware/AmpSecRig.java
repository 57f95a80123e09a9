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
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecParameters;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.ampsec.ResponseFrame;
import dev.ampbench.protocol.codec.FrameDecodeException;
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
 * The bench side of the amp-sec firmware tests: emulated stations on real links, and the protocol module's own
 * counterpart machines playing the other side. Closes everything it opened.
 */
final class AmpSecRig implements AutoCloseable {
    /** How long to wait for something that must arrive. */
    static final long T = 2_000;
    /** How long to wait to conclude that something does not arrive. */
    static final long QUIET = 300;
    /** Two STAs of one AP, derived as an emulator started with {@code --seed 42 --count 2} derives them. */
    static final List<AmpSecPersonalization> IDS = AmpSecFirmware.identities(42, 2);
    static final AmpSecPersonalization STA = IDS.get(0);
    static final AmpSecPersonalization OTHER = IDS.get(1);

    private final List<AutoCloseable> open = new ArrayList<>();
    private long benchSeed = 100;

    EmulatedStation tag(Link link, Defect... defects) throws IOException {
        return station(AmpSecFirmware.tag(STA), link, defects);
    }

    EmulatedStation gateway(Link link, Defect... defects) throws IOException {
        return station(AmpSecFirmware.gateway(IDS), link, defects);
    }

    EmulatedStation station(AmpSecFirmware fw, Link link, Defect... defects) throws IOException {
        EmulatedStation s = new EmulatedStation(fw, Set.of(defects), new SeededRandomSource(7), new MonotonicClock(),
                link, 0, null, "PSU-AMPSEC");
        open.add(s);
        return s;
    }

    WireClient connect(EmulatedStation s) throws IOException {
        WireClient c = Bench.connect(s.address());
        open.add(c);
        return c;
    }

    /** The bench playing the AP of {@link #IDS}. */
    AmpSecAccessPoint benchAp() {
        return benchAp(IDS);
    }

    AmpSecAccessPoint benchAp(List<AmpSecPersonalization> table) {
        return new AmpSecAccessPoint(table.get(0).aa(), AmpSecParameters.DEFAULT, table,
                MachineContext.forTest(benchSeed++), Set.of());
    }

    /** The bench playing a STA. */
    AmpSecStation benchSta(AmpSecPersonalization p) {
        return new AmpSecStation(p, MachineContext.forTest(benchSeed++), Set.of());
    }

    // ------------------------------------------------------------------------------------------- effects

    /** The one frame the machine transmitted. */
    static byte[] tx(List<Effect> effects) {
        List<byte[]> frames = effects.stream().filter(e -> e instanceof Effect.Transmit)
                .map(e -> ((Effect.Transmit) e).frame()).toList();
        assertEquals(1, frames.size(), "expected one transmitted frame in " + effects);
        return frames.get(0);
    }

    static boolean established(List<Effect> effects) {
        return effects.stream().anyMatch(e -> e instanceof Effect.Established);
    }

    /** The id of the rule the machine rejected a frame by, or null. */
    static String rejectedBy(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Rejected).map(e -> ((Effect.Rejected) e).rule().id())
                .findFirst().orElse(null);
    }

    static byte[] delivered(List<Effect> effects) {
        return effects.stream().filter(e -> e instanceof Effect.Deliver).map(e -> ((Effect.Deliver) e).payload())
                .findFirst().orElse(null);
    }

    /** A copy of {@code frame} with the octet at {@code index} (negative: from the end) inverted. */
    static byte[] flip(byte[] frame, int index) {
        byte[] f = frame.clone();
        int i = index < 0 ? f.length + index : index;
        f[i] ^= (byte) 0xff;
        return f;
    }

    static ResponseFrame response(byte[] frame) throws FrameDecodeException {
        return ResponseFrame.decode(frame);
    }

    // ---------------------------------------------------------------------------------------------- wire

    /** AIR_INJECT, answered by ACK. */
    static void inject(WireClient c, byte[] frame) throws IOException, InterruptedException {
        WireMessage r = c.request(new WireMessage.AirInject(c.tid(), Profile.AMP_SEC, 0, 0x7F, 0xFFFF, frame), T);
        assertInstanceOf(WireMessage.Ack.class, r, "AIR_INJECT not acknowledged: " + r);
    }

    /** ACTION, answered by ACK. */
    static void act(WireClient c, String name, byte[] args) throws IOException, InterruptedException {
        WireMessage r = c.request(new WireMessage.Action(c.tid(), Profile.AMP_SEC, name, args), T);
        assertInstanceOf(WireMessage.Ack.class, r, "ACTION " + name + " not acknowledged: " + r);
    }

    /** The next frame the device emitted; fails when none comes. */
    static byte[] emitted(WireClient c) throws InterruptedException {
        WireMessage.AirEmit e = (WireMessage.AirEmit) c.await(m -> m instanceof WireMessage.AirEmit, T);
        assertNotNull(e, "the device emitted no frame");
        return e.frame();
    }

    /** A frame emitted within {@link #QUIET} ms, or null. */
    static byte[] emittedQuickly(WireClient c) throws InterruptedException {
        WireMessage.AirEmit e = (WireMessage.AirEmit) c.await(m -> m instanceof WireMessage.AirEmit, QUIET);
        return e == null ? null : e.frame();
    }

    static WireMessage.Event event(WireClient c, EventKind kind, long timeout) throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind, timeout);
    }

    /** The rule id of the next EVENT REJECTED; fails when none comes. */
    static String rejected(WireClient c) throws InterruptedException {
        WireMessage.Event e = event(c, EventKind.REJECTED, T);
        assertNotNull(e, "the device reported no rejection");
        return e.name();
    }

    static boolean deliveredLog(WireClient c, long timeout) throws InterruptedException {
        return c.await(m -> m instanceof WireMessage.Log l && l.text().startsWith("delivered "), timeout) != null;
    }

    /** Cuts the bench supply and restores it; returns the boot counter of the EVENT BOOT that follows. */
    static long powerCycle(EmulatedStation s, WireClient c) throws IOException, InterruptedException {
        Bench.scpi(s.psuPort(), "OUTP OFF");
        assertEquals("0", Bench.scpi(s.psuPort(), "OUTP?"));
        Bench.scpi(s.psuPort(), "OUTP ON");
        WireMessage.Event boot = event(c, EventKind.BOOT, T);
        assertNotNull(boot, "no EVENT BOOT after power returned");
        assertEquals("power-on", boot.name());
        return boot.value();
    }

    // ------------------------------------------------------------------------------------------ exchanges

    /**
     * The main exchange with an emulated tag: the bench AP's Trigger (with DL data) in, the tag's Response out, the
     * AP's Confirm in, EVENT ESTABLISHED out. Returns the tag's Response.
     */
    static byte[] establishTag(WireClient c, AmpSecAccessPoint ap) throws Exception {
        inject(c, tx(ap.trigger()));
        byte[] response = emitted(c);
        List<Effect> verdict = ap.receive(response);
        assertTrue(established(verdict), "the bench AP did not accept the tag's Response: " + verdict);
        inject(c, tx(verdict));
        assertNotNull(event(c, EventKind.ESTABLISHED, T), "the tag did not report ESTABLISHED");
        return response;
    }

    /**
     * The main exchange with an emulated gateway: ACTION trigger, the Trigger out, the bench STA's Response in, the
     * Confirm and EVENT ESTABLISHED out, the bench STA established by the Confirm. Returns the Response injected.
     */
    static byte[] establishGateway(WireClient c, AmpSecStation sta) throws Exception {
        act(c, "trigger", new byte[0]);
        byte[] response = tx(sta.receive(emitted(c)));
        inject(c, response);
        assertNotNull(event(c, EventKind.ESTABLISHED, T), "the gateway did not report ESTABLISHED");
        List<Effect> confirmed = sta.receive(emitted(c));
        assertTrue(established(confirmed), "the bench STA did not accept the gateway's Confirm: " + confirmed);
        return response;
    }

    @Override
    public void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }
}
