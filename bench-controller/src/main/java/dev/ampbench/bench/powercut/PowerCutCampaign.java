package dev.ampbench.bench.powercut;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.SecureRandomSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A power-cut campaign against one DUT for one profile and role (docs/power-cut-campaigns.md):
 * <ol>
 *   <li>a discovery run of the exchange without a cut enumerates its steps (frames both ways, NV writes);</li>
 *   <li>for every step, the exchange runs again and power is cut on the protocol event of that step; after power
 *       returns the rules are checked (boot counter, nothing under old keys, the exchange completes again, no
 *       repeated nonce);</li>
 *   <li>{@code cycles} plain power cycles, each followed by the exchange, collect the DUT's nonces; repeats are
 *       reported with both cycles, and the SP 800-90B health tests run over the nonce octets.</li>
 * </ol>
 * Every verdict goes to the {@link Listener} as it is reached, so a campaign that runs for hours leaves its results
 * behind as it goes.
 */
public final class PowerCutCampaign {
    /** Receives every result as soon as it is known. */
    public interface Listener {
        void step(StepResult result);

        /**
         * One nonce-collection cycle ended: the nonces the DUT put on the air (hex), and the first violation, if
         * any (not yet a step result: the cycles are judged together at the end).
         */
        default void cycle(ExchangePlan plan, int cycle, List<String> nonces, Optional<ExchangePlan.Violation> found,
                           long millis) {
        }

        /** Progress: {@code done} of {@code total} runs of this profile and role. */
        default void progress(String what, int done, int total) {
        }
    }

    /**
     * @param cycles   plain power cycles for nonce collection (after the step matrix)
     * @param offTime  how long power stays off at every cut and cycle (the switch's minimum off-time still applies)
     * @param quiet    how long the air must stay quiet before a phase that did not reach its goal is over
     * @param must     how long the DUT may take to answer a command
     * @param midOctets how many mid-frame cut positions per frame (1..3: after octet 1, half, last-1)
     * @param stopAtFirstFailure end the campaign of a profile and role at its first failed step (tests that only
     *                           need the first failure); a lab campaign runs every step
     */
    public record Settings(int cycles, Duration offTime, Duration quiet, Duration must, int midOctets,
                           boolean stopAtFirstFailure) {
        public Settings(int cycles, Duration offTime, Duration quiet, Duration must, int midOctets) {
            this(cycles, offTime, quiet, must, midOctets, false);
        }

        public Settings {
            if (cycles < 0) {
                throw new IllegalArgumentException("cycles must not be negative");
            }
            if (midOctets < 0 || midOctets > 3) {
                throw new IllegalArgumentException("midOctets must be 0..3");
            }
        }
    }

    /** What one campaign found. */
    public record Summary(ExchangePlan plan, List<StepResult> results, int nonces, int distinctNonces,
                          List<Long> delaysNanos, int midCuts, int midLandedInside) {
        public long count(StepResult.Verdict v) {
            return results.stream().filter(r -> r.verdict() == v).count();
        }

        public Optional<Long> delay(double quantile) {
            if (delaysNanos.isEmpty()) {
                return Optional.empty();
            }
            List<Long> s = delaysNanos.stream().sorted().toList();
            return Optional.of(s.get((int) Math.min(s.size() - 1, Math.floor(quantile * (s.size() - 1) + 0.5))));
        }
    }

    private final Settings settings;
    private final Listener listener;
    private final HealthTests health;

    public PowerCutCampaign(Settings settings, HealthTests health, Listener listener) {
        this.settings = settings;
        this.health = health;
        this.listener = listener;
    }

