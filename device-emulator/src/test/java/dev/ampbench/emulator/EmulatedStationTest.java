package dev.ampbench.emulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.testing.Bench;
import dev.ampbench.emulator.testing.WireClient;
import dev.ampbench.emulator.wire.InProcessLink;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An emulated aiot-s9 station reached exactly as hardware is: over TCP or a pseudo-terminal, powered by SCPI. */
class EmulatedStationTest {
    private static final long T = 2_000;
    private static final AiotS9Personalization TAG = AiotS9Personalization.of(
            Hex.decode("0102030405060708"), KeyMaterial.of(Hex.decode("000102030405060708090a0b0c0d0e0f")));

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private EmulatedStation station(Role role, Link link, Defect... defects) throws IOException {
        EmulatedStation s = new EmulatedStation(role == Role.DEVICE ? AiotS9Firmware.tag(TAG)
                : AiotS9Firmware.gateway(List.of(TAG)), Set.of(defects), new SeededRandomSource(7),
                new MonotonicClock(), link, 0, null, "PSU-TEST");
        open.add(s);
        return s;
    }

    private WireClient connect(EmulatedStation s) throws IOException {
        WireClient c = Bench.connect(s.address());
        open.add(c);
        return c;
    }

    private static WireMessage.Event event(WireClient c, EventKind kind) throws InterruptedException {
        return (WireMessage.Event) c.await(m -> m instanceof WireMessage.Event e && e.kind() == kind, T);
    }

    private static WireMessage.AirEmit airEmit(WireClient c) throws InterruptedException {
        return (WireMessage.AirEmit) c.await(m -> m instanceof WireMessage.AirEmit, T);
    }

    @Test
    void helloSaysWhoTheDeviceIsWithoutItsIdentity() throws Exception {
        WireClient c = connect(station(Role.DEVICE, new TcpLink(0)));
        WireMessage.HelloResponse h = (WireMessage.HelloResponse) c.request(new WireMessage.Hello(c.tid()), T);
        assertEquals(Role.DEVICE, h.role());
        assertEquals(Set.of(Profile.AIOT_S9), h.supportedProfiles());
        assertEquals(1, h.bootCounter());
        assertTrue(h.has(WireMessage.Capabilities.NV_WRITE_EVENTS));
        assertFalse(h.deviceLabel().contains("0102030405060708"), h.deviceLabel());
    }

