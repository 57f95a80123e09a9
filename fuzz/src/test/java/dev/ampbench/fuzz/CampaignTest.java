package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.machine.Deviation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine against protocol machines in process (the emulator's devices are proven in cli's FuzzProofTest): a
 * conforming machine gives no finding, a machine with a deviation gives a finding naming the rule the profile says
 * the deviation breaks, and shards, resumption and the campaign directory behave.
 */
class CampaignTest {

    private static Campaign.Summary run(Profile p, Set<Deviation> d, Campaign.Settings s, Campaign.FindingSink sink)
            throws Exception {
        return new Campaign(Samples.scenario(p, 4), Samples.tag(p, 4, d), s, sink).run();
    }

    @Test
    void aConformingMachineGivesNoFinding() throws Exception {
        for (Profile p : Profile.values()) {
            Campaign.Summary s = run(p, Set.of(), Campaign.Settings.cases(9, 1500), f -> { });
            assertEquals(1500, s.cases());
            assertEquals(List.of(), s.findings(), p.id());
            assertEquals(0, s.incomplete(), p.id());
            assertTrue(s.unreached() < s.cases() / 20, p.id() + ": " + s.unreached() + " of " + s.cases()
                    + " cases did not reach their planned frame");
            assertTrue(s.coverage().transitions().size() >= 3, p.id() + ": " + s.coverage().transitions());
        }
    }

    @Test
    void mostCasesStartFromTheKeptStateAndAStateChangeDrivesTheNextCaseAgain() throws Exception {
        for (Profile p : Profile.values()) {
            Campaign.Summary s = run(p, Set.of(), Campaign.Settings.cases(9, 1500), f -> { });
            assertTrue(s.resumed() > s.cases() / 2, p.id() + ": only " + s.resumed() + " of " + s.cases()
                    + " cases started from the kept state");
            assertTrue(s.resumed() < s.cases(), p.id() + ": every session's first case drives the device");
        }
        // A tag that accepts a replayed frame changes state on it: the case after each finding drives it again,
        // so the finding is seen again at most once per session, never from a state it left behind.
        Campaign.Summary d = run(Profile.AMP_SEC, Set.of(Deviation.REPLAY_ACCEPTED), Campaign.Settings.cases(5, 600),
                f -> { });
        long found = d.counts().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(found > 0);
        assertTrue(d.resumed() <= d.cases() - found, "a case after a finding never resumes: " + d.resumed() + " of "
                + d.cases() + " resumed with " + found + " findings");
    }

    @Test
    void deviationsAreFoundWithTheRuleTheirProfileNames() throws Exception {
        Map<Profile, Deviation> cases = Map.of(Profile.AMP_SEC, Deviation.REPLAY_ACCEPTED,
                Profile.AIOT_S9, Deviation.POLICY_DOWNGRADE_ACCEPTED,
                Profile.LORAWAN, Deviation.MIC_NOT_CHECKED,
                Profile.AMP_PROV, Deviation.MIC_FIRST_BYTE_ONLY);
        for (Map.Entry<Profile, Deviation> e : cases.entrySet()) {
            String rule = Profiles.ruleBrokenBy(e.getKey(), e.getValue()).orElseThrow().id();
            List<Finding> seen = new ArrayList<>();
            Campaign.Summary s = run(e.getKey(), Set.of(e.getValue()), Campaign.Settings.cases(5, 1500), seen::add);
            assertTrue(s.findings().stream().anyMatch(f -> rule.equals(f.rule())),
                    e + " should be found as " + rule + ": " + s.findings().stream().map(Finding::headline).toList());
            assertEquals(s.findings(), seen, "the sink hears of each finding once, as it is first seen");
            Finding f = s.findings().stream().filter(x -> rule.equals(x.rule())).findFirst().orElseThrow();
            assertFalse(f.frames().isEmpty(), "a finding carries its case's frames");
            assertTrue(f.frames().stream().anyMatch(x -> !x.fromDevice()), "the bench's frames are in it");
        }
    }

    @Test
    void aFindingIsMinimizedToTheOctetsThatStillTriggerIt() throws Exception {
        // A device that does not check MICs accepts a frame with any one MIC octet changed: every MIC mutation of
        // several octets minimizes to one.
        Campaign.Summary s = run(Profile.AMP_SEC, Set.of(Deviation.MIC_NOT_CHECKED), Campaign.Settings.cases(5, 600),
                f -> { });
        List<Finding> mic = s.findings().stream().filter(f -> f.field().equals("MIC") || f.field().equals("DataMic"))
                .filter(f -> f.detail().contains("minimized")).toList();
        assertFalse(mic.isEmpty(), s.findings().stream().map(Finding::detail).toList().toString());
        for (Finding f : mic) {
            assertTrue(f.detail().matches(".*minimized from \\d+ changed octets to 1 \\(at \\[\\d+]\\).*"),
                    f.detail());
        }
    }

