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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state oracle over the wire: an amp-prov tag that leaves provisioning on a PROV_RESPONSE whose MIC fails says
 * nothing on the air (it refuses the frame like a correct tag), and only its state shows it. The wire target asks
 * the state with STATUS_GET, pipelined around the planned frame, so the campaign finds it through the emulator's
 * pseudo-terminal as it does in process; the correct emulator gives no finding.
 */
class WireStateOracleTest {
    private static final long SEED = 23;
    private EmulatedStation station;
    private WireSession wire;
    private GuardedPowerSwitch power;

    private WireTarget open(Set<Defect> defects) throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(Profile.AMP_PROV, Role.DEVICE, SEED);
        station = new EmulatedStation(b.firmware().get(0), defects, new SeededRandomSource(SEED), new MonotonicClock(),
                new PtyLink(), 0, null, "PSU-FUZZ", new Timing(0, 0));
        wire = WireSession.open(new SerialTransport(SerialTransport.PortSelector.path(station.address()), 115200,
                SerialTransport.Lines.BOTH_LOW), Duration.ofSeconds(1));
        power = LoopbackSupplies.scpi(station.psuPort(), Duration.ofMillis(20));
        return new WireTarget(wire, Profile.AMP_PROV, Role.DEVICE, power, Duration.ZERO);
    }

    private Campaign.Summary campaign(WireTarget t, int cases, List<Finding> found) throws Exception {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(Profile.AMP_PROV, Role.DEVICE, SEED);
        return new Campaign(Scenario.forTag(Profile.AMP_PROV, b.identities()), t,
                Campaign.Settings.cases(SEED, cases), found::add).run();
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

    @Test
    void theEmulatorReportsItsStateBeforeAndAfterAFrame() throws Exception {
        WireTarget t = open(Set.of());
        assertTrue(t.reportsStateOnRequest(), "the emulator's STATUS names its amp-prov state");
        assertTrue(t.state().isEmpty(), "the state is not asked after every frame");
        FuzzTarget.StatedReaction s = t.injectReportingState(new byte[] {0x7f, 0, 0});
        assertEquals("PROVISIONING", s.before());
        assertEquals("PROVISIONING", s.after(), "a frame that does not decode changes nothing");
        assertEquals(FuzzTarget.Liveness.ALIVE, t.heartbeat());
    }

    @Test
    void aBatchTellsTheStateAfterEachFrameWithStatusAsItsBarrier() throws Exception {
        WireTarget t = open(Set.of());
        List<FuzzTarget.Answer> a = t.injectEach(List.of(new byte[] {0x7f, 0, 0}, new byte[] {0x7f},
                new byte[] {0x7f, 1, 2, 3}), true);
        assertEquals(3, a.size());
        for (FuzzTarget.Answer x : a) {
            assertEquals(FuzzTarget.Liveness.ALIVE, x.liveness());
            assertEquals("PROVISIONING", x.stateAfter());
            assertTrue(x.reaction().emitted().isEmpty());
        }
        assertEquals(List.of(), t.injectEach(List.of(new byte[] {0x7f}), false).stream()
                .map(FuzzTarget.Answer::stateAfter).filter(java.util.Objects::nonNull).toList(),
                "not asked, not told");
        t.powerCycle();
        assertEquals(FuzzTarget.Liveness.ALIVE, t.injectEach(List.of(new byte[] {0x7f}), true).get(0).liveness(),
                "the STATUS after a power cycle carries the boot counter the power cycle already took in");
    }

    @Test
    void aTagLeavingProvisioningEarlyIsFoundOverThePseudoTerminal() throws Exception {
        List<Finding> found = new ArrayList<>();
        Campaign.Summary s = campaign(open(Set.of(Defect.LEAVES_PROVISIONING_EARLY)), 600, found);
        Finding f = found.stream().filter(x -> x.oracle() == Finding.Oracle.STATE_DIVERGED).findFirst().orElse(null);
        assertNotNull(f, "no state finding in " + s.cases() + " cases; found " + found.stream()
                .map(Finding::headline).toList());
        assertEquals("AMP-PROV-R1", f.rule());
        assertEquals("AWAIT_RESPONSE", f.state());
    }

    @Test
    void theCorrectTagGivesNoFindingOverThePseudoTerminal() throws Exception {
        List<Finding> found = new ArrayList<>();
        Campaign.Summary s = campaign(open(Set.of()), 600, found);
        assertEquals(600, s.cases());
        assertEquals(List.of(), found.stream().map(Finding::headline).toList());
        assertEquals(0, s.recoveries());
    }
}
