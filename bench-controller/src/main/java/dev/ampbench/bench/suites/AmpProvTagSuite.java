package dev.ampbench.bench.suites;

import static dev.ampbench.bench.suites.AmpProvAir.ANSWER;
import static dev.ampbench.bench.suites.AmpProvAir.QUIET;
import static dev.ampbench.bench.suites.AmpProvAir.action;
import static dev.ampbench.bench.suites.AmpProvAir.benchContext;
import static dev.ampbench.bench.suites.AmpProvAir.corrupt;
import static dev.ampbench.bench.suites.AmpProvAir.exchange;
import static dev.ampbench.bench.suites.AmpProvAir.hex;
import static dev.ampbench.bench.suites.AmpProvAir.inject;
import static dev.ampbench.bench.suites.AmpProvAir.nextFrame;
import static dev.ampbench.bench.suites.AmpProvAir.one;
import static dev.ampbench.bench.suites.AmpProvAir.state;
import static dev.ampbench.bench.suites.Verdicts.require;

import dev.ampbench.bench.power.PowerSwitch;
import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.conductor.AirFrame;
import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.conductor.Transcript;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvKdf;
import dev.ampbench.protocol.ampprov.AmpProvParams;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.FrameType;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProtectedFrame;
import dev.ampbench.protocol.ampprov.ProvRequest;
import dev.ampbench.protocol.ampprov.ProvResponse;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.ampprov.SessionProtection;
import dev.ampbench.protocol.ampprov.TemporalKeys;
import dev.ampbench.protocol.crypto.AesCcm;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conformance of an amp-prov tag (AMP non-AP STA) against the bench playing gateway and Authentication Server with
 * the protocol module's own {@link AmpProvInfrastructure}. Rules: docs/protocols/amp-prov.md (AMP-PROV-Rn).
 *
 * <p>Every test starts from a local factory reset (ACTION {@code factory-reset}, R14), so the order of the tests
 * does not matter. The bench derives the tag's keys itself from the personalization and the nonces on the air when
 * it needs a frame that its own gateway would never send (another local address, an old key, another KDF mode).
 */
@ExtendWith(DutExtension.class)
@DutUnderTest(profile = Profile.AMP_PROV, role = Role.DEVICE)
@DisplayName("amp-prov tag")
public class AmpProvTagSuite {
    private static final int RESPONSE_MIC = ProvResponse.LENGTH - AmpProvParams.MIC_LEN;
    private static final String PROVISIONING = "PROVISIONING";
    private static final String AWAIT_RESPONSE = "AWAIT_RESPONSE";
    private static final String NORMAL = "NORMAL";

    private static AmpProvPersonalization me(Dut dut) {
        return dut.secrets(AmpProvPersonalization.class).get(0);
    }

    /** The bench's gateway and AS for {@code p}, with the tag's QR label scanned (enrolled). */
    private static AmpProvInfrastructure gateway(AmpProvPersonalization p) {
        AmpProvAuthServer as = new AmpProvAuthServer(p.asPrivateKey());
        as.register(p.deviceRecord());
        AmpProvInfrastructure gw = new AmpProvInfrastructure(p.gatewayId(), as, benchContext(), Set.of());
        if (!gw.enrol(QrPayload.forPublicKey(p.deviceIdentity().tagPublicKey(), p.mode().bit()))) {
            throw new IllegalStateException("the tag's own QR payload did not enrol it at the bench's AS");
        }
        return gw;
    }

    /** A provisioned tag as the bench knows it: its gateway, address, the frames of the exchange and the keys. */
    private record Provisioned(AmpProvInfrastructure gw, int addr, byte[] request, byte[] response,
                               TemporalKeys keys, int keySel) {
        KeyMaterial key(int sel, long cntr) {
            return AmpProvKdf.sessionKey(keys, sel, cntr);
        }
    }

    /** Local factory reset: both records erased, back in provisioning mode (R14). */
    private static void factoryReset(Dut dut) throws LabFault {
        action(dut, "factory-reset", new byte[0]);
        String s = state(dut);
        require(s.equals(PROVISIONING), "AMP-PROV-R14", "after ACTION factory-reset STATUS says " + s
                + ", not PROVISIONING");
    }