    /** The steps of an exchange, from its discovery run. */
    public static List<CutPoint> enumerate(ExchangeRunner.Outcome discovery, int midOctets) {
        List<CutPoint> steps = new ArrayList<>();
        boolean airtime = discovery.airNanosPerOctet() > 0;
        for (ExchangeRunner.Moment m : discovery.moments()) {
            if (!m.frame()) {
                steps.add(new CutPoint(CutPoint.Kind.NV_WRITE_BEGIN, m.index(), true, 0, m.octets(), m.what()));
                steps.add(new CutPoint(CutPoint.Kind.NV_WRITE_END, m.index(), true, 0, m.octets(), m.what()));
                continue;
            }
            if (!m.fromDut() || airtime) {
                steps.add(new CutPoint(CutPoint.Kind.BEFORE_FRAME, m.index(), m.fromDut(), 0, m.octets(), m.what()));
            }
            if (airtime) {
                for (int k : midOctets(m.octets(), midOctets)) {
                    steps.add(new CutPoint(CutPoint.Kind.MID_FRAME, m.index(), m.fromDut(), k, m.octets(), m.what()));
                }
            }
            steps.add(new CutPoint(CutPoint.Kind.AFTER_FRAME, m.index(), m.fromDut(), 0, m.octets(), m.what()));
        }
        return steps;
    }

    /** After octet 1, half-way, and before the last octet; fewer, distinct, for short frames. */
    static List<Integer> midOctets(int length, int how) {
        List<Integer> ks = new ArrayList<>();
        for (int k : new int[] {1, length / 2, length - 1}) {
            if (ks.size() < how && k >= 1 && k < length && !ks.contains(k)) {
                ks.add(k);
            }
        }
        return ks;
    }

    /** Runs the whole campaign for one profile and role. */
    public Summary run(Dut dut, PowerSwitch power, ExchangePlan plan) throws LabFault {
        MachineContext bench = new MachineContext(new SecureRandomSource(), System::currentTimeMillis,
                new InMemoryStore());
        NonceLedger ledger = new NonceLedger();
        List<StepResult> results = new ArrayList<>();
        List<Long> delays = new ArrayList<>();
        int[] mid = new int[2];
        try (ExchangeRunner runner = new ExchangeRunner(dut, power, settings.quiet(), settings.must())) {
            runner.powerCycle(settings.offTime());
            plan.begin(dut, bench);

            // Discovery: the exchange without a cut, which every step then repeats.
            long start = System.currentTimeMillis();
            plan.prepare(dut);
            ExchangeRunner.Outcome discovery = runner.run(plan.counterpart(dut, bench), null, 0);
            List<ExchangePlan.Violation> found = new ArrayList<>();
            nonces(plan, discovery, ledger, 0, "discovery run", found);
            rejection(plan, discovery, found);
            if (found.isEmpty() && !discovery.completed()) {
                found.add(new ExchangePlan.Violation(plan.recoveryRule(), "the exchange does not complete even "
                        + "without a power cut: " + discovery.summary()));
            }
            plan.observe(discovery);
            report(results, verdict(plan, 0, "discovery run (no cut)", "", found, -1, null, start));
            if (!discovery.completed()) {
                return new Summary(plan, results, ledger.count(), ledger.distinct(), delays, 0, 0);
            }
            long air = discovery.airNanosPerOctet();
            List<CutPoint> steps = enumerate(discovery, settings.midOctets());
            int total = steps.size() + settings.cycles();
            int cycle = 0;
            for (CutPoint step : steps) {
                cycle++;
                listener.progress(plan + ": " + step.label(), cycle, total);
                StepResult r = cutStep(dut, runner, plan, bench, ledger, step, cycle, air);
                if (r.delayNanos() >= 0) {
                    delays.add(r.delayNanos());
                }
                if (step.kind() == CutPoint.Kind.MID_FRAME && r.landedInside() != null) {
                    mid[0]++;
                    mid[1] += r.landedInside() ? 1 : 0;
                }
                report(results, r);
                if (settings.stopAtFirstFailure() && r.verdict() == StepResult.Verdict.FAILED) {
                    return new Summary(plan, results, ledger.count(), ledger.distinct(), delays, mid[0], mid[1]);
                }
            }

            // Nonce collection over plain power cycles.
            start = System.currentTimeMillis();
            List<ExchangePlan.Violation> cycleFindings = new ArrayList<>();
            int firstBad = -1;
            List<String> listenerNonces = List.of();
            for (int i = 0; i < settings.cycles(); i++) {
                cycle++;
                listener.progress(plan + ": nonce cycle " + (i + 1), cycle, total);
                List<ExchangePlan.Violation> here = new ArrayList<>();
                long began = System.currentTimeMillis();
                try {
                    runner.powerCycle(settings.offTime());
                    plan.prepare(dut);
                    ExchangeRunner.Outcome o = runner.run(plan.counterpart(dut, bench), null, air);
                    int before = ledger.count();
                    nonces(plan, o, ledger, cycle, "nonce cycle " + (i + 1), here);
                    listenerNonces = ledger.recent(ledger.count() - before);
                    rejection(plan, o, here);
                    plan.observe(o);
                    if (here.isEmpty() && !o.completed()) {
                        here.add(new ExchangePlan.Violation(plan.recoveryRule(), "the exchange after a plain power "
                                + "cycle did not complete: " + o.summary()));
                    }
                } catch (LabFault e) {
                    report(results, new StepResult(plan.profile(), plan.role(), cycle, "nonce cycle " + (i + 1), "",
                            StepResult.Verdict.BROKEN, null, "lab fault: " + e.getMessage(), -1, null, start,
                            System.currentTimeMillis()));
                    throw e;
                }
                listener.cycle(plan, cycle, listenerNonces, here.stream().findFirst(),
                        System.currentTimeMillis() - began);
                if (!here.isEmpty() && firstBad < 0) {
                    firstBad = cycle;
                    cycleFindings.addAll(here);
                }
            }
            if (settings.cycles() > 0) {
                report(results, verdict(plan, firstBad < 0 ? cycle : firstBad, settings.cycles()
                        + " plain power cycles, each followed by the exchange", "", cycleFindings, -1, null, start));
            }
            if (plan.randomNonce() && ledger.count() > 0) {
                report(results, healthResult(plan, ledger, cycle));
            }
        }
        return new Summary(plan, results, ledger.count(), ledger.distinct(), delays, mid[0], mid[1]);
    }

