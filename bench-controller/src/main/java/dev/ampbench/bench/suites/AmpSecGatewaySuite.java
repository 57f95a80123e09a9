package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.AmpSecAir.MUST;
import static dev.ampbench.bench.suites.AmpSecAir.action;
import static dev.ampbench.bench.suites.AmpSecAir.benchContext;
import static dev.ampbench.bench.suites.AmpSecAir.flip;
import static dev.ampbench.bench.suites.AmpSecAir.hex;
import static dev.ampbench.bench.suites.AmpSecAir.inject;
import static dev.ampbench.bench.suites.AmpSecAir.injectOk;
import static dev.ampbench.bench.suites.AmpSecAir.random;
import static dev.ampbench.bench.suites.AmpSecAir.react;
import static dev.ampbench.bench.suites.AmpSecAir.rejection;
import static dev.ampbench.bench.suites.AmpSecAir.tx;
import static dev.ampbench.bench.suites.Verdicts.broken;
import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecAkm;
import dev.ampbench.protocol.ampsec.AmpSecKeySchedule;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.ampsec.PmkUpdateFrame;
import dev.ampbench.protocol.ampsec.ResponseFrame;
import dev.ampbench.protocol.ampsec.TriggerFrame;
import dev.ampbench.protocol.codec.Bytes;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.InMemoryStore;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.NonVolatileStore;
import dev.ampbench.protocol.machine.SecureRandomSource;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Conformance of an amp-sec AP (gateway role) against the bench playing its enrolled STAs with the protocol
 * module's own {@link AmpSecStation}. The gateway's exchanges start with its ACTIONs ({@code trigger}, {@code page},
 * {@code send}, {@code pmk-update}). Rules: docs/protocols/amp-sec.md.
 *
 * <p>Identities: the first STA of {@code dut.secrets(...)} is the one most tests play; the second (when there is
 * one) is the "other" STA of the paging test and of UplinkData without a session; the last one is moved through
 * PMK updates, so no other test depends on its generation.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.AMP_SEC, role = Role.INFRASTRUCTURE)
@DisplayName("amp-sec gateway (AP)")
public class AmpSecGatewaySuite {
    /** The PMK generation the gateway settled the last STA on, as the bench saw it prove. */
    private static final Map<Dut, Integer> LAST_GENERATION = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The STAs as the gateway knows them now: the last one at the PMK generation the gateway settled it on. With a
     * single STA (a gateway DUT whose key manifest row is one STA) every test plays that one, so after the PMK
     * update test it must speak the new generation, or the gateway rightly refuses it (AMP-SEC-R13).
     */
    private static List<AmpSecPersonalization> stas(Dut dut) {
        List<AmpSecPersonalization> all = dut.secrets(AmpSecPersonalization.class);
        Integer g = LAST_GENERATION.get(dut);
        if (g == null) {
            return all;
        }
        List<AmpSecPersonalization> now = new java.util.ArrayList<>(all);
        now.set(now.size() - 1, atGeneration(now.get(now.size() - 1), g));
        return now;
    }

    private static AmpSecPersonalization me(Dut dut) {
        return stas(dut).get(0);
    }