    /** A beacon from the bench's gateway; returns the tag's PROV_REQUEST. */
    private static byte[] requestFor(Dut dut, AmpProvInfrastructure gw) throws LabFault {
        byte[] beacon = one(gw.beacon());
        byte[] request = exchange(dut, beacon, ANSWER);
        require(request != null && (request[0] & 0xff) == FrameType.PROV_REQUEST.code(), "AMP-PROV-R1",
                "a tag in provisioning mode answered the PROV_BEACON " + hex(beacon) + " with " + hex(request)
                        + ", not a PROV_REQUEST");
        return request;
    }

    /** The gateway's genuine PROV_RESPONSE to a request. */
    private static byte[] responseTo(AmpProvInfrastructure gw, byte[] request) {
        List<Effect> e = gw.receive(request);
        AmpProvAir.noRejection(e, request);
        return one(e);
    }

    /** Factory reset, then BEACON, REQUEST, RESPONSE, CONFIRM without waiting for quiet air. */
    private static Provisioned provision(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvPersonalization p = me(dut);
        AmpProvInfrastructure gw = gateway(p);
        byte[] request = requestFor(dut, gw);
        byte[] response = responseTo(gw, request);
        byte[] confirm = exchange(dut, response, ANSWER);
        require(confirm != null, "AMP-PROV-R3", "no PROV_CONFIRM to the genuine PROV_RESPONSE " + hex(response));
        List<Effect> c = gw.receive(confirm);
        AmpProvAir.noRejection(c, confirm);
        require(AmpProvAir.established(c), "AMP-PROV-R7", "the PROV_CONFIRM " + hex(confirm)
                + " did not complete provisioning at the bench's gateway");
        ProvResponse r = AmpProvAir.response(response);
        TemporalKeys keys = AmpProvAir.keys(p, r.mode(), AmpProvAir.request(request).tagNonce(), r.tkNonce(),
                r.localAddr());
        return new Provisioned(gw, r.localAddr(), request, response, keys, r.keySel());
    }

    /** A REQ_SENSOR_DATA from the bench's gateway that the tag must answer; returns the request and its answer. */
    private static byte[][] sensorRoundTrip(Dut dut, Provisioned t, String why) throws LabFault {
        byte[] request = one(t.gw().requestSensorData(t.addr(), AmpProvAir.random(4)));
        byte[] answer = exchange(dut, request, ANSWER);
        require(answer != null, "AMP-PROV-R12", "no RES_SENSOR_DATA to the valid REQ_SENSOR_DATA " + hex(request)
                + " " + why);
        List<Effect> e = t.gw().receive(answer);
        AmpProvAir.noRejection(e, answer);
        require(AmpProvAir.delivered(e).isPresent(), "AMP-PROV-R11", "the answer " + hex(answer)
                + " carried no reading the bench's gateway could open " + why);
        return new byte[][] {request, answer};
    }

    /**
     * Injects frames that must all go unanswered, then waits once for quiet air. An answer is pinned on the frame it
     * replies to (a PROV_REQUEST to a beacon, a PROV_CONFIRM to a response for its address, a protected uplink to
     * the downlink whose header it echoes), so the verdict names the right rule even when the answer comes late.
     */
    private static void allUnanswered(Dut dut, List<String> rules, List<String> what, List<byte[]> frames)
            throws LabFault {
        dut.wire().clearNotifications();
        for (int i = 0; i < frames.size(); i++) {
            inject(dut, frames.get(i));
            byte[] answer = nextFrame(dut, i == frames.size() - 1 ? QUIET : SHORT);
            if (answer != null) {
                int k = i;
                for (int j = i; j >= 0; j--) {
                    if (repliesTo(answer, frames.get(j))) {
                        k = j;
                        break;
                    }
                }
                throw Verdicts.broken(rules.get(k), "answered " + what.get(k) + " (" + hex(frames.get(k))
                        + ") with " + hex(answer));
            }
        }
    }

    /** How long to look for an answer before injecting the next frame that must go unanswered. */
    private static final java.time.Duration SHORT = java.time.Duration.ofMillis(30);