    private StepResult cutStep(Dut dut, ExchangeRunner runner, ExchangePlan plan, MachineContext bench,
                               NonceLedger ledger, CutPoint step, int cycle, long air) throws LabFault {
        long start = System.currentTimeMillis();
        String label = step.label();
        try {
            plan.prepare(dut);
            long boots = dut.wire().bootCounter();
            ExchangeRunner.Outcome cut = runner.run(plan.counterpart(dut, bench), step, air);
            List<ExchangePlan.Violation> found = new ArrayList<>();
            if (cut.cut().isEmpty()) {
                nonces(plan, cut, ledger, cycle, label, found);
                rejection(plan, cut, found);
                plan.observe(cut);
                // The trigger never came: a device whose exchange differs from the discovery run. Power-cycle so
                // the next step starts from a boot, and say so.
                runner.powerCycle(settings.offTime());
                return new StepResult(plan.profile(), plan.role(), cycle, label, step.trigger(),
                        found.isEmpty() ? StepResult.Verdict.SKIPPED : StepResult.Verdict.FAILED,
                        found.isEmpty() ? null : found.get(0).rule(), found.isEmpty()
                        ? "the triggering event did not occur in this run (" + cut.summary() + ")"
                        : found.get(0).message(), -1, null, start, System.currentTimeMillis());
            }
            long boot = runner.restore(cut, step, settings.offTime());
            // After restore: frames that finished on the air after the cut was commanded count too.
            nonces(plan, cut, ledger, cycle, label, found);
            rejection(plan, cut, found);
            plan.observe(cut); // what the DUT acknowledged before the power went binds it after power returns
            if (boot != boots + 1) {
                found.add(new ExchangePlan.Violation("WIRE-R12", "the boot counter went from " + boots + " to "
                        + boot + " across one power cut"));
            }
            plan.afterBoot(dut, cut, runner).ifPresent(found::add);
            if (plan.prepareAfterCut()) {
                plan.prepare(dut);
            }
            ExchangeRunner.Outcome again = runner.run(plan.counterpart(dut, bench), null, air);
            nonces(plan, again, ledger, cycle, label + ", exchange after power returned", found);
            rejection(plan, again, found);
            plan.recovery(dut, cut, again, runner).ifPresent(found::add);
            plan.observe(again);
            ExchangeRunner.Cut c = cut.cut().get();
            return verdict(plan, cycle, label, step.trigger() + " (seen as " + c.event() + ")", found,
                    c.delayNanos(), cut.landedInside(), start);
        } catch (LabFault e) {
            StepResult broken = new StepResult(plan.profile(), plan.role(), cycle, label, step.trigger(),
                    StepResult.Verdict.BROKEN, null, "lab fault: " + e.getMessage(), -1, null, start,
                    System.currentTimeMillis());
            runner.powerCycle(settings.offTime()); // a second fault ends the campaign for this DUT
            return broken;
        }
    }