    private static AmpSecStation sta(AmpSecPersonalization p) {
        return new AmpSecStation(p, benchContext(), Set.of());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** ACTION trigger (or page); returns the Trigger on the air. */
    private static byte[] trigger(Dut dut, String action, byte[] args) throws LabFault {
        action(dut, action, args);
        return AmpSecAir.emitted(dut, MUST).orElseThrow(() -> broken("AMP-SEC-R4", "no Trigger on the air within "
                + MUST.toMillis() + " ms of ACTION " + action));
    }

    /** The bench STA's Response to a Trigger; a refusal of the gateway's Trigger is the gateway's broken rule. */
    private static byte[] responseTo(AmpSecStation sta, byte[] trigger) {
        List<Effect> out = sta.receive(trigger);
        rejection(out).ifPresent(r -> {
            throw broken(r.rule().id(), "the bench STA refused the gateway's Trigger " + hex(trigger) + ": "
                    + r.reason());
        });
        return tx(out);
    }

    /**
     * Injects a Response the gateway must accept: EVENT ESTABLISHED and a Confirm the bench STA verifies. Returns
     * the effects of the Confirm at the bench STA.
     */
    private static List<Effect> accepted(Dut dut, AmpSecStation sta, byte[] response) throws LabFault {
        injectOk(dut, response);
        byte[] confirm = AmpSecAir.emitted(dut, MUST).orElseThrow(() -> broken("AMP-SEC-R7",
                "no Confirm to the correct Response " + hex(response)));
        List<Effect> got = sta.receive(confirm);
        rejection(got).ifPresent(r -> {
            throw broken(r.rule().id(), "the bench STA refused the gateway's Confirm " + hex(confirm) + ": "
                    + r.reason());
        });
        require(AmpSecAir.established(got), "AMP-SEC-R7", "the gateway's Confirm did not establish the bench STA");
        require(AmpSecAir.event(dut, MUST, EventKind.ESTABLISHED).isPresent(), "AMP-SEC-R15", "the gateway sent "
                + "a Confirm but reported no ESTABLISHED for the Response " + hex(response));
        return got;
    }

    /** ACTION trigger, the bench STA's Response, the Confirm: both sides established. */
    private static void establish(Dut dut, AmpSecStation sta) throws LabFault {
        accepted(dut, sta, responseTo(sta, trigger(dut, "trigger", new byte[0])));
    }

    /** Injects a frame the gateway must refuse: nothing on the air, no ESTABLISHED, no delivery. */
    private static AmpSecAir.Reaction refused(Dut dut, byte[] frame, String rule, String what) throws LabFault {
        injectOk(dut, frame);
        AmpSecAir.Reaction r = react(dut, MUST);
        require(!r.emitted() && !r.is(EventKind.ESTABLISHED) && !r.delivered(), rule, "accepted " + what
                + " (sent " + hex(frame) + ", got " + r + ")");
        return r;
    }

    // ------------------------------------------------------------------------------------------- positive

    @Test
    @DisplayName("completes its Trigger, the STA's Response with UL data and its Confirm, and exchanges data both ways")
    @Checks({"AMP-SEC-R7", "AMP-SEC-R8", "AMP-SEC-R10", "AMP-SEC-R15"})
    void handshakeAndDataBothWays(Dut dut) throws LabFault {
        AmpSecPersonalization p = me(dut);
        AmpSecStation sta = sta(p);
        byte[] ul = random(11);
        sta.sendData(ul); // queued: rides in the Response
        byte[] dl = random(13);
        dut.wire().clearNotifications();
        Transcript t = dut.conductor().runAction(sta, "trigger", dl);
        t.counterpartRejection().ifPresent(r -> {
            throw broken(r.rule().id(), "the bench STA refused the gateway's frame: " + r.reason() + "; air: "
                    + t.frames());
        });
        require(t.counterpartEstablished(), "AMP-SEC-R7", "no verified Confirm to the bench STA's Response; air: "
                + t.frames());
        require(t.dutEstablished(), "AMP-SEC-R15", "the gateway did not report ESTABLISHED; it reported "
                + t.dutReports());
        require(t.counterpart().stream().anyMatch(e -> e instanceof Effect.Deliver d
                && Arrays.equals(d.payload(), dl)), "AMP-SEC-R15", "the Trigger did not carry the "
                + dl.length + " octets of DL data the gateway was given");
        AmpSecAir.expectDelivery(dut, ul.length, "AMP-SEC-R7", "the Response's " + ul.length
                + " octets of UL data");

        for (int i = 1; i <= 2; i++) {
            byte[] payload = random(6 + i);
            AmpSecAir.mustDeliver(dut, tx(sta.sendData(payload)), payload.length, "AMP-SEC-R10",
                    "UplinkData #" + i + " of the new session");
        }
        for (int i = 1; i <= 2; i++) {
            byte[] payload = random(7 + i);
            action(dut, "send", Bytes.concat(p.sa(), payload));
            byte[] down = AmpSecAir.emitted(dut, MUST).orElseThrow(() -> broken("AMP-SEC-R15",
                    "no DownlinkData on the air after ACTION send to an established STA"));
            List<Effect> got = sta.receive(down);
            rejection(got).ifPresent(r -> {
                throw broken(r.rule().id(), "the bench STA refused the gateway's DownlinkData " + hex(down) + ": "
                        + r.reason());
            });
            require(Arrays.equals(AmpSecAir.delivered(got), payload), "AMP-SEC-R7",
                    "the gateway's DownlinkData did not open to the payload it was given: " + hex(down));
        }
    }

    @Test
    @DisplayName("pages one STA and confirms its Response")
    @Checks({"AMP-SEC-R11"})
    void pageConfirmed(Dut dut) throws LabFault, FrameDecodeException {
        AmpSecStation sta = sta(me(dut));
        byte[] t = trigger(dut, "page", me(dut).sa());
        require(Arrays.equals(TriggerFrame.decode(t).da(), me(dut).sa()), "AMP-SEC-R11",
                "ACTION page did not address the Trigger to the STA: " + hex(t));
        accepted(dut, sta, responseTo(sta, t));
    }

    // ----------------------------------------------------------------------------------------------- MICs

    @Test
    @DisplayName("refuses a Response with its first, a middle or its last MIC octet corrupted")
    @Checks({"AMP-SEC-R7"})
    void corruptedResponseRefused(Dut dut) throws LabFault {
        for (int octet : new int[] {1, 8, 16}) {
            AmpSecStation sta = sta(me(dut));
            byte[] response = responseTo(sta, trigger(dut, "trigger", new byte[0]));
            byte[] bad = flip(response, response.length - AmpSecAkm.MIC_LENGTH + octet - 1);
            refused(dut, bad, "AMP-SEC-R7", "a Response whose MIC octet " + octet + " of 16 was inverted");
            // Nothing may have changed: the genuine Response still completes the handshake.
            accepted(dut, sta, response);
        }
    }

    @Test
    @DisplayName("refuses a Response from an enrolled STA under another PMK")
    @Checks({"AMP-SEC-R7", "AMP-SEC-R8"})
    void wrongKeyResponseRefused(Dut dut) throws LabFault {
        AmpSecPersonalization p = me(dut);
        AmpSecStation impostor = sta(new AmpSecPersonalization(p.aa(), p.sa(), KeyMaterial.of(random(32)),
                p.pmkGeneration(), p.parameters()));
        refused(dut, responseTo(impostor, trigger(dut, "trigger", new byte[0])), "AMP-SEC-R7",
                "a Response from SA " + hex(p.sa()) + " under a PMK it does not share");
    }

    @Test
    @DisplayName("refuses UplinkData with its first or last CCM MIC octet corrupted")
    @Checks({"AMP-SEC-R7"})
    void corruptedUplinkRefused(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        establish(dut, sta);
        for (int octet : new int[] {8, 1}) {
            byte[] up = tx(sta.sendData(utf8("meter " + octet)));
            refused(dut, flip(up, up.length - 8 + octet - 1), "AMP-SEC-R7",
                    "UplinkData whose CCM MIC octet " + octet + " of 8 was inverted");
        }
    }

    // ------------------------------------------------------------------------------- nonces and replays

    @Test
    @DisplayName("draws a fresh ANonce for every Trigger")
    @Checks({"AMP-SEC-R4"})
    void anonceFresh(Dut dut) throws LabFault, FrameDecodeException {
        TriggerFrame first = TriggerFrame.decode(trigger(dut, "trigger", new byte[0]));
        TriggerFrame second = TriggerFrame.decode(trigger(dut, "page", me(dut).sa()));
        TriggerFrame third = TriggerFrame.decode(trigger(dut, "trigger", new byte[0]));
        require(!Arrays.equals(first.anonce(), second.anonce()) && !Arrays.equals(second.anonce(), third.anonce())
                && !Arrays.equals(first.anonce(), third.anonce()), "AMP-SEC-R4", "an ANonce repeated across three "
                + "Triggers (ANonceIds " + first.anonceId() + ", " + second.anonceId() + ", " + third.anonceId()
                + "): " + hex(first.anonce()) + ", " + hex(second.anonce()) + ", " + hex(third.anonce()));
    }

    @Test
    @DisplayName("refuses a Response to a stale ANonce")
    @Checks({"AMP-SEC-R5"})
    void staleAnonceRefused(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        byte[] stale = responseTo(sta, trigger(dut, "trigger", new byte[0]));
        byte[] current = trigger(dut, "trigger", new byte[0]);
        refused(dut, stale, "AMP-SEC-R5", "a Response to the previous Trigger's ANonce after a new Trigger");
        accepted(dut, sta, responseTo(sta, current));
    }

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"AMP-SEC-R5", "AMP-SEC-R6", "AMP-SEC-R10"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        ReplayAttack.Session session = () -> {
            AmpSecStation sta = sta(me(dut));
            sta.sendData(random(9)); // rides in the Response, under its UlDataMic
            dut.wire().clearNotifications();
            Transcript hs = dut.conductor().runAction(sta, "trigger", random(5));
            require(hs.counterpartEstablished() && hs.dutEstablished(), "AMP-SEC-R15", "the session to replay did "
                    + "not establish both sides; air: " + hs.frames() + ", reports " + hs.dutReports());
            Transcript data = dut.conductor().run(sta, sta.sendData(utf8("replayed")));
            return ReplayAttack.air(hs, data);
        };
        // No power cycle: the AP keeps nothing across power loss (docs/emulator/amp-sec.md), so a cycle would only
        // undo the PMK generation earlier tests moved it to; a new handshake gives it a new ANonce and new keys.
        ReplayAttack.run(dut, session, () -> {
            session.run();
            return "after a new handshake and data";
        }, Map.of("Response", "AMP-SEC-R6", "UplinkData", "AMP-SEC-R10"));
    }

