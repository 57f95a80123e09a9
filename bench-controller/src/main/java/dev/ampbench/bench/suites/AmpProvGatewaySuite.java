package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.AmpProvAir.ANSWER;
import static dev.ampbench.bench.suites.AmpProvAir.QUIET;
import static dev.ampbench.bench.suites.AmpProvAir.action;
import static dev.ampbench.bench.suites.AmpProvAir.benchContext;
import static dev.ampbench.bench.suites.AmpProvAir.corrupt;
import static dev.ampbench.bench.suites.AmpProvAir.event;
import static dev.ampbench.bench.suites.AmpProvAir.exchange;
import static dev.ampbench.bench.suites.AmpProvAir.hex;
import static dev.ampbench.bench.suites.AmpProvAir.inject;
import static dev.ampbench.bench.suites.AmpProvAir.nextFrame;
import static dev.ampbench.bench.suites.AmpProvAir.one;
import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvKdf;
import dev.ampbench.protocol.ampprov.AmpProvParams;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.FrameType;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProtectedFrame;
import dev.ampbench.protocol.ampprov.ProvBeacon;
import dev.ampbench.protocol.ampprov.ProvConfirm;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.ampprov.TemporalKeys;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.opentest4j.TestAbortedException;

/**
 * Conformance of an amp-prov gateway (with its Authentication Server) against the bench playing the tags of its
 * table with the protocol module's own {@link AmpProvDevice}. Rules: docs/protocols/amp-prov.md (AMP-PROV-Rn).
 *
 * <p>The gateway's exchanges start with its ACTIONs ({@code enrol} = the onboarding app's QR scan, {@code beacon},
 * {@code request-sensor-data}, {@code rekey}); every test enrols the tag it uses first, so the order of the tests
 * does not matter and a gateway that lost its table at a reboot is set up again. Whether the gateway took a tag's
 * frame is read from its EVENT ESTABLISHED (provisioned, re-keyed) and EVENT REJECTED.
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.AMP_PROV, role = Role.INFRASTRUCTURE)
@DisplayName("amp-prov gateway")
public class AmpProvGatewaySuite {
    private static final int CONFIRM_MIC = ProvConfirm.LENGTH - AmpProvParams.MIC_LEN;

    private static List<AmpProvPersonalization> table(Dut dut) {
        return dut.secrets(AmpProvPersonalization.class);
    }

    /** Tag {@code i} of the table (modulo its size), so tests spread over the tags. */
    private static AmpProvPersonalization tag(Dut dut, int i) {
        List<AmpProvPersonalization> t = table(dut).stream().filter(p -> p.mode() == KdfMode.SLIDES).toList();
        List<AmpProvPersonalization> all = t.isEmpty() ? table(dut) : t;
        return all.get(i % all.size());
    }

    private static Optional<AmpProvPersonalization> strongTag(Dut dut) {
        return table(dut).stream().filter(p -> p.mode() == KdfMode.STRONG).findFirst();
    }

    private static AmpProvDevice benchTag(AmpProvDeviceIdentity id) {
        return new AmpProvDevice(id, benchContext(), Set.of());
    }

    private static AmpProvDevice benchTag(AmpProvPersonalization p) {
        return benchTag(p.deviceIdentity());
    }

    private static byte[] be16(int v) {
        return new byte[] {(byte) (v >> 8), (byte) v};
    }

    /** The onboarding app's scan of the tag's QR label; the gateway must know every tag of its table. */
    private static void enrol(Dut dut, AmpProvPersonalization p) throws LabFault {
        action(dut, "enrol", QrPayload.forPublicKey(X25519.publicKey(p.tagPrivateKey()), p.mode().bit()).encode());
    }

    /** ACTION {@code name}; returns the frame the gateway sends for it. */
    private static byte[] downlink(Dut dut, String name, byte[] args) throws LabFault {
        dut.wire().clearNotifications();
        action(dut, name, args);
        byte[] frame = nextFrame(dut, ANSWER);
        if (frame == null) {
            throw new LabFault(dut.name() + " sent nothing on the air for ACTION " + name);
        }
        return frame;
    }

    private static byte[] beacon(Dut dut, AmpProvPersonalization p) throws LabFault {
        byte[] beacon = downlink(dut, "beacon", new byte[0]);
        try {
            ProvBeacon b = ProvBeacon.decode(beacon);
            require(b.gatewayId() == p.gatewayId() && b.offers(p.mode()), "AMP-PROV-R4",
                    "the PROV_BEACON " + hex(beacon) + " does not offer the tags' GWID and KDF mode " + p.mode());
        } catch (FrameDecodeException e) {
            throw Verdicts.broken("AMP-PROV-R15", "ACTION beacon sent an undecodable PROV_BEACON " + hex(beacon)
                    + ": " + e.getMessage());
        }
        return beacon;
    }

    /** The bench tag's PROV_REQUEST to a beacon. */
    private static byte[] requestOf(AmpProvDevice t, byte[] beacon) {
        List<Effect> e = t.receive(beacon);
        AmpProvAir.noRejection(e, beacon);
        return one(e);
    }

    /** Injects a PROV_REQUEST; the gateway must answer it with its one PROV_RESPONSE. */
    private static byte[] responseTo(Dut dut, byte[] request) throws LabFault {
        byte[] response = exchange(dut, request, ANSWER);
        require(response != null && (response[0] & 0xff) == FrameType.PROV_RESPONSE.code(), "AMP-PROV-R5",
                "an enrolled tag's PROV_REQUEST " + hex(request) + " got " + hex(response)
                        + " instead of its one PROV_RESPONSE");
        return response;
    }

    /** The bench tag's PROV_CONFIRM to a response, which it must verify (the gateway's proof, R3). */
    private static byte[] confirmOf(AmpProvDevice t, byte[] response) {
        List<Effect> e = t.receive(response);
        AmpProvAir.noRejection(e, response);
        require(AmpProvAir.established(e), "AMP-PROV-R3", "the bench tag did not accept the PROV_RESPONSE "
                + hex(response));
        return one(e);
    }

    /** Injects a frame the gateway must take as the tag's proof: EVENT ESTABLISHED. */
    private static void proves(Dut dut, byte[] frame, String what) throws LabFault {
        dut.wire().clearNotifications();
        inject(dut, frame);
        Optional<WireMessage.Event> ok = event(dut, EventKind.ESTABLISHED, ANSWER);
        require(ok.isPresent(), "AMP-PROV-R7", "no EVENT ESTABLISHED after " + what + " " + hex(frame)
                + rejected(dut));
    }

    private static String rejected(Dut dut) throws LabFault {
        return event(dut, EventKind.REJECTED, Duration.ZERO).map(e -> " (REJECTED " + e.name() + ": " + e.detail()
                + ")").orElse("");
    }

    /** A provisioned bench tag and its address. */
    private record Provisioned(AmpProvDevice tag, int addr, byte[] response) {
    }

    /** Enrol, beacon, request, response, confirm, checked as it goes, without waiting for quiet air. */
    private static Provisioned provision(Dut dut, AmpProvPersonalization p) throws LabFault {
        enrol(dut, p);
        AmpProvDevice t = benchTag(p);
        byte[] response = responseTo(dut, requestOf(t, beacon(dut, p)));
        proves(dut, confirmOf(t, response), "a valid PROV_CONFIRM");
        return new Provisioned(t, AmpProvAir.response(response).localAddr(), response);
    }

    /** Injects forged frames the gateway must not take as proof, then waits once for quiet air. */
    private static void noneProves(Dut dut, String rule, List<String> what, List<byte[]> frames) throws LabFault {
        dut.wire().clearNotifications();
        for (int i = 0; i < frames.size(); i++) {
            inject(dut, frames.get(i));
            Optional<WireMessage.Event> e = event(dut, EventKind.ESTABLISHED, i == frames.size() - 1 ? QUIET
                    : Duration.ofMillis(30));
            require(e.isEmpty(), rule, "took " + what.get(i) + " (" + hex(frames.get(i)) + ") as the tag's proof: "
                    + "EVENT ESTABLISHED " + e.map(WireMessage.Event::name).orElse(""));
        }
    }

    // ------------------------------------------------------------------------------------------ positive cases

    @Test
    @DisplayName("provisions each enrolled tag with one PROV_RESPONSE in the tag's KDF mode")
    @Checks({"AMP-PROV-R3", "AMP-PROV-R4", "AMP-PROV-R5", "AMP-PROV-R7"})
    void provisions(Dut dut) throws LabFault {
        List<AmpProvPersonalization> tags = new ArrayList<>(List.of(tag(dut, 0)));
        strongTag(dut).ifPresent(tags::add);
        for (AmpProvPersonalization p : tags) {
            enrol(dut, p);
            AmpProvDevice t = benchTag(p);
            dut.wire().clearNotifications();
            Transcript tr = dut.conductor().runAction(t, "beacon", new byte[0]);
            tr.counterpartRejection().ifPresent(r -> {
                throw Verdicts.broken(r.rule().id(), p.mode() + " tag refused the gateway: " + r.reason()
                        + "; air: " + tr.frames());
            });
            require(tr.counterpartEstablished(), "AMP-PROV-R3", "the " + p.mode() + " bench tag was not provisioned;"
                    + " air: " + tr.frames());
            require(tr.dutEstablished(), "AMP-PROV-R7", "no EVENT ESTABLISHED after the tag's valid PROV_CONFIRM;"
                    + " air: " + tr.frames());
            List<AirFrame> down = tr.fromDut();
            require(down.size() == 2, "AMP-PROV-R5", "expected the beacon and one PROV_RESPONSE from the gateway, got "
                    + down);
            ProvResponse r = AmpProvAir.response(down.get(1).bytes());
            require(r.mode() == p.mode(), "AMP-PROV-R4", "a " + p.mode() + " tag was answered in " + r.mode());
        }
    }

    @Test
    @DisplayName("sends sensor requests to a provisioned tag and takes its answer, data both ways")
    @Checks({"AMP-PROV-R10", "AMP-PROV-R11", "AMP-PROV-R12"})
    void sensorData(Dut dut) throws LabFault {
        Provisioned p = provision(dut, tag(dut, 1));
        byte[] reading = AmpProvAir.random(10);
        p.tag().setSensorReading(reading);
        byte[] query = AmpProvAir.random(6);
        byte[] args = ByteBuffer.allocate(2 + query.length).put(be16(p.addr())).put(query).array();
        dut.wire().clearNotifications();
        Transcript tr = dut.conductor().runAction(p.tag(), "request-sensor-data", args);
        tr.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench tag refused the REQ_SENSOR_DATA: " + r.reason()
                    + "; air: " + tr.frames());
        });
        byte[] got = tr.counterpart().stream().filter(e -> e instanceof Effect.Deliver)
                .map(e -> ((Effect.Deliver) e).payload()).findFirst().orElse(null);
        require(Arrays.equals(got, query), "AMP-PROV-R11", "the bench tag opened " + hex(got) + ", the query was "
                + hex(query) + "; air: " + tr.frames());
        require(tr.dutRejection().isEmpty(), "AMP-PROV-R12", "the gateway refused the tag's valid answer to its "
                + "request: REJECTED " + tr.dutRejection().orElse("") + "; air: " + tr.frames());
    }

    @Test
    @DisplayName("re-keys a tag forward and then uses the new key")
    @Checks({"AMP-PROV-R9", "AMP-PROV-R10"})
    void rekey(Dut dut) throws LabFault {
        Provisioned p = provision(dut, tag(dut, 2));
        dut.wire().clearNotifications();
        Transcript tr = dut.conductor().runAction(p.tag(), "rekey", new byte[] {(byte) (p.addr() >> 8),
            (byte) p.addr(), 2});
        tr.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench tag refused the REKEY: " + r.reason() + "; air: "
                    + tr.frames());
        });
        require(tr.counterpartEstablished() && tr.dutEstablished(), "AMP-PROV-R9", "the REKEY to TK2 did not "
                + "complete on both sides; air: " + tr.frames());
        byte[] req = downlink(dut, "request-sensor-data", be16(p.addr()));
        ProtectedFrame f;
        try {
            f = ProtectedFrame.decode(req);
        } catch (FrameDecodeException e) {
            throw Verdicts.broken("AMP-PROV-R15", "undecodable REQ_SENSOR_DATA " + hex(req));
        }
        require(f.keySel() == 2 && f.cntr() >= 1, "AMP-PROV-R10", "after the re-key to TK2 the request " + hex(req)
                + " is under TK" + f.keySel() + " Cntr " + f.cntr());
        List<Effect> e = p.tag().receive(req);
        AmpProvAir.noRejection(e, req);
        require(AmpProvAir.delivered(e).isPresent(), "AMP-PROV-R11", "the bench tag could not open " + hex(req));
    }

    // ------------------------------------------------------------------------------------ provisioning downlink

    @Test
    @DisplayName("answers each TagNonce once: a replayed PROV_REQUEST gets no second downlink")
    @Checks({"AMP-PROV-R5"})
    void oneDownlinkPerRequest(Dut dut) throws LabFault {
        AmpProvPersonalization p = tag(dut, 3);
        enrol(dut, p);
        byte[] request = requestOf(benchTag(p), beacon(dut, p));
        responseTo(dut, request);
        byte[] second = exchange(dut, request, QUIET);
        require(second == null, "AMP-PROV-R5", "the replayed PROV_REQUEST " + hex(request)
                + " (a TagNonce already answered) got a second downlink " + hex(second));
    }

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and in a fresh one")
    @Checks({"AMP-PROV-R7", "AMP-PROV-R12"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        AmpProvPersonalization p = tag(dut, 1);
        ReplayAttack.Session session = () -> {
            enrol(dut, p);
            AmpProvDevice t = benchTag(p);
            dut.wire().clearNotifications();
            Transcript prov = dut.conductor().runAction(t, "beacon", new byte[0]);
            require(prov.counterpartEstablished() && prov.dutEstablished(), "AMP-PROV-R7", "the session to replay "
                    + "did not provision the bench tag on both sides; air: " + prov.frames());
            int addr = AmpProvAir.response(prov.fromDut().get(prov.fromDut().size() - 1).bytes()).localAddr();
            byte[] args = ByteBuffer.allocate(6).put(be16(addr)).put(AmpProvAir.random(4)).array();
            Transcript sensor = dut.conductor().runAction(t, "request-sensor-data", args);
            require(sensor.dutRejection().isEmpty() && sensor.frames().size() == 2, "AMP-PROV-R12", "the session "
                    + "to replay did not complete a sensor request; air: " + sensor.frames());
            return ReplayAttack.air(prov, sensor);
        };
        ReplayAttack.run(dut, session, ReplayAttack.powerCycleAndNew(dut, session),
                Map.of("PROV_CONFIRM", "AMP-PROV-R7", "RES_SENSOR_DATA", "AMP-PROV-R12", "REKEY_ACK", "AMP-PROV-R9"));
    }

    @Test
    @DisplayName("draws a fresh TkNonce for every PROV_RESPONSE")
    @Checks({"AMP-PROV-R6"})
    void tkNonceFresh(Dut dut) throws LabFault {
        AmpProvPersonalization p = tag(dut, 4);
        enrol(dut, p);
        AmpProvDevice t = benchTag(p);
        byte[] beacon = beacon(dut, p);
        byte[] first = responseTo(dut, requestOf(t, beacon));
        byte[] second = responseTo(dut, requestOf(t, beacon)); // the tag asks again with a new TagNonce
        byte[] a = AmpProvAir.response(first).tkNonce();
        byte[] b = AmpProvAir.response(second).tkNonce();
        require(!Arrays.equals(a, b) && !Arrays.equals(a, new byte[a.length]), "AMP-PROV-R6",
                "two PROV_RESPONSEs carry TkNonce " + hex(a) + " and " + hex(b) + ": not fresh");
    }

    @Test
    @DisplayName("draws a fresh TkNonce after power loss")
    @Checks({"AMP-PROV-R6"})
    void tkNonceFreshAcrossPowerLoss(Dut dut) throws LabFault {
        PowerSwitch power = AmpProvAir.power(dut);
        AmpProvPersonalization p = tag(dut, 8);
        // A gateway that reseeds its generator at boot repeats the first TkNonce of every power-on; it also hands
        // out local addresses from the same start, so in SLIDES mode the tag would get the same TK1 and TK2 again.
        byte[][] first = new byte[2][];
        for (int i = 0; i < 2; i++) {
            AmpProvAir.powerCycle(dut, power);
            enrol(dut, p); // the gateway forgets its enrolments at a power cut
            first[i] = responseTo(dut, requestOf(benchTag(p), beacon(dut, p)));
        }
        ProvResponse a = AmpProvAir.response(first[0]);
        ProvResponse b = AmpProvAir.response(first[1]);
        require(!Arrays.equals(a.tkNonce(), b.tkNonce()), "AMP-PROV-R6", "the first PROV_RESPONSE after each of two"
                + " power cycles carries TkNonce " + hex(a.tkNonce()) + " (local addresses " + a.localAddr() + ", "
                + b.localAddr() + "): " + hex(first[0]) + " / " + hex(first[1]));
    }

    @Test
    @DisplayName("refuses a PROV_CONFIRM whose MIC was corrupted or made under a wrong key")
    @Checks({"AMP-PROV-R7"})
    void forgedConfirmRefused(Dut dut) throws LabFault {
        AmpProvPersonalization p = tag(dut, 5);
        enrol(dut, p);
        byte[] beacon = beacon(dut, p);
        List<String> what = new ArrayList<>();
        List<byte[]> forged = new ArrayList<>();
        AmpProvDevice last = null;
        byte[] lastResponse = null;
        for (int octet : new int[] {1, 4, 8}) {
            // each forgery answers its own provisioning: a gateway that refused one stays RESPONDED for it
            last = benchTag(p);
            lastResponse = responseTo(dut, requestOf(last, beacon));
            byte[] confirm = confirmOf(last, lastResponse);
            forged.add(corrupt(confirm, CONFIRM_MIC + octet - 1));
            what.add("a PROV_CONFIRM with MIC octet " + octet + " of 8 corrupted");
            noneProves(dut, "AMP-PROV-R7", what.subList(what.size() - 1, what.size()),
                    forged.subList(forged.size() - 1, forged.size()));
        }
        // wrong key: the confirm MIC under a KCK from another serial number, for the last response
        ProvRequest q = AmpProvAir.request(requestOf(last = benchTag(p), beacon));
        lastResponse = responseTo(dut, q.encode());
        ProvResponse r = AmpProvAir.response(lastResponse);
        TemporalKeys wrong = AmpProvAir.keys(AmpProvAir.wrongSerial(p), r.mode(), q.tagNonce(), r.tkNonce(),
                r.localAddr());
        ProvConfirm unsigned = new ProvConfirm(r.localAddr(), new byte[AmpProvParams.MIC_LEN]);
        byte[] mic = AmpProvKdf.confirmMic(wrong.kck(), unsigned.micInputHeader(), q.tagNonce(), r.tkNonce(),
                AmpProvKdf.pubKeyHash(X25519.publicKey(p.tagPrivateKey())));
        noneProves(dut, "AMP-PROV-R7", List.of("a PROV_CONFIRM whose MIC was made under a KCK from a wrong serial"
                + " number (A_SN)"), List.of(new ProvConfirm(r.localAddr(), mic).encode()));
        proves(dut, confirmOf(last, lastResponse), "the genuine PROV_CONFIRM after the forged ones");
    }

    @Test
    @DisplayName("refuses a tag recorded for STRONG that asks in SLIDES (downgrade)")
    @Checks({"AMP-PROV-R4"})
    void downgradeRefused(Dut dut) throws LabFault {
        AmpProvPersonalization strong = strongTag(dut).orElseThrow(() -> new TestAbortedException(
                "the gateway's table has no STRONG tag: no downgrade to try"));
        enrol(dut, strong);
        AmpProvDeviceIdentity id = strong.deviceIdentity();
        AmpProvDeviceIdentity downgraded = new AmpProvDeviceIdentity(id.serialNumber(), id.tagPrivateKey(),
                id.tagPublicKey(), id.asPublicKey(), KdfMode.SLIDES);
        byte[] beacon = downlink(dut, "beacon", new byte[0]);
        byte[] request = requestOf(benchTag(downgraded), beacon);
        byte[] answer = exchange(dut, request, QUIET);
        require(answer == null, "AMP-PROV-R4", "a tag recorded for STRONG asked in SLIDES (" + hex(request)
                + ") and was answered " + hex(answer));
    }

    // ------------------------------------------------------------------- protected uplinks (confirm was lost)

    /**
     * A tag whose PROV_CONFIRM was lost: the gateway sends REQ_SENSOR_DATA under the response's keys and takes the
     * first valid RES_SENSOR_DATA as the tag's proof (R7). Returns the bench tag (NORMAL) and the address.
     */
    private static Provisioned confirmLost(Dut dut, AmpProvPersonalization p) throws LabFault {
        enrol(dut, p);
        byte[] beacon = beacon(dut, p);
        AmpProvDevice t = benchTag(p);
        byte[] response = responseTo(dut, requestOf(t, beacon));
        int addr = AmpProvAir.response(response).localAddr();
        // A tag provisioned here before (an earlier test, an earlier run) keeps its old session until a new confirm
        // verifies: REPROVISION it first, so that the new provisioning is the tag's first one at this gateway.
        WireMessage r = dut.wire().request(tid -> new WireMessage.Action(tid, Profile.AMP_PROV, "reprovision",
                be16(addr)));
        if (r instanceof WireMessage.Ack) {
            nextFrame(dut, ANSWER); // the REPROVISION on the air; the bench's tag is not listening
            t = benchTag(p);
            response = responseTo(dut, requestOf(t, beacon));
        }
        confirmOf(t, response); // lost on the air
        return new Provisioned(t, addr, response);
    }

    private static byte[] answerOf(AmpProvDevice t, byte[] request) {
        List<Effect> e = t.receive(request);
        AmpProvAir.noRejection(e, request);
        return one(e);
    }

    @Test
    @DisplayName("takes only the answer to its outstanding request as a tag's proof (stale Seq refused)")
    @Checks({"AMP-PROV-R12", "AMP-PROV-R7"})
    void staleAnswerRefused(Dut dut) throws LabFault {
        Provisioned p = confirmLost(dut, tag(dut, 6));
        byte[] req1 = downlink(dut, "request-sensor-data", be16(p.addr()));
        byte[] req2 = downlink(dut, "request-sensor-data", be16(p.addr()));
        byte[] stale = answerOf(p.tag(), req1);
        noneProves(dut, "AMP-PROV-R12", List.of("the RES_SENSOR_DATA echoing Seq 1 while Seq 2 was outstanding"),
                List.of(stale));
        proves(dut, answerOf(p.tag(), req2), "the RES_SENSOR_DATA echoing the outstanding Seq 2");
    }

    @Test
    @DisplayName("refuses a sensor answer whose MIC was corrupted")
    @Checks({"AMP-PROV-R11", "AMP-PROV-R7"})
    void forgedAnswerRefused(Dut dut) throws LabFault {
        Provisioned p = confirmLost(dut, tag(dut, 7));
        byte[] req = downlink(dut, "request-sensor-data", be16(p.addr()));
        byte[] answer = answerOf(p.tag(), req);
        List<byte[]> forged = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (int octet : new int[] {1, 8}) {
            forged.add(corrupt(answer, answer.length - AmpProvParams.MIC_LEN + octet - 1));
            what.add("a RES_SENSOR_DATA with CCM MIC octet " + octet + " of 8 corrupted");
        }
        noneProves(dut, "AMP-PROV-R11", what, forged);
        proves(dut, answer, "the genuine RES_SENSOR_DATA (the tag's proof in place of the lost PROV_CONFIRM)");
    }

    // ------------------------------------------------------------------------------------------ malformed input

    @Test
    @DisplayName("survives truncated frames")
    @Checks({"AMP-PROV-R15"})
    void truncatedSurvived(Dut dut) throws LabFault {
        AmpProvPersonalization p = tag(dut, 0);
        byte[] request = new ProvRequest(p.gatewayId(), AmpProvKdf.idHash(AmpProvKdf.pubKeyHash(
                X25519.publicKey(p.tagPrivateKey()))), p.mode(), AmpProvAir.random(8)).encode();
        AmpProvAir.survivesTruncated(dut, Arrays.copyOf(request, 5), "a PROV_REQUEST cut to 5 octets");
        AmpProvAir.survivesTruncated(dut, Arrays.copyOf(new ProvConfirm(1, new byte[8]).encode(), 7),
                "a PROV_CONFIRM cut to 7 octets");
    }

    @Test
    @DisplayName("survives a frame longer than any it accepts")
    @Checks({"AMP-PROV-R15"})
    void oversizedSurvived(Dut dut) throws LabFault {
        AmpProvAir.survivesOversized(dut, FrameType.RES_SENSOR_DATA.code());
    }
}
