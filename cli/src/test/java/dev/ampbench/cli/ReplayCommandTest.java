package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ampbench replay against the built-in emulator (a real pseudo-terminal through jSerialComm): a capture the test
 * records from an amp-sec tag session (Trigger, Response, Confirm, DownlinkData), replayed to a correct tag, to a
 * tag with a reused-nonce defect, to a tag of another identity, from the other side, and corrupt.
 */
class ReplayCommandTest {
    private static final long SEED = 31;

    /** Conducts a handshake and one DownlinkData with the built-in emulated tag, written to a pcapng as it goes. */
    private static Path record(Path dir, Set<Defect> defects) throws Exception {
        Path file = dir.resolve("amp-sec-tag-" + defects.size() + ".pcapng");
        try (PcapngWriter w = PcapngWriter.create(file);
             Dut dut = new BuiltInEmulator(SEED, defects).open(Profile.AMP_SEC, Role.DEVICE).orElseThrow()) {
            var recorder = w.wireRecorder(w.addLink("tag under test", Profile.AMP_SEC, Role.DEVICE));
            dut.wire().addListener(recorder);
            dut.wire().addSentListener(recorder);
            AmpSecPersonalization p = dut.secrets(AmpSecPersonalization.class).get(0);
            AmpSecAccessPoint ap = new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), new MachineContext(
                    new SecureRandomSource(), System::currentTimeMillis, new InMemoryStore()), Set.of());
            Transcript hs = dut.conductor().run(ap, ap.trigger());
            assertTrue(hs.counterpartEstablished() && hs.dutEstablished(), hs.toString());
            dut.conductor().run(ap, ap.sendData(p.sa(), new byte[] {1, 2, 3, 4}));
        }
        return file;
    }

    @Test
    void aCorrectTagAnswersFreshlyAndRefusesTheStaleFramesExitZero(@TempDir Path dir) throws Exception {
        Path capture = record(dir, Set.of());
        Result r = run("replay", capture.toString(), "--seed", Long.toString(SEED));
        assertEquals(0, r.code(), r.out() + r.err());
        // the Response: same layout and addresses, a fresh SNonce, so another MIC
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#2") && l.contains("Response") && l.contains("EXPLAINED")
                && l.contains("SNonce fresh")), r.out());
        // the recorded Confirm, bound to the recorded SNonce, is played and refused: no ESTABLISHED
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#3") && l.contains("Confirm") && l.contains("PLAYED")
                && !l.contains("ESTABLISHED")), r.out());
        assertTrue(r.out().contains("timing error |actual - recorded| over 3 played frame(s): min "), r.out());
        assertTrue(r.out().contains("verdict: consistent"), r.out());
    }

    @Test
    void aTagThatReusesItsNonceBreaksR3ExitOne(@TempDir Path dir) throws Exception {
        Path capture = record(dir, EnumSet.of(Defect.NONCE_REUSED_AFTER_POWER_LOSS));
        Result r = run("replay", capture.toString(), "--seed", Long.toString(SEED), "--emulator-defect",
                "nonce-reused-after-power-loss");
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#2") && l.contains("BROKEN")
                && l.contains("AMP-SEC-R3 broken: SNonce repeats the recorded value")), r.out());
        assertTrue(r.out().contains("verdict: the device breaks AMP-SEC-R3"), r.out());
    }

    @Test
    void aTagOfAnotherIdentityDivergesExitOne(@TempDir Path dir) throws Exception {
        Path capture = record(dir, Set.of());
        Result r = run("replay", capture.toString(), "--seed", Long.toString(SEED + 1));
        assertEquals(1, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#2") && l.contains("DIVERGED")), r.out());
        assertTrue(r.out().contains("verdict: the device diverges"), r.out());
    }

    @Test
    void theDutSidePlayedToAGatewayIsRefusedAsStaleExitZero(@TempDir Path dir) throws Exception {
        Path capture = record(dir, Set.of());
        Result r = run("replay", capture.toString(), "--seed", Long.toString(SEED), "--side", "dut");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#1") && l.contains("Trigger")
                && l.contains("SKIPPED")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("#3") && l.contains("Confirm") && l.contains("EXPLAINED")
                && l.contains("no answer")), r.out());
    }

    @Test
    void aCorruptCaptureIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.pcapng");
        Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        Result r = run("replay", bad.toString(), "--seed", "1");
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("ampbench: corrupt capture "), r.err());
    }

    @Test
    void usageErrorsAreOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path capture = AuditCommandTest.golden("amp-sec-tag");
        Result noSeed = run("replay", capture.toString());
        assertEquals(2, noSeed.code());
        assertTrue(noSeed.err().contains("needs --seed"), noSeed.err());
        Result side = run("replay", capture.toString(), "--seed", "1", "--side", "both");
        assertEquals(2, side.code());
        assertEquals("ampbench: --side must be bench or dut, not 'both'", side.err().strip());
        Result missing = run("replay", dir.resolve("none.pcapng").toString(), "--seed", "1");
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().lines().count(), missing.err());
    }

    @Test
    void aDefectTheEmulatedTagDoesNotImplementIsAUsageError(@TempDir Path dir) throws Exception {
        Path capture = record(dir, Set.of());
        Result r = run("replay", capture.toString(), "--seed", Long.toString(SEED), "--emulator-defect",
                "leaves-provisioning-early");
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("amp-sec tag does not implement leaves-provisioning-early;"), r.err());
    }
}
