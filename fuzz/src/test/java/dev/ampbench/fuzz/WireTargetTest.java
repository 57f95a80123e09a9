package dev.ampbench.fuzz;

import dev.ampbench.bench.power.GuardedPowerSwitch;
import dev.ampbench.bench.power.LoopbackSupplies;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.bench.transport.SerialTransport;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.SeededRandomSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The wire target against the emulator on a real pseudo-terminal, opened through jSerialComm as a USB serial adapter
 * is, with its SCPI supply on loopback: the heartbeat barrier delivers what a frame caused, a crash and a hang are
 * told apart, a power cycle through the switch (or a RESET without one) brings the device back.
 */
class WireTargetTest {
    private static final long SEED = 21;
    private EmulatedStation station;
    private WireSession wire;
    private GuardedPowerSwitch power;

    private WireTarget open(Set<Defect> defects, boolean withSwitch) throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(Profile.AMP_SEC, Role.DEVICE, SEED);
        station = new EmulatedStation(b.firmware().get(0), defects, new SeededRandomSource(SEED), new MonotonicClock(),
                new PtyLink(), 0, null, "PSU-FUZZ", new Timing(0, 0));
        wire = WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
        power = withSwitch ? LoopbackSupplies.scpi(station.psuPort(), Duration.ofMillis(20)) : null;
        return new WireTarget(wire, Profile.AMP_SEC, Role.DEVICE, power, Duration.ZERO);
    }

    @AfterEach
    void close() throws Exception {
        if (wire != null) {
            wire.close();
        }
        if (power != null) {
            power.close();
        }
        if (station != null) {
            station.close();
        }
    }

    /** The first frame of the amp-sec scenario: a Trigger paged to the tag, from the bench's own AP. */
    private static byte[] trigger() {
        return Samples.frames(Profile.AMP_SEC, SEED).get(0).encode();
    }

    @Test
    void theHeartbeatBarrierDeliversTheAnswerToAFrame() throws Exception {
        WireTarget t = open(Set.of(), true);
        Reaction r = t.inject(trigger());
        assertEquals(1, r.emitted().size(), "the tag answers a Trigger paged to it with one Response");
        assertEquals(FuzzTarget.Liveness.ALIVE, t.heartbeat());
        dev.ampbench.protocol.codec.Frame f = Samples.frames(Profile.AMP_SEC, SEED).get(0);
        dev.ampbench.protocol.codec.FieldDescriptor da = f.fields().stream().filter(d -> d.name().equals("DA"))
                .findFirst().orElseThrow();
        byte[] other = f.encode();
        other[da.end() - 1] ^= 1; // a Trigger for a neighbour
        assertTrue(t.inject(other).emitted().isEmpty(), "a Trigger for another STA is not answered");
    }

    @Test
    void aCrashIsANewBootCounterAndAHangIsSilence() throws Exception {
        WireTarget t = open(Set.of(Defect.CRASH_ON_TRUNCATED_FRAME, Defect.HANG_ON_OVERSIZED_LENGTH), true);
        byte[] f = trigger();
        t.inject(Arrays.copyOf(f, f.length - 3));
        assertEquals(FuzzTarget.Liveness.REBOOTED, t.heartbeat());
        assertEquals(FuzzTarget.Liveness.ALIVE, t.heartbeat(), "the next heartbeat sees the same boot counter");
        t.inject(Arrays.copyOf(f, 1000));
        assertEquals(FuzzTarget.Liveness.HUNG, t.heartbeat());
        t.powerCycle();
        assertEquals(FuzzTarget.Liveness.ALIVE, t.heartbeat(), "the power cycle through the supply revived it");
        assertEquals(1, t.inject(trigger()).emitted().size());
    }

    /** A Trigger paged to the tag's neighbour: not answered. */
    private static byte[] triggerForANeighbour() {
        dev.ampbench.protocol.codec.Frame f = Samples.frames(Profile.AMP_SEC, SEED).get(0);
        dev.ampbench.protocol.codec.FieldDescriptor da = f.fields().stream().filter(d -> d.name().equals("DA"))
                .findFirst().orElseThrow();
        byte[] other = f.encode();
        other[da.end() - 1] ^= 1;
        return other;
    }

    @Test
    void aBatchGivesEachFrameItsOwnAnswersAsOneAtATimeDoes() throws Exception {
        byte[] t = trigger();
        byte[] n = triggerForANeighbour();
        byte[] crash = Arrays.copyOf(t, t.length - 3);
        // 9 frames: two round trips (7 + 2); answered, silent and crashing frames interleaved.
        List<byte[]> frames = List.of(n, t, n, t, crash, t, n, t, t);
        Set<Defect> defects = Set.of(Defect.CRASH_ON_TRUNCATED_FRAME);

        WireTarget batched = open(defects, true);
        List<FuzzTarget.Answer> got = batched.injectEach(frames);
        close();

        WireTarget single = open(defects, true); // the same device again: same seed, same SNonces
        List<FuzzTarget.Answer> expected = new java.util.ArrayList<>();
        for (byte[] f : frames) {
            Reaction r = single.inject(f);
            expected.add(new FuzzTarget.Answer(r, single.heartbeat()));
        }

        assertEquals(List.of(0, 1, 0, 1, 0, 1, 0, 1, 1),
                got.stream().map(a -> a.reaction().emitted().size()).toList(), "answers attributed to their frames");
        assertEquals(List.of(FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.ALIVE,
                FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.REBOOTED, FuzzTarget.Liveness.ALIVE,
                FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.ALIVE, FuzzTarget.Liveness.ALIVE),
                got.stream().map(FuzzTarget.Answer::liveness).toList());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(expected.get(i).liveness(), got.get(i).liveness(), "liveness of frame " + i);
            assertEquals(expected.get(i).reaction().emitted().size(), got.get(i).reaction().emitted().size());
            for (int j = 0; j < got.get(i).reaction().emitted().size(); j++) {
                assertTrue(Arrays.equals(expected.get(i).reaction().emitted().get(j),
                        got.get(i).reaction().emitted().get(j)), "frame " + i + " answered as one at a time");
            }
        }
    }

    @Test
    void aBatchStopsAtAHang() throws Exception {
        WireTarget t = open(Set.of(Defect.HANG_ON_OVERSIZED_LENGTH), true);
        byte[] f = trigger();
        List<FuzzTarget.Answer> got = t.injectEach(List.of(f, Arrays.copyOf(f, 1000), f));
        assertEquals(1, got.get(0).reaction().emitted().size());
        assertEquals(FuzzTarget.Liveness.ALIVE, got.get(0).liveness());
        assertEquals(FuzzTarget.Liveness.HUNG, got.get(1).liveness());
        assertEquals(FuzzTarget.Liveness.HUNG, got.get(2).liveness(), "a silent device answers nothing after");
        t.powerCycle();
        assertEquals(1, t.injectEach(List.of(f)).get(0).reaction().emitted().size(), "revived by the power cycle");
    }

    @Test
    void withoutASwitchAPowerCycleIsAColdReset() throws Exception {
        WireTarget t = open(Set.of(Defect.HANG_ON_OVERSIZED_LENGTH), false);
        long boots = wire.bootCounter();
        t.powerCycle();
        assertEquals(boots + 1, wire.bootCounter());
        assertEquals(FuzzTarget.Liveness.ALIVE, t.heartbeat());
    }

    @Test
    void aShortCampaignOverThePseudoTerminal() throws Exception {
        WireTarget t = open(Set.of(Defect.MIC_NOT_CHECKED), true);
        Campaign.Summary s = new Campaign(Samples.scenario(Profile.AMP_SEC, SEED), t,
                Campaign.Settings.cases(3, 150), f -> { }).run();
        assertEquals(150, s.cases());
        List<String> rules = s.findings().stream().map(Finding::rule).distinct().toList();
        assertEquals(List.of("AMP-SEC-R7"), rules, "mic-not-checked breaks AMP-SEC-R7 and nothing else");
        assertFalse(s.coverage().states().isEmpty(), "coverage comes from the reference when the DUT cannot tell");
    }
}
