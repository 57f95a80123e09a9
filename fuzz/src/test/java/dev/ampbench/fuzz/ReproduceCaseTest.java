package dev.ampbench.fuzz;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.machine.Deviation;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --case N} ({@link Campaign#reproducing()}) brings case N back as the campaign ran it: the same verdict (the
 * state the frame met, the frame's type, field and length, whether it resumed from the kept state, what the device
 * did and its state after), and the same finding, for a conforming device and for devices whose findings change
 * their state, unsharded and in a shard (docs/fuzzing.md, "Reproducibility").
 */
class ReproduceCaseTest {
    private static final long SEED = 21;

    private record Run(Map<Long, Campaign.Judged> trace, List<Finding> found, Campaign.Summary summary) {
    }

    private static Run run(Profile p, Set<Deviation> d, Campaign.Settings s, boolean reproduce) throws Exception {
        Map<Long, Campaign.Judged> trace = new LinkedHashMap<>();
        List<Finding> found = new ArrayList<>();
        Campaign c = new Campaign(Samples.scenario(p, 4), Samples.tag(p, 4, d), s, new Campaign.FindingSink() {
            @Override
            public void found(Finding f) {
                found.add(f);
            }

            @Override
            public void judged(Campaign.Judged v) {
                trace.put(v.caseNo(), v);
            }
        });
        if (reproduce) {
            c.reproducing();
        }
        return new Run(trace, found, c.run());
    }

    private static Run reproduce(Profile p, Set<Deviation> d, long n, int shard, int shards) throws Exception {
        return run(p, d, new Campaign.Settings(SEED, n + 1, null, shard, shards, n), true);
    }

    /**
     * Every {@code step}-th case of the campaign, each session's first (the anchors among them), a third of the cases
     * after a case that did not keep its state, and the findings' cases.
     */
    private static List<Long> casesToCheck(Run whole, int step) {
        List<Long> out = new ArrayList<>();
        long i = 0;
        Campaign.Judged before = null;
        for (Campaign.Judged j : whole.trace().values()) {
            boolean afterChange = before != null && !j.resumed();
            boolean sessionStart = before == null || before.caseNo() / CasePlan.SESSION_CASES
                    != j.caseNo() / CasePlan.SESSION_CASES;
            if (i++ % step == 0 || sessionStart || afterChange && i % 3 == 0) {
                out.add(j.caseNo());
            }
            before = j;
        }
        for (Finding f : whole.summary().findings()) {
            out.add(f.caseNo());
        }
        return out;
    }

    private static void sameAsTheCampaign(Profile p, Set<Deviation> d, int shard, int shards, long cases, int step)
            throws Exception {
        Run whole = run(p, d, new Campaign.Settings(SEED, cases, null, shard, shards, shard), false);
        for (long n : casesToCheck(whole, step)) {
            Run one = reproduce(p, d, n, shard, shards);
            String what = p.id() + " " + d + " shard " + shard + "/" + shards + " case " + n;
            assertEquals(whole.trace().get(n), one.trace().get(n), what);
            assertEquals(one.trace().size() - 1, one.summary().leadIn(), what + ": the lead-in is the cases before N");
            assertTrue(one.found().stream().allMatch(f -> f.caseNo() == n), what + ": only case N's findings are "
                    + "reported, not the lead-in's: " + one.found());
            // A finding the campaign reported first at N comes back; N may also find again what the campaign had
            // found before N (not reported there, counted), which its lead-in need not have met.
            List<String> again = one.found().stream().map(ReproduceCaseTest::what).toList();
            for (Finding f : whole.found()) {
                if (f.caseNo() == n) {
                    assertTrue(again.contains(what(f)), what + ": " + what(f) + " should come back, got " + again);
                }
            }
            for (Finding f : one.found()) {
                assertTrue(whole.summary().counts().containsKey(f.signature()), what + ": " + what(f)
                        + " was never seen in the campaign");
            }
        }
    }

    private static String what(Finding f) {
        return f.signature() + " | " + f.mutation();
    }

    @Test
    void aConformingDevicesCasesComeBackAsTheCampaignJudgedThem() throws Exception {
        for (Profile p : Profile.values()) {
            sameAsTheCampaign(p, Set.of(), 0, 1, 600, 37);
        }
    }

    @Test
    void casesAfterFindingsThatMovedTheDeviceComeBackInTheStateTheyMet() throws Exception {
        Map<Profile, Deviation> defects = Map.of(Profile.AMP_SEC, Deviation.REPLAY_ACCEPTED,
                Profile.AIOT_S9, Deviation.POLICY_DOWNGRADE_ACCEPTED,
                Profile.LORAWAN, Deviation.MIC_NOT_CHECKED,
                Profile.AMP_PROV, Deviation.LEAVES_PROVISIONING_EARLY);
        for (Map.Entry<Profile, Deviation> e : defects.entrySet()) {
            Run whole = run(e.getKey(), Set.of(e.getValue()), Campaign.Settings.cases(SEED, 400), false);
            assertFalse(whole.found().isEmpty(), e + " is found in 400 cases (else this test proves nothing)");
            sameAsTheCampaign(e.getKey(), Set.of(e.getValue()), 0, 1, 400, 29);
        }
    }

    @Test
    void aShardsCasesComeBackWithTheirShard() throws Exception {
        for (Profile p : List.of(Profile.AMP_SEC, Profile.AIOT_S9)) {
            sameAsTheCampaign(p, Set.of(), 1, 3, 900, 17);
        }
        sameAsTheCampaign(Profile.AMP_SEC, Set.of(Deviation.REPLAY_ACCEPTED), 2, 4, 800, 13);
    }

    @Test
    void everyShardHasAnchorsSoALeadInStaysShort() throws Exception {
        // Unsharded, a session in four starts with a power cycle; shard 1 of 2 never runs a session's first case,
        // so it power-cycles at the first case it runs of those sessions instead: the lead-in to a late case is a
        // few sessions long, not the whole shard.
        for (int[] sh : new int[][] {{0, 1}, {1, 2}, {3, 4}}) {
            long n = 20_000 + Math.floorMod(sh[0] - 20_000L, sh[1]);
            Run one = reproduce(Profile.AMP_SEC, Set.of(), n, sh[0], sh[1]);
            assertTrue(one.summary().leadIn() < 20L * CasePlan.SESSION_CASES / sh[1],
                    "shard " + sh[0] + "/" + sh[1] + ": a lead-in of " + one.summary().leadIn() + " cases to case " + n);
        }
    }
}