    @Test
    void shardsSplitTheCaseNumbersAndAResumedShardContinuesWhereItStopped() throws Exception {
        Campaign.Summary a = run(Profile.AMP_SEC, Set.of(), new Campaign.Settings(1, 10, null, 1, 3, 1), f -> { });
        assertEquals(3, a.cases(), "shard 1/3 of cases 0..9 runs 1, 4, 7");
        assertEquals(10, a.nextCase());
        Campaign.Summary b = run(Profile.AMP_SEC, Set.of(), new Campaign.Settings(1, 10, null, 1, 3, 7), f -> { });
        assertEquals(1, b.cases(), "resumed at 7: only 7 is left");
        assertThrows(IllegalArgumentException.class, () -> new Campaign.Settings(1, 10, null, 1, 3, 2),
                "case 2 is not in shard 1/3");
        assertThrows(IllegalArgumentException.class, () -> new Campaign.Settings(1, 10, null, 3, 3, 3));
    }

    @Test
    void aKnownFindingIsNotReportedAgain() throws Exception {
        List<Finding> first = run(Profile.AMP_SEC, Set.of(Deviation.REPLAY_ACCEPTED),
                Campaign.Settings.cases(5, 800), f -> { }).findings();
        assertFalse(first.isEmpty());
        Campaign c = new Campaign(Samples.scenario(Profile.AMP_SEC, 4),
                Samples.tag(Profile.AMP_SEC, 4, Set.of(Deviation.REPLAY_ACCEPTED)), Campaign.Settings.cases(5, 800),
                f -> {
                    throw new AssertionError("reported again: " + f.headline());
                });
        c.known(first);
        assertEquals(first.size(), c.run().findings().size());
    }

    @Test
    void theDirectoryKeepsAReadableReproducerPerFindingAndAJournal(@TempDir Path dir) throws Exception {
        CampaignDirectory.Header h = new CampaignDirectory.Header("amp-sec", "tag", 5, 600, 0, 1, "test machine",
                "fw 1", "--in-process");
        List<String> json = new ArrayList<>();
        CampaignDirectory files = new CampaignDirectory(dir, h, 0, (f, j) -> json.add(j));
        Campaign.Summary s = run(Profile.AMP_SEC, Set.of(Deviation.REPLAY_ACCEPTED), Campaign.Settings.cases(5, 600),
                files);
        assertFalse(s.findings().isEmpty());
        List<Finding> back = files.earlierFindings();
        assertEquals(s.findings().size(), back.size());
        assertEquals(s.findings().stream().map(Finding::signature).toList(),
                back.stream().map(Finding::signature).toList());
        Finding f0 = s.findings().get(0);
        Finding b0 = back.get(0);
        assertEquals(f0.caseNo(), b0.caseNo());
        assertEquals(f0.rule(), b0.rule());
        assertEquals(f0.frames().stream().map(Finding.Frame::toString).toList(),
                b0.frames().stream().map(Finding.Frame::toString).toList());
        assertTrue(json.get(0).contains("\"seed\" : 5") && json.get(0).contains("\"case\" : " + f0.caseNo()));
        assertTrue(json.get(0).contains("--seed 5 --case " + f0.caseNo() + " --in-process"), json.get(0));
        CampaignDirectory.Journal j = CampaignDirectory.journal(dir).orElseThrow();
        assertEquals(h, j.header());
        assertEquals(600, j.nextCase());
        assertEquals(600, j.casesRun());
        try (var l = Files.list(dir)) {
            assertTrue(l.noneMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
        }
        Path repro;
        try (var l = Files.list(dir.resolve("findings"))) {
            repro = l.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
        }
        assertNotNull(CampaignDirectory.read(repro));
        // The case's capture beside it: the same frames, in order, with their direction.
        Path pcap = repro.resolveSibling(repro.getFileName().toString().replace(".json", ".pcapng"));
        assertTrue(json.get(0).contains("\"capture\" : \"" + pcap.getFileName() + "\""), json.get(0));
        var cap = dev.ampbench.bench.capture.PcapngReader.read(pcap);
        List<dev.ampbench.bench.capture.CapturedFrame> frames = cap.ampbenchFrames();
        assertEquals(f0.frames().size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertEquals(f0.frames().get(i).toString(), (frames.get(i).direction()
                    == dev.ampbench.bench.report.Direction.FROM_DUT ? "< " : "> ")
                    + dev.ampbench.protocol.codec.Hex.encode(frames.get(i).frame()));
        }
    }
}