    @Test
    @DisplayName("refuses a replayed Response (same ANonce and SNonce)")
    @Checks({"AMP-SEC-R6"})
    void replayedResponseRefused(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        byte[] response = responseTo(sta, trigger(dut, "trigger", new byte[0]));
        accepted(dut, sta, response);
        refused(dut, response, "AMP-SEC-R6", "the same Response (ANonce, SNonce) a second time");
    }

    @Test
    @DisplayName("refuses replayed and older UplinkData")
    @Checks({"AMP-SEC-R10"})
    void replayedUplinkRefused(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        establish(dut, sta);
        byte[] first = tx(sta.sendData(utf8("count 1")));
        byte[] second = tx(sta.sendData(utf8("count 2")));
        AmpSecAir.mustDeliver(dut, first, 7, "AMP-SEC-R10", "fresh UplinkData PN 1");
        AmpSecAir.mustDeliver(dut, second, 7, "AMP-SEC-R10", "fresh UplinkData PN 2");
        refused(dut, second, "AMP-SEC-R10", "UplinkData PN 2 a second time");
        refused(dut, first, "AMP-SEC-R10", "UplinkData PN 1 after PN 2");
    }

    // ------------------------------------------------------------------------------ addresses, enrolment

    @Test
    @DisplayName("refuses a Response to a page from a STA other than the paged one")
    @Checks({"AMP-SEC-R11"})
    void pagedToAnotherRefused(Dut dut) throws LabFault {
        if (stas(dut).size() < 2) {
            throw new TestAbortedException(dut.name() + " has only one enrolled STA: no other STA to answer a page");
        }
        // The bench's other STA answers whatever it hears, as a STA with the answers-foreign-address fault would.
        AmpSecStation other = new AmpSecStation(stas(dut).get(1), benchContext(),
                Set.of(Deviation.ANSWERS_FOREIGN_ADDRESS));
        byte[] paged = trigger(dut, "page", me(dut).sa());
        refused(dut, responseTo(other, paged), "AMP-SEC-R11", "a Response from another enrolled STA to a Trigger "
                + "paged to " + hex(me(dut).sa()));
    }

