package dev.ampbench.bench.suites;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Conductor;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.report.Direction;
import dev.ampbench.bench.report.Evidence;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import io.qameta.allure.model.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns what one test does with its DUT into Allure steps, one per exchange, each named for what happened (e.g.
 * "bench -> DUT Trigger, DUT -> bench Response, bench -> DUT Confirm, bench: ESTABLISHED") with the frames of that
 * exchange attached inside it (field table and hex).
 *
 * <p>What an exchange is: everything one {@link Conductor#run}/{@link Conductor#runAction} conducts; outside the
 * conductor (the suites' direct AIR_INJECT, ACTION and awaits), an exchange starts when the bench injects or acts
 * and runs on through what the device emits, reports or logs (or its silence, when the test waited in vain), until
 * the bench injects or acts again after the device had its say. Seen on the test's own thread through the {@link WireSession.Tap} and {@link Conductor.ExchangeObserver}
 * hooks, so attachments land inside the open step.
 *
 * <p>Status: a step ends passed, or broken when a lab fault ended it. When the test fails (an assertion naming a
 * rule), the verdict is pinned to the exchange it was drawn from: the last exchange where the bench's counterpart or
 * the DUT named that rule, else the last exchange before the verdict (the evidence the test concluded from).
 */
final class ExchangeSteps implements WireSession.Tap, Conductor.ExchangeObserver {
    /** Characters of an awaited LOG line shown in a step's name (the whole line is in the device log). */
    private static final int MAX_LOG_IN_NAME = 48;
    private static final Pattern RULE_ID = Pattern.compile("^([A-Z][A-Z0-9-]*-R\\d+)\\b");

    private final Profile profile;
    private final ProfileCodec codec;
    private final List<Step> steps = new ArrayList<>();
    private Step current;

    /** One exchange: its open Allure step, the parts of its name, the rules named in it. */
    private static final class Step {
        final Evidence.OpenStep allure;
        final boolean conducted;
        final List<String> parts = new ArrayList<>();
        final List<String> rules = new ArrayList<>();
        boolean dutSpoke;
        Status status = Status.PASSED;
        String message;

        Step(Evidence.OpenStep allure, boolean conducted) {
            this.allure = allure;
            this.conducted = conducted;
        }

        String name() {
            return parts.isEmpty() ? "exchange" : String.join(", ", parts);
        }
    }

    ExchangeSteps(Profile profile) {
        this.profile = profile;
        this.codec = Profiles.codec(profile);
    }

    // --- the conductor's exchanges ---

    @Override
    public void begin(String action) {
        closeCurrent();
        current = open(true);
    }

    @Override
    public void end(Transcript t, LabFault fault) {
        if (current == null) {
            return;
        }
        if (fault != null) {
            current.parts.add("lab fault");
            current.status = Status.BROKEN;
            current.message = fault.getMessage();
        } else {
            if (t.fromDut().isEmpty()) {
                current.parts.add("DUT silent");
            }
            if (t.counterpartEstablished()) {
                current.parts.add("bench: ESTABLISHED");
            }
            Optional<Effect.Rejected> rejected = t.counterpartRejection();
            rejected.ifPresent(r -> {
                current.parts.add("bench rejects: " + r.rule().id());
                current.rules.add(r.rule().id());
            });
        }
        closeCurrent();
    }

    // --- everything over the wire, the conductor's traffic included ---

    @Override
    public void request(WireMessage command, WireMessage answer) {
        String what;
        if (command instanceof WireMessage.AirInject inject) {
            Step s = benchActs();
            attach(Direction.TO_DUT, inject.frame());
            what = "bench -> DUT " + type(inject.frame());
            s.parts.add(what);
        } else if (command instanceof WireMessage.Action action) {
            Step s = benchActs();
            s.parts.add("bench -> DUT ACTION " + action.name());
        } else {
            return; // STATUS, CONTROL, HEARTBEAT: bench housekeeping, not an exchange on the air
        }
        if (answer == null) {
            current.parts.add("no answer on the wire");
        } else if (answer instanceof WireMessage.ErrorResponse e) {
            current.parts.add("DUT -> bench ERROR " + e.knownCode().map(Enum::name)
                    .orElse("0x" + Integer.toHexString(e.code())));
        }
    }

    @Override
    public void taken(WireMessage m) {
        if (m instanceof WireMessage.AirEmit emit) {
            Step s = dutActs();
            attach(Direction.FROM_DUT, emit.frame());
            s.parts.add("DUT -> bench " + type(emit.frame()));
        } else if (m instanceof WireMessage.Event e) {
            boolean verdict = e.kind() == EventKind.ESTABLISHED || e.kind() == EventKind.REJECTED
                    || e.kind() == EventKind.BOOT;
            if (!verdict && current != null && current.conducted) {
                return; // the conductor takes every event; only outcomes name its exchange
            }
            Step s = dutActs();
            s.parts.add("DUT: " + e.kind() + (e.kind() == EventKind.REJECTED && !e.name().isEmpty()
                    ? " " + e.name() : ""));
            if (e.kind() == EventKind.REJECTED && !e.name().isEmpty()) {
                s.rules.add(e.name());
            }
        } else if (m instanceof WireMessage.Log l) {
            // a LOG line a test waited for is what the device did (e.g. "delivered 12 octets of application data")
            Step s = dutActs();
            String text = l.text();
            s.parts.add("DUT log: " + (text.length() > MAX_LOG_IN_NAME ? text.substring(0, MAX_LOG_IN_NAME) + "…"
                    : text));
        }
    }

    @Override
    public void quiet(java.time.Duration waited) {
        if (current == null || current.conducted) {
            return; // the conductor always ends on a quiet wait; its end() says whether the DUT said anything
        }
        current.parts.add("DUT: no reply in " + waited.toMillis() + " ms");
        current.dutSpoke = true; // silence is the device's answer: the bench's next frame starts a new exchange
    }

    /**
     * The test ended: closes the open exchange and pins a failed verdict to the exchange it came from.
     *
     * @param failure what the test threw, or null when it passed
     */
    void finish(Throwable failure) {
        closeCurrent();
        if (failure == null || steps.isEmpty()) {
            return;
        }
        Step target = steps.get(steps.size() - 1);
        Status status = failure instanceof AssertionError ? Status.FAILED : Status.BROKEN;
        if (status == Status.FAILED && failure.getMessage() != null) {
            Matcher m = RULE_ID.matcher(failure.getMessage());
            if (m.find()) {
                String rule = m.group(1);
                for (Step s : steps) {
                    if (s.rules.contains(rule)) {
                        target = s;
                    }
                }
            }
        }
        if (target.status == Status.PASSED) {
            target.allure.mark(status, failure.getMessage());
        }
    }

    private Step benchActs() {
        if (current == null || !current.conducted && current.dutSpoke) {
            closeCurrent();
            current = open(false);
        }
        return current;
    }

    private Step dutActs() {
        if (current == null) {
            current = open(false);
        }
        current.dutSpoke = true;
        return current;
    }

    private Step open(boolean conducted) {
        Step s = new Step(Evidence.openStep(conducted ? "conducted exchange" : "exchange"), conducted);
        steps.add(s);
        return s;
    }

    private void closeCurrent() {
        if (current != null) {
            current.allure.close(current.name(), current.status, current.message);
            current = null;
        }
    }

    private void attach(Direction direction, byte[] frame) {
        Evidence.frame(direction, profile, frame, fieldsOf(frame));
    }

    private String type(byte[] frame) {
        try {
            Frame f = codec.decode(frame);
            return f.type();
        } catch (FrameDecodeException e) {
            return "undecodable " + frame.length + "-octet frame";
        }
    }

    /** The frame's fields, or none when it does not decode (the report then shows its octets undescribed). */
    private List<FieldDescriptor> fieldsOf(byte[] bytes) {
        try {
            return codec.decode(bytes).fields();
        } catch (FrameDecodeException e) {
            return List.of();
        }
    }
}