    @Test
    void aTagAuthenticatesTheBenchPlayingTheAiotfOverAPseudoTerminal() throws Exception {
        EmulatedStation s = station(Role.DEVICE, new PtyLink());
        assertTrue(s.address().startsWith("/dev/pts/"), s.address());
        WireClient c = connect(s);
        AiotS9Infrastructure aiotf = new AiotS9Infrastructure(List.of(TAG), MachineContext.forTest(1), Set.of());
        byte[] paging = ((Effect.Transmit) aiotf.page(TAG.deviceId()).get(0)).frame();

        WireMessage ack = c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging), T);
        assertInstanceOf(WireMessage.Ack.class, ack);
        WireMessage.AirEmit response = airEmit(c);
        assertNotNull(response, "the tag did not answer its paging");
        List<Effect> verdict = aiotf.receive(response.frame());
        assertTrue(verdict.stream().anyMatch(e -> e instanceof Effect.Established), verdict.toString());
        WireMessage.Event established = event(c, EventKind.ESTABLISHED);
        assertNotNull(established, "the tag did not report its side of the authentication");
    }

    @Test
    void responsesComeBeforeTheNotificationsTheirCommandCaused() throws Exception {
        WireClient c = connect(station(Role.DEVICE, new TcpLink(0)));
        AiotS9Infrastructure aiotf = new AiotS9Infrastructure(List.of(TAG), MachineContext.forTest(1), Set.of());
        byte[] paging = ((Effect.Transmit) aiotf.page(TAG.deviceId()).get(0)).frame();
        c.drain();
        int tid = c.tid();
        c.send(new WireMessage.AirInject(tid, Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging));
        WireMessage first = c.await(m -> !(m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT), T);
        assertInstanceOf(WireMessage.Ack.class, first, "WIRE-R17: ACK first");
        assertEquals(tid, first.tid());
        assertNotNull(airEmit(c));
    }

    @Test
    void aGatewayPagesWhenAskedAndAcceptsTheBenchPlayingTheTag() throws Exception {
        WireClient c = connect(station(Role.INFRASTRUCTURE, new TcpLink(0)));
        AiotS9Device tag = new AiotS9Device(TAG, MachineContext.forTest(3), Set.of());
        assertInstanceOf(WireMessage.Ack.class,
                c.request(new WireMessage.Action(c.tid(), Profile.AIOT_S9, "page", TAG.deviceId()), T));
        WireMessage.AirEmit paging = airEmit(c);
        assertNotNull(paging);
        assertNotNull(event(c, EventKind.ACTION_DONE));
        byte[] answer = ((Effect.Transmit) tag.receive(paging.frame()).stream()
                .filter(e -> e instanceof Effect.Transmit).findFirst().orElseThrow()).frame();
        c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, answer), T);
        assertNotNull(event(c, EventKind.ESTABLISHED), "the gateway did not accept the tag's answer");
    }

    @Test
    void anUnknownActionIsAnErrorNotASilence() throws Exception {
        WireClient c = connect(station(Role.INFRASTRUCTURE, new TcpLink(0)));
        WireMessage r = c.request(new WireMessage.Action(c.tid(), Profile.AIOT_S9, "self-destruct", new byte[0]), T);
        assertEquals(Optional.of(ErrorCode.ACTION_FAILED), ((WireMessage.ErrorResponse) r).knownCode());
    }

    @Test
    void cuttingTheSupplySilencesTheDeviceAndRestoringItRebootsIt() throws Exception {
        EmulatedStation s = station(Role.DEVICE, new TcpLink(0));
        WireClient c = connect(s);
        assertInstanceOf(WireMessage.HeartbeatAck.class, c.request(new WireMessage.Heartbeat(c.tid()), T));
        Bench.scpi(s.psuPort(), "OUTP OFF");
        assertEquals("0", Bench.scpi(s.psuPort(), "OUTP?"));
        int tid = c.tid();
        c.send(new WireMessage.Heartbeat(tid));
        assertNull(c.await(m -> m.tid() == tid, 300), "a device without power answered");
        Bench.scpi(s.psuPort(), "OUTP ON");
        WireMessage.Event boot = event(c, EventKind.BOOT);
        assertNotNull(boot);
        assertEquals(2, boot.value(), "boot counter");
        assertEquals("power-on", boot.name());
        WireMessage.HeartbeatAck hb = (WireMessage.HeartbeatAck) c.request(new WireMessage.Heartbeat(c.tid()), T);
        assertEquals(2, hb.bootCounter());
    }

    @Test
    void garbageOnTheLineCostsNothingButTheFramesItTouches() throws Exception {
        EmulatedStation s = station(Role.DEVICE, new PtyLink());
        WireClient c = connect(s);
        byte[] hb = HdlcFramer.encode(new WireMessage.Heartbeat(5).encode());
        byte[] torn = java.util.Arrays.copyOf(hb, hb.length - 3); // a lost tail: the next flag resynchronises
        c.sendRaw(new byte[] {0x55, 0x00, (byte) 0xff, 0x7d, 0x13});
        c.sendRaw(torn);
        c.sendRaw(new byte[] {0x42, 0x42});
        WireMessage r = c.request(new WireMessage.Heartbeat(6), T);
        assertInstanceOf(WireMessage.HeartbeatAck.class, r);
        assertNull(c.await(m -> m.tid() == 5, 200), "the torn frame must not be answered");
        assertTrue(s.device().responsive());
    }

    @Test
    void aMalformedCommandGetsErrorMalformed() throws Exception {
        WireClient c = connect(station(Role.DEVICE, new TcpLink(0)));
        // Intact framing and FCS, but a STATUS_GET with a trailing octet.
        byte[] bad = {(byte) 0x83, 0x04, 0x00};
        c.sendRaw(HdlcFramer.encode(bad));
        WireMessage r = c.await(m -> m instanceof WireMessage.ErrorResponse, T);
        assertNotNull(r);
        assertEquals(Optional.of(ErrorCode.MALFORMED), ((WireMessage.ErrorResponse) r).knownCode());
        assertEquals(3, r.tid());
    }

    @Test
    void anOversizedFrameIsRefusedByACorrectDeviceAndHangsTheDefectiveOne() throws Exception {
        byte[] huge = new byte[400];
        WireClient good = connect(station(Role.DEVICE, new TcpLink(0)));
        WireMessage r = good.request(new WireMessage.AirInject(good.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, huge), T);
        assertEquals(Optional.of(ErrorCode.TOO_LARGE), ((WireMessage.ErrorResponse) r).knownCode());

        EmulatedStation s = station(Role.DEVICE, new TcpLink(0), Defect.HANG_ON_OVERSIZED_LENGTH);
        WireClient bad = connect(s);
        int tid = bad.tid();
        bad.send(new WireMessage.AirInject(tid, Profile.AIOT_S9, 0, 0x7F, 0xFFFF, huge));
        assertNull(bad.await(m -> m.tid() == tid, 300));
        int hb = bad.tid();
        bad.send(new WireMessage.Heartbeat(hb));
        assertNull(bad.await(m -> m.tid() == hb, 300), "a hung device answered a heartbeat");
        Bench.scpi(s.psuPort(), "OUTP OFF");
        Bench.scpi(s.psuPort(), "OUTP ON");
        assertNotNull(bad.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() == 2, T), "the device boots again after the power cycle");
        assertInstanceOf(WireMessage.HeartbeatAck.class, bad.request(new WireMessage.Heartbeat(bad.tid()), T),
                "a power cycle recovers a hung device");
    }

    @Test
    void aTruncatedFrameCrashesTheDefectiveDeviceIntoAWatchdogReset() throws Exception {
        AiotS9Infrastructure aiotf = new AiotS9Infrastructure(List.of(TAG), MachineContext.forTest(1), Set.of());
        byte[] paging = ((Effect.Transmit) aiotf.page(TAG.deviceId()).get(0)).frame();
        byte[] truncated = java.util.Arrays.copyOf(paging, paging.length - 4);

        WireClient good = connect(station(Role.DEVICE, new TcpLink(0)));
        good.request(new WireMessage.AirInject(good.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, truncated), T);
        assertNull(good.await(m -> m instanceof WireMessage.Event e && e.kind() == EventKind.BOOT
                && e.value() > 1, 300), "a correct device must not reset on a truncated frame");

        WireClient bad = connect(station(Role.DEVICE, new TcpLink(0), Defect.CRASH_ON_TRUNCATED_FRAME));
        bad.send(new WireMessage.AirInject(bad.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, truncated));
        WireMessage.Event boot = (WireMessage.Event) bad.await(m -> m instanceof WireMessage.Event e
                && e.kind() == EventKind.BOOT && e.value() == 2, T);
        assertNotNull(boot, "the defective device should have crashed and rebooted");
        assertEquals("watchdog", boot.name());
    }

    @Test
    void nonVolatileRecordsCanBeReadAndErased() throws Exception {
        WireClient c = connect(station(Role.DEVICE, new TcpLink(0)));
        WireMessage.NvData boots = (WireMessage.NvData) c.request(new WireMessage.NvRead(c.tid(),
                dev.ampbench.emulator.device.EmulatedDevice.BOOT_COUNT_KEY), T);
        assertArrayEquals(new byte[] {1, 0, 0, 0, 0, 0, 0, 0}, boots.value());
        c.request(WireMessage.NvErase.everything(c.tid()), T);
        WireMessage r = c.request(new WireMessage.NvRead(c.tid(), dev.ampbench.emulator.device.EmulatedDevice.BOOT_COUNT_KEY), T);
        assertEquals(Optional.of(ErrorCode.NOT_FOUND), ((WireMessage.ErrorResponse) r).knownCode());
    }

    @Test
    void personalizeOverTheWireInstallsANewIdentityAndKeepsTheDeviceRunning() throws Exception {
        AiotS9Personalization next = AiotS9Firmware.identities(99, 1).get(0);
        EmulatedStation s = station(Role.DEVICE, new TcpLink(0));
        WireClient c = connect(s);
        WireMessage r = c.request(new WireMessage.Personalize(c.tid(), Profile.AIOT_S9, List.of(
                new WireMessage.Item(WireMessage.Item.DEVICE_ID, next.deviceId()),
                new WireMessage.Item(WireMessage.Item.ROOT_KEY, next.authKey().bytes()))), T);
        assertInstanceOf(WireMessage.Ack.class, r, r.toString());
        WireMessage.Event boot = event(c, EventKind.BOOT);
        assertNotNull(boot, "the device reboots with its new identity");
        assertEquals(2, boot.value(), "personalization keeps the boot counter");

        AiotS9Infrastructure oldBench = new AiotS9Infrastructure(List.of(TAG), MachineContext.forTest(1), Set.of());
        byte[] oldPaging = ((Effect.Transmit) oldBench.page(TAG.deviceId()).get(0)).frame();
        c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, oldPaging), T);
        assertNull(c.await(m -> m instanceof WireMessage.AirEmit, 300), "the old identity no longer answers");

        AiotS9Infrastructure newBench = new AiotS9Infrastructure(List.of(next), MachineContext.forTest(2), Set.of());
        byte[] paging = ((Effect.Transmit) newBench.page(next.deviceId()).get(0)).frame();
        c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging), T);
        WireMessage.AirEmit answer = airEmit(c);
        assertNotNull(answer);
        assertTrue(newBench.receive(answer.frame()).stream().anyMatch(e -> e instanceof Effect.Established));
    }

    @Test
    void theSameWireProtocolRunsInProcessForUnitTestsAndFastFuzzing() throws Exception {
        InProcessLink link = new InProcessLink("tag-0");
        EmulatedStation s = station(Role.DEVICE, link);
        assertEquals("inproc:tag-0", s.address());
        WireClient c = new WireClient(link.benchInput(), link.benchOutput(), link);
        open.add(c);
        WireMessage.HelloResponse h = (WireMessage.HelloResponse) c.request(new WireMessage.Hello(c.tid()), T);
        assertEquals(Role.DEVICE, h.role());
        AiotS9Infrastructure aiotf = new AiotS9Infrastructure(List.of(TAG), MachineContext.forTest(1), Set.of());
        byte[] paging = ((Effect.Transmit) aiotf.page(TAG.deviceId()).get(0)).frame();
        c.request(new WireMessage.AirInject(c.tid(), Profile.AIOT_S9, 0, 0x7F, 0xFFFF, paging), T);
        WireMessage.AirEmit answer = airEmit(c);
        assertNotNull(answer);
        assertTrue(aiotf.receive(answer.frame()).stream().anyMatch(e -> e instanceof Effect.Established));
    }
}
