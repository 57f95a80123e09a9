package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.CaptureFixtures;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.bench.capture.PcapngWriter;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.replay.RecordedSession;
import dev.ampbench.bench.replay.ReplayInputException;
import dev.ampbench.bench.replay.ReplayReport;
import dev.ampbench.bench.replay.ReplaySide;
import dev.ampbench.bench.replay.Replayer;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The replay keeps the recorded timing and reports its error; a capture's links are chosen explicitly when it has
 * several. The capture is the aiot-s9 tag golden one (Paging, response, Command, response, Command, response), its
 * timestamps rewritten so the gaps are long enough to measure.
 */
class ReplayTimingTest {
    private static final long MS = 1_000_000L;
    /** Recorded offsets of the six frames: the played ones at 0, 150 and 400 ms, each answered 2 ms later. */
    private static final long[] OFFSETS = {0, 2 * MS, 150 * MS, 152 * MS, 400 * MS, 402 * MS};

    private static byte[] retimed(boolean secondLink) throws Exception {
        List<CapturedFrame> golden = CaptureFixtures.read(Profile.AIOT_S9, Role.DEVICE).ampbenchFrames();
        assertEquals(OFFSETS.length, golden.size());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PcapngWriter w = PcapngWriter.to(out)) {
            PcapngWriter.Link link = w.addLink("tag A", Profile.AIOT_S9, Role.DEVICE);
            PcapngWriter.Link other = secondLink ? w.addLink("tag B", Profile.AIOT_S9, Role.DEVICE) : null;
            long base = 1_700_000_000_000_000_000L;
            for (int i = 0; i < golden.size(); i++) {
                w.write(link, golden.get(i).direction(), base + OFFSETS[i], golden.get(i).frame());
                if (other != null) {
                    w.write(other, Direction.TO_DUT, base + OFFSETS[i], new byte[] {0x7f});
                }
            }
        }
        return out.toByteArray();
    }

    @Test
    void playedFramesKeepTheRecordedGapsAndTheTimingErrorIsReported() throws Exception {
        RecordedSession s = RecordedSession.of(PcapngReader.read(retimed(false)), Optional.empty(), "retimed");
        ReplayReport r;
        try (Dut dut = GoldenReplayTest.emulated(Profile.AIOT_S9, Role.DEVICE, EnumSet.noneOf(Defect.class))) {
            r = Replayer.replay(dut, s, ReplaySide.BENCH);
        }
        StringWriter w = new StringWriter();
        r.print(new PrintWriter(w));
        List<ReplayReport.Row> played = r.rows().stream().filter(x -> x.status() == ReplayReport.Status.PLAYED)
                .toList();
        assertEquals(3, played.size(), w.toString());
        assertEquals(3, r.timingErrorsNanos().size());
        double worst = 0;
        for (int i = 0; i < 3; i++) {
            ReplayReport.Row p = played.get(i);
            assertEquals(OFFSETS[2 * i] / 1e6, p.recordedMillis(), 1e-6, w.toString());
            // never early: a frame waits for its recorded offset
            assertTrue(p.actualMillis() >= p.recordedMillis(), w.toString());
            worst = Math.max(worst, Math.abs(p.actualMillis() - p.recordedMillis()));
        }
        assertEquals(worst, r.timingErrorMax() / 1e6, 1e-6, w.toString());
        assertTrue(r.timingErrorMin() <= r.timingErrorMedian() && r.timingErrorMedian() <= r.timingErrorMax());
        assertTrue(w.toString().contains("timing error |actual - recorded| over 3 played frame(s): min "),
                w.toString());
        assertTrue(r.consistent(), w.toString());
    }

    @Test
    void aCaptureWithSeveralLinksNeedsOneNamed() throws Exception {
        byte[] two = retimed(true);
        ReplayInputException e = assertThrows(ReplayInputException.class,
                () -> RecordedSession.of(PcapngReader.read(two), Optional.empty(), "two.pcapng"));
        assertEquals("two.pcapng holds 2 device links; choose one with --link: 'tag A', 'tag B'", e.getMessage());
        RecordedSession b = RecordedSession.of(PcapngReader.read(two), Optional.of("tag B"), "two.pcapng");
        assertEquals(6, b.frames().size());
        assertTrue(b.frames().stream().noneMatch(f -> f.fromDut()));
        ReplayInputException none = assertThrows(ReplayInputException.class,
                () -> RecordedSession.of(PcapngReader.read(two), Optional.of("tag C"), "two.pcapng"));
        assertEquals("two.pcapng has no link named 'tag C'; its links: 'tag A', 'tag B'", none.getMessage());
    }
}