    @Test
    @DisplayName("ignores a Response addressed to another AP")
    @Checks({"AMP-SEC-R11"})
    void foreignApResponseIgnored(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        byte[] response = responseTo(sta, trigger(dut, "trigger", new byte[0]));
        // The same Response with its AA changed: ignored before its MIC is even looked at (spec 8.3).
        byte[] foreign = response.clone();
        int aa = 2 + me(dut).aa().length - 1;
        foreign[aa] ^= 0x5a;
        injectOk(dut, foreign);
        Optional<byte[]> answer = AmpSecAir.emitted(dut, AmpSecAir.QUIET);
        require(answer.isEmpty(), "AMP-SEC-R11", "answered a Response addressed to another AA (sent "
                + hex(foreign) + ", got " + answer.map(AmpSecAir::hex).orElse("") + ")");
        require(AmpSecAir.event(dut, java.time.Duration.ofMillis(1), EventKind.ESTABLISHED).isEmpty(),
                "AMP-SEC-R11", "established on a Response addressed to another AA " + hex(foreign));
        // The genuine Response, to the same Trigger, still completes the handshake.
        accepted(dut, sta, response);
    }

    @Test
    @DisplayName("refuses a Response from a STA it has not enrolled")
    @Checks({"AMP-SEC-R14"})
    void unenrolledRefused(Dut dut) throws LabFault {
        AmpSecPersonalization p = me(dut);
        byte[] sa = random(p.sa().length);
        sa[0] = 0x0e; // never the broadcast address
        AmpSecStation stranger = sta(new AmpSecPersonalization(p.aa(), sa, KeyMaterial.of(random(32)), 0,
                p.parameters()));
        refused(dut, responseTo(stranger, trigger(dut, "trigger", new byte[0])), "AMP-SEC-R14",
                "a Response from SA " + hex(sa) + ", which is not enrolled");
    }

