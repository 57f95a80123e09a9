package dev.ampbench.protocol.ampsec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.List;
import java.util.Set;

/** One AP and one STA over a test air: shared clock, the STA's store kept for power cuts. */
final class Link {
    final AmpSecPersonalization personalization;
    final ManualClock clock = new ManualClock(0);
    final InMemoryStore staStore = new InMemoryStore();
    final AmpSecAccessPoint ap;
    final Set<Deviation> staDeviations;
    AmpSecStation sta;
    private long staBoots;
    private final long seed;

    /** The three frames of one handshake and what the AP and the STA said about them. */
    record Handshake(byte[] trigger, byte[] response, byte[] confirm, List<Effect> apEffects,
                     List<Effect> staEffects) {
    }

    Link(long seed) {
        this(seed, Fixtures.personalization(), Set.of(), Set.of());
    }

    Link(long seed, AmpSecPersonalization p, Set<Deviation> staDeviations, Set<Deviation> apDeviations) {
        this.seed = seed;
        this.personalization = p;
        this.staDeviations = staDeviations;
        this.ap = new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p),
                new MachineContext(new SeededRandomSource(seed), clock, new InMemoryStore()), apDeviations);
        powerCycle();
    }

    /** Drops the STA's RAM and boots a new one on the same store. */
    void powerCycle() {
        staBoots++;
        sta = new AmpSecStation(personalization,
                new MachineContext(new SeededRandomSource(seed * 1_000_003 + staBoots), clock, staStore),
                staDeviations);
    }

    /** A broadcast Trigger, the STA's Response, and the AP's Confirm handed back to the STA. */
    Handshake handshake() {
        byte[] trigger = Fixtures.transmitted(ap.trigger());
        byte[] response = Fixtures.transmitted(sta.receive(trigger));
        List<Effect> apEffects = ap.receive(response);
        byte[] confirm = Fixtures.transmitted(apEffects);
        List<Effect> staEffects = sta.receive(confirm);
        return new Handshake(trigger, response, confirm, apEffects, staEffects);
    }

    /** A handshake both sides must complete. */
    Handshake establish() {
        Handshake h = handshake();
        assertEquals(true, Fixtures.established(h.apEffects()), "AP established: " + h.apEffects());
        assertEquals(true, Fixtures.established(h.staEffects()), "STA established: " + h.staEffects());
        assertEquals(AmpSecStation.ESTABLISHED, sta.state());
        return h;
    }
}