    private static boolean repliesTo(byte[] answer, byte[] sent) {
        int a = answer[0] & 0xff;
        int s = sent[0] & 0xff;
        if (s == FrameType.PROV_BEACON.code()) {
            return a == FrameType.PROV_REQUEST.code();
        }
        if (s == FrameType.PROV_RESPONSE.code()) {
            return a == FrameType.PROV_CONFIRM.code() && sent.length >= 12 && answer.length >= 3
                    && answer[1] == sent[10] && answer[2] == sent[11];
        }
        return answer.length >= ProtectedFrame.HEADER_LEN && sent.length >= ProtectedFrame.HEADER_LEN
                && (a == FrameType.RES_SENSOR_DATA.code() || a == FrameType.REKEY_ACK.code())
                && Arrays.equals(answer, 1, ProtectedFrame.HEADER_LEN, sent, 1, ProtectedFrame.HEADER_LEN);
    }

    private static void unanswered(Dut dut, String rule, String what, byte[] frame) throws LabFault {
        allUnanswered(dut, List.of(rule), List.of(what), List.of(frame));
    }

    // ------------------------------------------------------------------------------------------ positive cases

    @Test
    @DisplayName("is provisioned by one PROV_RESPONSE, proves its keys and keeps its address")
    @Checks({"AMP-PROV-R3", "AMP-PROV-R5", "AMP-PROV-R7", "AMP-PROV-R8"})
    void provisioned(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvInfrastructure gw = gateway(me(dut));
        dut.wire().clearNotifications();
        Transcript t = dut.conductor().run(gw, gw.beacon());
        t.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench's gateway refused the tag: " + r.reason() + "; air: "
                    + t.frames());
        });
        require(t.counterpartEstablished(), "AMP-PROV-R7", "provisioning did not complete at the bench's gateway; "
                + "air: " + t.frames());
        List<AirFrame> out = t.fromDut();
        require(out.size() == 2 && (out.get(1).bytes()[0] & 0xff) == FrameType.PROV_CONFIRM.code(), "AMP-PROV-R5",
                "expected PROV_REQUEST then PROV_CONFIRM from the tag, got " + out);
        String s = state(dut);
        require(s.equals(NORMAL), "AMP-PROV-R8", "after a confirmed provisioning STATUS says " + s);
        require(t.dutEstablished(), "AMP-PROV-R8", "the tag confirmed its provisioning but reported no EVENT"
                + " ESTABLISHED: it did not say it left provisioning mode with its new address; air: " + t.frames());
    }

    @Test
    @DisplayName("answers sensor requests under its session key, data both ways")
    @Checks({"AMP-PROV-R10", "AMP-PROV-R11", "AMP-PROV-R12"})
    void sensorData(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        byte[] reading = AmpProvAir.random(12);
        action(dut, "set-reading", reading);
        byte[] query = "ABCD".getBytes(StandardCharsets.US_ASCII);
        dut.wire().clearNotifications();
        Transcript tr = dut.conductor().run(t.gw(), t.gw().requestSensorData(t.addr(), query));
        tr.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "the bench's gateway refused the answer: " + r.reason() + "; air: "
                    + tr.frames());
        });
        byte[] got = tr.counterpart().stream().filter(e -> e instanceof Effect.Deliver)
                .map(e -> ((Effect.Deliver) e).payload()).findFirst().orElse(null);
        require(got != null, "AMP-PROV-R11", "no RES_SENSOR_DATA the bench could open; air: " + tr.frames());
        require(Arrays.equals(got, reading), "AMP-PROV-R11", "the reading came back as " + hex(got) + ", set was "
                + hex(reading));
        sensorRoundTrip(dut, t, "(the second request, Seq 2)");
    }

    @Test
    @DisplayName("re-keys forward only: new key used, old key and rolled-back counter refused")
    @Checks({"AMP-PROV-R9", "AMP-PROV-R10"})
    void rekey(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        dut.wire().clearNotifications();
        Transcript tr = dut.conductor().run(t.gw(), t.gw().rekey(t.addr(), 2));
        tr.counterpartRejection().ifPresent(r -> {
            throw Verdicts.broken(r.rule().id(), "REKEY to TK2 Cntr 1: " + r.reason() + "; air: " + tr.frames());
        });
        require(tr.counterpartEstablished(), "AMP-PROV-R9", "no valid REKEY_ACK to a REKEY to TK2 Cntr 1; air: "
                + tr.frames());
        byte[] rekeyTo1 = tr.frames().get(0).bytes();
        sensorRoundTrip(dut, t, "under the new key Ek_2_1");
        byte[] rekeyTo2 = one(t.gw().rekey(t.addr(), 1));
        byte[] ack = exchange(dut, rekeyTo2, ANSWER);
        require(ack != null, "AMP-PROV-R9", "no REKEY_ACK to a REKEY to TK1 Cntr 2 (" + hex(rekeyTo2) + ")");
        AmpProvAir.noRejection(t.gw().receive(ack), ack);
        byte[] oldKey = SessionProtection.seal(FrameType.REQ_SENSOR_DATA, t.addr(), 2, 1, 1000, t.key(2, 1),
                new byte[] {1}).encode();
        allUnanswered(dut, List.of("AMP-PROV-R9", "AMP-PROV-R10"),
                List.of("the recorded REKEY back to TK2 Cntr 1 after the REKEY to Cntr 2 (counter rollback)",
                        "a REQ_SENSOR_DATA under the superseded key Ek_2_1 (Seq 1000)"),
                List.of(rekeyTo1, oldKey));
        sensorRoundTrip(dut, t, "under the current key Ek_1_2");
    }

    @Test
    @DisplayName("returns to provisioning mode on REPROVISION and takes no protected frame there")
    @Checks({"AMP-PROV-R14", "AMP-PROV-R1"})
    void reprovision(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        byte[] reprov = one(t.gw().reprovision(t.addr()));
        dut.wire().clearNotifications();
        inject(dut, reprov);
        String s = state(dut);
        require(!s.equals(NORMAL), "AMP-PROV-R14", "still " + s + " after an authenticated REPROVISION ("
                + hex(reprov) + ")");
        byte[] underOldKeys = SessionProtection.seal(FrameType.REQ_SENSOR_DATA, t.addr(), t.keySel(), 0, 1000,
                t.key(t.keySel(), 0), new byte[] {1}).encode();
        unanswered(dut, "AMP-PROV-R1", "a REQ_SENSOR_DATA under its former keys while in provisioning mode",
                underOldKeys);
        byte[] again = requestFor(dut, t.gw());
        byte[] confirm = exchange(dut, responseTo(t.gw(), again), ANSWER);
        require(confirm != null, "AMP-PROV-R14", "could not be provisioned again after REPROVISION");
        require(AmpProvAir.established(t.gw().receive(confirm)), "AMP-PROV-R7", "re-provisioning confirm "
                + hex(confirm) + " did not verify");
    }

    // ------------------------------------------------------------------------------------ provisioning downlink

    @Test
    @DisplayName("refuses a PROV_RESPONSE whose MIC was corrupted or made under a wrong key")
    @Checks({"AMP-PROV-R3"})
    void forgedResponseRefused(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvPersonalization p = me(dut);
        AmpProvInfrastructure gw = gateway(p);
        byte[] request = requestFor(dut, gw);
        byte[] genuine = responseTo(gw, request);
        AmpProvInfrastructure wrongGw = gateway(AmpProvAir.wrongSerial(p));
        wrongGw.beacon(); // opens its provisioning window; the tag hears only the response
        byte[] wrongKey = responseTo(wrongGw, request);
        List<byte[]> frames = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (int octet : new int[] {1, 4, 8}) {
            frames.add(corrupt(genuine, RESPONSE_MIC + octet - 1));
            what.add("a PROV_RESPONSE with MIC octet " + octet + " of 8 corrupted");
        }
        frames.add(wrongKey);
        what.add("a PROV_RESPONSE whose MIC was made under a KCK from a wrong serial number (A_SN)");
        allUnanswered(dut, List.of("AMP-PROV-R3", "AMP-PROV-R3", "AMP-PROV-R3", "AMP-PROV-R3"), what, frames);
        confirmsGenuine(dut, genuine, "after the forged responses");
    }

    /**
     * The genuine response must still be confirmed after forged ones were refused. If it is not, a tag that has left
     * provisioning mode on a response it refused broke R1; otherwise it refuses a valid MIC (R3).
     */
    private static void confirmsGenuine(Dut dut, byte[] genuine, String when) throws LabFault {
        byte[] confirm = exchange(dut, genuine, ANSWER);
        if (confirm == null) {
            String s = state(dut);
            require(!s.equals(NORMAL), "AMP-PROV-R1", "STATUS says NORMAL " + when + ", none of which it confirmed,"
                    + " and the genuine PROV_RESPONSE " + hex(genuine) + " is not confirmed: it left provisioning"
                    + " mode without a verified local address");
            throw Verdicts.broken("AMP-PROV-R3", "no PROV_CONFIRM to the genuine PROV_RESPONSE " + hex(genuine)
                    + " " + when + " (STATUS " + s + ")");
        }
    }

    @Test
    @DisplayName("stays in provisioning mode after a PROV_RESPONSE that failed its MIC")
    @Checks({"AMP-PROV-R1"})
    void staysInProvisioningMode(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvInfrastructure gw = gateway(me(dut));
        byte[] forged = corrupt(responseTo(gw, requestFor(dut, gw)), RESPONSE_MIC + 3);
        byte[] answer = exchange(dut, forged, SHORT);
        require(answer == null, "AMP-PROV-R3", "confirmed a PROV_RESPONSE with MIC octet 4 corrupted ("
                + hex(forged) + "): " + hex(answer));
        String s = state(dut);
        if (!s.equals(AWAIT_RESPONSE) && !s.equals(PROVISIONING)) {
            byte[] late = nextFrame(dut, QUIET);
            require(late == null, "AMP-PROV-R3", "confirmed a PROV_RESPONSE with MIC octet 4 corrupted ("
                    + hex(forged) + "): " + hex(late));
            throw Verdicts.broken("AMP-PROV-R1", "STATUS says " + s + " after a PROV_RESPONSE that failed its MIC ("
                    + hex(forged) + "), which it did not confirm: it left provisioning mode without a verified"
                    + " local address");
        }
        byte[] beacon = one(gw.beacon());
        byte[] again = exchange(dut, beacon, ANSWER);
        require(again != null, "AMP-PROV-R1", "no PROV_REQUEST to a beacon after a forged PROV_RESPONSE: it left"
                + " provisioning mode (STATUS " + s + ")");
    }

    @Test
    @DisplayName("refuses a PROV_RESPONSE recorded for an earlier request (stale TagNonce)")
    @Checks({"AMP-PROV-R2", "AMP-PROV-R3"})
    void staleResponseRefused(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvInfrastructure gw = gateway(me(dut));
        byte[] first = requestFor(dut, gw);
        byte[] stale = responseTo(gw, first);
        byte[] second = requestFor(dut, gw);
        require(!Arrays.equals(AmpProvAir.request(first).tagNonce(), AmpProvAir.request(second).tagNonce()),
                "AMP-PROV-R2", "two PROV_REQUESTs carry the same TagNonce: " + hex(first) + ", " + hex(second));
        unanswered(dut, "AMP-PROV-R3", "the PROV_RESPONSE made for its previous TagNonce after a new request",
                stale);
        confirmsGenuine(dut, responseTo(gw, second), "after the stale response to its previous request");
    }

    @Test
    @DisplayName("refuses a PROV_RESPONSE in another KDF mode than it asked for")
    @Checks({"AMP-PROV-R4"})
    void otherModeRefused(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvPersonalization p = me(dut);
        AmpProvInfrastructure gw = gateway(p);
        ProvRequest latest = AmpProvAir.request(requestFor(dut, gw));
        ProvResponse genuine = AmpProvAir.response(responseTo(gw, latest.encode()));
        KdfMode other = p.mode() == KdfMode.SLIDES ? KdfMode.STRONG : KdfMode.SLIDES;
        TemporalKeys k = AmpProvAir.keys(p, other, latest.tagNonce(), genuine.tkNonce(), genuine.localAddr());
        ProvResponse unsigned = new ProvResponse(latest.idHash(), other, genuine.localAddr(), genuine.tkNonce(),
                genuine.keySel(), new byte[AmpProvParams.MIC_LEN]);
        byte[] mic = AmpProvKdf.responseMic(k.kck(), unsigned.micInputHeader(), latest.tagNonce(),
                AmpProvKdf.pubKeyHash(X25519.publicKey(p.tagPrivateKey())));
        byte[] forged = new ProvResponse(latest.idHash(), other, genuine.localAddr(), genuine.tkNonce(),
                genuine.keySel(), mic).encode();
        unanswered(dut, "AMP-PROV-R4", "a PROV_RESPONSE in KDF mode " + other + " (valid MIC in that mode) to a "
                + p.mode() + " request", forged);
    }

    @Test
    @DisplayName("takes one PROV_RESPONSE only: a repeated one after provisioning is refused")
    @Checks({"AMP-PROV-R5"})
    void secondResponseRefused(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        unanswered(dut, "AMP-PROV-R5", "its own PROV_RESPONSE again once provisioned", t.response());
    }

    // ---------------------------------------------------------------------------------------- protected frames

    @Test
    @DisplayName("refuses every protected frame of a recorded session replayed, in that session and after power loss")
    @Checks({"AMP-PROV-R3", "AMP-PROV-R8", "AMP-PROV-R12"})
    void recordedSessionReplayRefused(Dut dut) throws LabFault {
        factoryReset(dut);
        AmpProvInfrastructure gw = gateway(me(dut));
        dut.wire().clearNotifications();
        Transcript prov = dut.conductor().run(gw, gw.beacon());
        require(prov.counterpartEstablished(), "AMP-PROV-R7", "the session to replay did not provision the tag; "
                + "air: " + prov.frames());
        int addr = AmpProvAir.response(prov.frames().stream().filter(f -> !f.fromDut()
                && (f.bytes()[0] & 0xff) == FrameType.PROV_RESPONSE.code()).findFirst().orElseThrow().bytes())
                .localAddr();
        ReplayAttack.Session sensor = () -> {
            Transcript tr = dut.conductor().run(gw, gw.requestSensorData(addr, AmpProvAir.random(4)));
            require(AmpProvAir.delivered(tr.counterpart()).isPresent(), "AMP-PROV-R11", "no RES_SENSOR_DATA the "
                    + "bench's gateway could open in the session to replay; air: " + tr.frames());
            return tr.frames();
        };
        List<AirFrame> air = new ArrayList<>(prov.frames());
        air.addAll(sensor.run());
        ReplayAttack.run(dut, () -> air, ReplayAttack.powerCycleOr(dut, sensor),
                java.util.Map.of("PROV_RESPONSE", "AMP-PROV-R3", "REQ_SENSOR_DATA", "AMP-PROV-R12",
                        "REKEY", "AMP-PROV-R9", "REPROVISION", "AMP-PROV-R12"));
    }

    @Test
    @DisplayName("refuses replayed and stale sensor requests")
    @Checks({"AMP-PROV-R12"})
    void replayRefused(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        byte[] first = sensorRoundTrip(dut, t, "(Seq 1)")[0];
        byte[] second = sensorRoundTrip(dut, t, "(Seq 2)")[0];
        allUnanswered(dut, List.of("AMP-PROV-R12", "AMP-PROV-R12"),
                List.of("the replayed REQ_SENSOR_DATA Seq 2 (same CCM nonce and key as its earlier answer)",
                        "the stale REQ_SENSOR_DATA Seq 1 after Seq 2"),
                List.of(second, first));
        sensorRoundTrip(dut, t, "(Seq 3, after the replays)");
    }

    @Test
    @DisplayName("refuses sensor requests with a corrupted MIC or under a wrong key")
    @Checks({"AMP-PROV-R11"})
    void forgedRequestRefused(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        List<byte[]> frames = new ArrayList<>();
        List<String> what = new ArrayList<>();
        for (int octet : new int[] {1, 5, 8}) {
            byte[] request = one(t.gw().requestSensorData(t.addr(), AmpProvAir.random(4)));
            frames.add(corrupt(request, request.length - AmpProvParams.MIC_LEN + octet - 1));
            what.add("a REQ_SENSOR_DATA with CCM MIC octet " + octet + " of 8 corrupted");
        }
        frames.add(SessionProtection.seal(FrameType.REQ_SENSOR_DATA, t.addr(), t.keySel(), 0, 100,
                KeyMaterial.of(AmpProvAir.random(16)), new byte[] {1, 2}).encode());
        what.add("a REQ_SENSOR_DATA (Seq 100) sealed under a random key");
        byte[] genuine = one(t.gw().requestSensorData(t.addr(), AmpProvAir.random(4)));
        allUnanswered(dut, List.of("AMP-PROV-R11", "AMP-PROV-R11", "AMP-PROV-R11", "AMP-PROV-R11"), what, frames);
        byte[] answer = exchange(dut, genuine, ANSWER);
        require(answer != null, "AMP-PROV-R11", "no answer to the genuine request " + hex(genuine)
                + " after its forged copies");
        AmpProvAir.noRejection(t.gw().receive(answer), answer);
    }

    @Test
    @DisplayName("ignores beacons once provisioned, and frames for another or the broadcast address")
    @Checks({"AMP-PROV-R13", "AMP-PROV-R15"})
    void foreignAndBroadcastIgnored(Dut dut) throws LabFault {
        Provisioned t = provision(dut);
        int other = t.addr() == 0x0234 ? 0x0235 : 0x0234;
        KeyMaterial key = t.key(t.keySel(), 0);
        byte[] foreign = SessionProtection.seal(FrameType.REQ_SENSOR_DATA, other, t.keySel(), 0, 500, key,
                new byte[] {7}).encode();
        byte[] header = ProtectedFrame.header(FrameType.REQ_SENSOR_DATA, t.addr(), t.keySel(), 0, 501);
        header[1] = (byte) 0xff;
        header[2] = (byte) 0xff;
        byte[] sealed = AesCcm.seal(key, header, header, new byte[] {7}, AmpProvParams.MIC_LEN);
        byte[] broadcast = new byte[header.length + sealed.length];
        System.arraycopy(header, 0, broadcast, 0, header.length);
        System.arraycopy(sealed, 0, broadcast, header.length, sealed.length);
        allUnanswered(dut, List.of("AMP-PROV-R13", "AMP-PROV-R13", "AMP-PROV-R13"),
                List.of("a PROV_BEACON although provisioned",
                        String.format("a REQ_SENSOR_DATA for local address 0x%04x (its own is 0x%04x), sealed under"
                                + " its own key", other, t.addr()),
                        "a REQ_SENSOR_DATA to the reserved broadcast address 0xFFFF"),
                List.of(one(t.gw().beacon()), foreign, broadcast));
        sensorRoundTrip(dut, t, "after the foreign frames");
    }

    // ---------------------------------------------------------------------------------------------- power loss

    @Test
    @DisplayName("draws a fresh TagNonce after power loss and comes back in provisioning mode")
    @Checks({"AMP-PROV-R2", "AMP-PROV-R1"})
    void tagNonceFreshAcrossPowerLoss(Dut dut) throws LabFault {
        PowerSwitch power = AmpProvAir.power(dut);
        factoryReset(dut);
        AmpProvInfrastructure gw = gateway(me(dut));
        // A tag that reseeds its generator at boot repeats the first TagNonce of every power-on: compare those.
        AmpProvAir.powerCycle(dut, power);
        byte[] first = requestFor(dut, gw);
        AmpProvAir.powerCycle(dut, power);
        String s = state(dut);
        require(s.equals(PROVISIONING), "AMP-PROV-R1", "after a power cut in AWAIT_RESPONSE STATUS says " + s);
        byte[] second = requestFor(dut, gw);
        require(!Arrays.equals(AmpProvAir.request(first).tagNonce(), AmpProvAir.request(second).tagNonce()),
                "AMP-PROV-R2", "the first TagNonce after a power cycle repeats the one after the previous power cycle"
                        + " (" + hex(first) + " / " + hex(second) + "): a recorded PROV_RESPONSE would verify again");
    }

    @Test
    @DisplayName("keeps its address, key counter and Seq across power loss")
    @Checks({"AMP-PROV-R8", "AMP-PROV-R9", "AMP-PROV-R12"})
    void stateKeptAcrossPowerLoss(Dut dut) throws LabFault {
        PowerSwitch power = AmpProvAir.power(dut);
        Provisioned t = provision(dut);
        byte[] rekeyTo1 = one(t.gw().rekey(t.addr(), 2));
        byte[] ack1 = exchange(dut, rekeyTo1, ANSWER);
        require(ack1 != null, "AMP-PROV-R9", "no REKEY_ACK to REKEY TK2 Cntr 1 (" + hex(rekeyTo1) + ")");
        AmpProvAir.noRejection(t.gw().receive(ack1), ack1);
        byte[] rekeyTo2 = one(t.gw().rekey(t.addr(), 1));
        byte[] ack2 = exchange(dut, rekeyTo2, ANSWER);
        require(ack2 != null, "AMP-PROV-R9", "no REKEY_ACK to REKEY TK1 Cntr 2 (" + hex(rekeyTo2) + ")");
        AmpProvAir.noRejection(t.gw().receive(ack2), ack2);
        byte[] answered = sensorRoundTrip(dut, t, "under Ek_1_2 before the power cut")[0];
        AmpProvAir.powerCycle(dut, power);
        String s = state(dut);
        require(s.equals(NORMAL), "AMP-PROV-R8", "after a power cut a provisioned tag says " + s
                + ": it lost its provisioning");
        allUnanswered(dut, List.of("AMP-PROV-R9", "AMP-PROV-R12"),
                List.of("after a power cut, the recorded REKEY to TK2 Cntr 1 (superseded by Cntr 2): the key counter"
                                + " went back",
                        "after a power cut, the REQ_SENSOR_DATA it had answered before the cut (same CCM nonce)"),
                List.of(rekeyTo1, answered));
        sensorRoundTrip(dut, t, "under Ek_1_2 after the power cut");
    }

    @Test
    @DisplayName("survives power cuts inside the session-record write of a sensor request")
    @Checks({"AMP-PROV-R8"})
    void powerCutDuringWrite(Dut dut) throws LabFault {
        PowerSwitch power = AmpProvAir.power(dut);
        Provisioned t = provision(dut);
        // The tag stores the accepted Seq before it answers (R12): cut the power at several delays after the
        // request so that one cut lands inside that write. The record must survive whole (old or new value).
        for (int delayMs : new int[] {0, 3, 7, 12, 18, 25}) {
            byte[] request = one(t.gw().requestSensorData(t.addr(), AmpProvAir.random(4)));
            long boots = dut.wire().bootCounter();
            dut.wire().clearNotifications();
            CompletableFuture.runAsync(() -> {
                try {
                    dut.wire().request(tid -> new WireMessage.AirInject(tid, Profile.AMP_PROV, 0, 0x7F, 0xFFFF,
                            request));
                } catch (LabFault cutShort) {
                    // the power went before the ACK: expected
                }
            });
            LockSupport.parkNanos(delayMs * 1_000_000L);
            power.off();
            power.on();
            AmpProvAir.awaitBoot(dut, boots);
            dut.wire().clearNotifications();
            String s = state(dut);
            require(s.equals(NORMAL), "AMP-PROV-R8", "power cut " + delayMs + " ms after REQ_SENSOR_DATA "
                    + hex(request) + ": after reboot STATUS says " + s + " (provisioning lost)");
            byte[] next = one(t.gw().requestSensorData(t.addr(), AmpProvAir.random(4)));
            byte[] answer = exchange(dut, next, ANSWER);
            if (answer == null) {
                String refused = AmpProvAir.event(dut, EventKind.REJECTED, java.time.Duration.ZERO)
                        .map(e -> " (it reported REJECTED " + e.name() + ": " + e.detail() + ")").orElse("");
                throw Verdicts.broken("AMP-PROV-R8", "power cut " + delayMs + " ms after REQ_SENSOR_DATA "
                        + hex(request) + " (aimed inside the session-record write that precedes the answer): after reboot"
                        + " the tag no longer answers the next valid request " + hex(next) + refused
                        + "; its key state did not survive the power loss");
            }
            AmpProvAir.noRejection(t.gw().receive(answer), answer);
        }
    }

    // ------------------------------------------------------------------------------------------ malformed input

    @Test
    @DisplayName("survives truncated frames")
    @Checks({"AMP-PROV-R15"})
    void truncatedSurvived(Dut dut) throws LabFault {
        factoryReset(dut);
        byte[] beacon = one(gateway(me(dut)).beacon());
        AmpProvAir.survivesTruncated(dut, Arrays.copyOf(beacon, 5), "a PROV_BEACON cut to 5 octets");
        byte[] header = ProtectedFrame.header(FrameType.REQ_SENSOR_DATA, 1, 1, 0, 1);
        AmpProvAir.survivesTruncated(dut, Arrays.copyOf(header, 10), "a protected frame cut inside its header");
        require(nextFrame(dut, java.time.Duration.ZERO) == null, "AMP-PROV-R15", "answered a truncated frame");
    }

    @Test
    @DisplayName("survives a frame longer than any it accepts")
    @Checks({"AMP-PROV-R15"})
    void oversizedSurvived(Dut dut) throws LabFault {
        AmpProvAir.survivesOversized(dut, FrameType.REQ_SENSOR_DATA.code());
    }
}