    @Test
    @DisplayName("refuses a Response in another Format (the AKM bit flipped: SHA-1 downgrade)")
    @Checks({"AMP-SEC-R2"})
    void downgradedFormatRefused(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        byte[] response = responseTo(sta, trigger(dut, "trigger", new byte[0]));
        byte[] downgraded = response.clone();
        downgraded[1] ^= 0x10; // the AKM bit: HMAC-SHA1 instead of CMAC (or back)
        refused(dut, downgraded, "AMP-SEC-R2", String.format("a Response in Format 0x%02x instead of 0x%02x",
                downgraded[1], response[1]));
    }

    @Test
    @DisplayName("refuses a Response under a PMK generation it does not hold")
    @Checks({"AMP-SEC-R13"})
    void unknownGenerationRefused(Dut dut) throws LabFault {
        AmpSecPersonalization p = me(dut);
        AmpSecStation ahead = sta(new AmpSecPersonalization(p.aa(), p.sa(), p.pmk(), p.pmkGeneration() + 7,
                p.parameters()));
        refused(dut, responseTo(ahead, trigger(dut, "trigger", new byte[0])), "AMP-SEC-R13",
                "a Response under PMK generation " + (p.pmkGeneration() + 7));
    }

    @Test
    @DisplayName("refuses UplinkData from a STA without a session")
    @Checks({"AMP-SEC-R15"})
    void uplinkWithoutSessionRefused(Dut dut) throws LabFault {
        AmpSecPersonalization p = stas(dut).get(Math.min(1, stas(dut).size() - 1));
        // A session the bench STA holds with the bench's own AP, never with the gateway.
        AmpSecStation sta = sta(p);
        AmpSecAccessPoint elsewhere = new AmpSecAccessPoint(p.aa(), p.parameters(), List.of(p), benchContext(),
                Set.of());
        List<Effect> confirm = elsewhere.receive(tx(sta.receive(tx(elsewhere.trigger()))));
        sta.receive(tx(confirm));
        refused(dut, tx(sta.sendData(utf8("unsolicited"))), "AMP-SEC-R15",
                "UplinkData under a PTK it never agreed");
    }

    // ---------------------------------------------------------------------------------- PMK update

    @Test
    @DisplayName("moves a STA to its next PMK generation, accepting the previous one until a Response settles it")
    @Checks({"AMP-SEC-R12", "AMP-SEC-R13"})
    void pmkUpdateSettles(Dut dut) throws LabFault, FrameDecodeException {
        AmpSecPersonalization base = stas(dut).get(stas(dut).size() - 1);
        int g = LAST_GENERATION.getOrDefault(dut, base.pmkGeneration());
        AmpSecPersonalization atG = atGeneration(base, g);
        byte[] sa = atG.sa();

        // 1. An update the STA never commits (its write tore): the STA comes back under g, which the AP accepts.
        AmpSecStation sta = sta(atG);
        establish(dut, sta);
        updateTo(dut, sta, sa, g + 1);
        AmpSecStation forgetful = sta(atG);
        accepted(dut, forgetful, responseTo(forgetful, trigger(dut, "trigger", new byte[0])));

        // 2. An update the STA commits to its NV, then loses power: it comes back under g+1, which settles it.
        NonVolatileStore nv = new InMemoryStore();
        AmpSecStation committed = new AmpSecStation(atG, new MachineContext(new SecureRandomSource(),
                System::currentTimeMillis, nv), Set.of());
        establish(dut, committed);
        updateTo(dut, committed, sa, g + 1);
        AmpSecStation rebooted = new AmpSecStation(atG, new MachineContext(new SecureRandomSource(),
                System::currentTimeMillis, nv), Set.of());
        byte[] response = responseTo(rebooted, trigger(dut, "trigger", new byte[0]));
        require(ResponseFrame.decode(response).pmkGeneration() == g + 1, "AMP-SEC-R12",
                "bench fault: the bench STA did not keep generation " + (g + 1));
        accepted(dut, rebooted, response);
        LAST_GENERATION.put(dut, g + 1);

        // 3. Settled: generation g is no longer accepted.
        AmpSecStation stale = sta(atG);
        refused(dut, responseTo(stale, trigger(dut, "trigger", new byte[0])), "AMP-SEC-R13",
                "a Response under PMK generation " + g + " after generation " + (g + 1) + " was proven");
    }