    private static void nonces(ExchangePlan plan, ExchangeRunner.Outcome o, NonceLedger ledger, int cycle,
                               String step, List<ExchangePlan.Violation> found) {
        for (AirFrame f : o.fromDut()) {
            Optional<byte[]> n = plan.nonce(f.bytes());
            if (n.isPresent()) {
                ledger.add(n.get(), cycle, step).ifPresent(rep -> found.add(new ExchangePlan.Violation(
                        plan.nonceRule(), plan.nonceName() + " " + rep.nonceHex() + " repeated: first in "
                        + rep.first() + ", again in " + rep.again())));
            }
        }
    }

    private static void rejection(ExchangePlan plan, ExchangeRunner.Outcome o, List<ExchangePlan.Violation> found) {
        o.counterpartRejection().ifPresent(r -> found.add(new ExchangePlan.Violation(plan.blame(r.rule().id()),
                "the bench's " + (plan.role() == dev.ampbench.protocol.Role.DEVICE ? "infrastructure" : "device")
                        + " refused the DUT's frame by " + r.rule().id() + ": " + r.reason())));
    }

    private static StepResult verdict(ExchangePlan plan, int cycle, String step, String trigger,
                                      List<ExchangePlan.Violation> found, long delay, Boolean landed, long start) {
        if (found.isEmpty()) {
            return new StepResult(plan.profile(), plan.role(), cycle, step, trigger, StepResult.Verdict.PASSED, null,
                    "rules held", delay, landed, start, System.currentTimeMillis());
        }
        ExchangePlan.Violation v = found.get(0);
        String more = found.size() > 1 ? " (and " + (found.size() - 1) + " more: " + found.subList(1, found.size())
                .stream().map(ExchangePlan.Violation::rule).toList() + ")" : "";
        return new StepResult(plan.profile(), plan.role(), cycle, step, trigger, StepResult.Verdict.FAILED, v.rule(),
                v.message() + more, delay, landed, start, System.currentTimeMillis());
    }

    private StepResult healthResult(ExchangePlan plan, NonceLedger ledger, int cycle) {
        long start = System.currentTimeMillis();
        byte[] octets = ledger.octets();
        Optional<HealthTests.Failure> rct = health.repetitionCount(octets);
        Optional<HealthTests.Failure> apt = health.adaptiveProportion(octets);
        String what = "SP 800-90B 4.4 health tests over " + octets.length + " octets of " + ledger.count() + " "
                + plan.nonceName() + "s (H = " + health.minEntropy() + " bits/octet, alpha = 2^-"
                + health.alphaLog2() + ", RCT cutoff " + health.rctCutoff() + ", APT cutoff " + health.aptCutoff()
                + " in " + HealthTests.APT_WINDOW + ")";
        List<ExchangePlan.Violation> found = new ArrayList<>();
        rct.ifPresent(f -> found.add(new ExchangePlan.Violation(plan.nonceRule(), what + ": " + f)));
        apt.ifPresent(f -> found.add(new ExchangePlan.Violation(plan.nonceRule(), what + ": " + f)));
        StepResult r = verdict(plan, cycle, "nonce health tests", "", found, -1, null, start);
        return found.isEmpty() ? new StepResult(r.profile(), r.role(), r.cycle(), r.step(), r.trigger(), r.verdict(),
                null, what + ": both pass", -1, null, r.startMillis(), r.stopMillis()) : r;
    }

    private void report(List<StepResult> results, StepResult r) {
        results.add(r);
        listener.step(r);
    }
}