    /** ACTION pmk-update; the PmkUpdate must name g+1 and the bench STA must verify and commit it. */
    private static void updateTo(Dut dut, AmpSecStation sta, byte[] sa, int next) throws LabFault,
            FrameDecodeException {
        action(dut, "pmk-update", sa);
        byte[] update = AmpSecAir.emitted(dut, MUST).orElseThrow(() -> broken("AMP-SEC-R12",
                "no PmkUpdate on the air after ACTION pmk-update"));
        int named = PmkUpdateFrame.decode(update).newGeneration();
        require(named == next, "AMP-SEC-R12", "the PmkUpdate names generation " + named + ", not " + next);
        List<Effect> got = sta.receive(update);
        rejection(got).ifPresent(r -> {
            throw broken(r.rule().id(), "the bench STA refused the gateway's PmkUpdate " + hex(update) + ": "
                    + r.reason());
        });
    }

    private static AmpSecPersonalization atGeneration(AmpSecPersonalization p, int g) {
        KeyMaterial pmk = p.pmk();
        for (int i = p.pmkGeneration() + 1; i <= g; i++) {
            pmk = AmpSecKeySchedule.nextPmk(p.parameters().format().akm(), pmk, p.aa(), p.sa(), i);
        }
        return new AmpSecPersonalization(p.aa(), p.sa(), pmk, g, p.parameters());
    }

    // ------------------------------------------------------------------------------------- malformed

    @Test
    @DisplayName("survives truncated frames (cut inside the SNonce, and short of its MIC)")
    @Checks({"AMP-SEC-R1"})
    void truncatedFrameSurvived(Dut dut) throws LabFault {
        AmpSecStation sta = sta(me(dut));
        byte[] response = responseTo(sta, trigger(dut, "trigger", new byte[0]));
        for (int length : new int[] {30, response.length - 5}) {
            byte[] cut = Arrays.copyOf(response, length);
            long boots = AmpSecAir.bootCounter(dut);
            try {
                inject(dut, cut);
            } catch (NoResponse silent) {
                // judged below: a crash or a hang shows in the heartbeat
            }
            AmpSecAir.Reaction r = react(dut, MUST);
            require(!r.is(EventKind.BOOT), "AMP-SEC-R1", "rebooted on a Response cut to " + cut.length
                    + " octets (" + r + ") instead of rejecting it");
            require(!r.emitted() && !r.is(EventKind.ESTABLISHED), "AMP-SEC-R1", "accepted a Response cut to "
                    + cut.length + " octets: " + r);
            AmpSecAir.stillAlive(dut, "AMP-SEC-R1", boots, "a Response cut to " + cut.length + " octets");
        }
    }

    @Test
    @DisplayName("survives a frame longer than any it accepts")
    @Checks({"AMP-SEC-R1"})
    void oversizedFrameSurvived(Dut dut) throws LabFault {
        long boots = AmpSecAir.bootCounter(dut);
        byte[] huge = new byte[400];
        huge[0] = 0x04; // UplinkData's type and the default Format, then far too much
        huge[1] = 0x05;
        WireMessage r;
        try {
            r = inject(dut, huge);
        } catch (NoResponse silent) {
            AmpSecAir.stillAlive(dut, "AMP-SEC-R1", boots, "a " + huge.length + "-octet frame");
            throw broken("AMP-SEC-R1", "did not answer AIR_INJECT of a " + huge.length + "-octet frame");
        }
        require(r instanceof WireMessage.Ack || r instanceof WireMessage.ErrorResponse e
                && e.knownCode().equals(Optional.of(ErrorCode.TOO_LARGE)), "AMP-SEC-R1",
                "answered a " + huge.length + "-octet frame with " + r);
        AmpSecAir.stillAlive(dut, "AMP-SEC-R1", boots, "a " + huge.length + "-octet frame");
    }
}
