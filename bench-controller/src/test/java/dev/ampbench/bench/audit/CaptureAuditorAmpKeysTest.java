package dev.ampbench.bench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.CaptureFixtures;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.emulator.firmware.AmpProvFirmware;
import dev.ampbench.emulator.firmware.AmpSecFirmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Profiles;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * amp-sec and amp-prov MIC checks of {@code ampbench audit --keys}, on the golden captures the emulated DUTs of
 * bench-controller's test providers produced (amp-sec seed 1234, three STAs; amp-prov seed 77, three SLIDES tags and
 * a STRONG one).
 */
class CaptureAuditorAmpKeysTest {
    static final List<AmpSecPersonalization> AMP_SEC = AmpSecFirmware.identities(1234, 3);
    static final List<AmpProvPersonalization> AMP_PROV = ampProv();
    static final AuditKeys KEYS = new AuditKeys(List.of(), List.of(), AMP_SEC, AMP_PROV);

    /** The frame types that carry no MIC: named from the specs, not from the observers. */
    private static final Set<String> NO_MIC = Set.of("Trigger", "PROV_BEACON", "PROV_REQUEST");

    private static List<AmpProvPersonalization> ampProv() {
        List<AmpProvPersonalization> l = new ArrayList<>(AmpProvFirmware.identities(77, 3));
        l.add(AmpProvFirmware.identities(77, 4, KdfMode.STRONG).get(3));
        return List.copyOf(l);
    }

    private static List<CapturedFrame> frames(Profile p, Role r) throws Exception {
        return new ArrayList<>(CaptureFixtures.read(p, r).ampbenchFrames());
    }

    private static String type(CapturedFrame f) throws Exception {
        return Profiles.codec(f.profile().orElseThrow()).decode(f.frame()).type();
    }

    private static int index(List<CapturedFrame> fs, String type) throws Exception {
        for (int i = 0; i < fs.size(); i++) {
            if (type(fs.get(i)).equals(type)) {
                return i;
            }
        }
        throw new AssertionError("no " + type + " in the golden capture");
    }

    private static AuditReport doctored(List<CapturedFrame> fs, int i, int fromEnd) throws Exception {
        byte[] b = fs.get(i).frame();
        b[b.length - 1 - fromEnd] ^= 0x01;
        fs.set(i, CaptureFixtures.withBytes(fs.get(i), b));
        return CaptureAuditor.audit(PcapngReader.read(CaptureFixtures.rewrite(fs)), KEYS);
    }

    /** The capture number of the i-th ampbench frame of the re-written capture: read from the file. */
    private static int number(List<CapturedFrame> fs, int i) throws Exception {
        return PcapngReader.read(CaptureFixtures.rewrite(fs)).ampbenchFrames().get(i).number();
    }

    private static void assertOnly(AuditReport r, int frame, String rule, String says) {
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals(frame, f.frame(), f.toString());
        assertEquals(rule, f.rule().id(), f.toString());
        assertTrue(f.message().contains(says), f.toString());
    }

    @Test
    void withTheDevicesKeysEveryMicOfTheGoldenCapturesVerifies() throws Exception {
        for (Profile p : List.of(Profile.AMP_SEC, Profile.AMP_PROV)) {
            for (Role role : Role.values()) {
                List<CapturedFrame> fs = frames(p, role);
                int withMic = 0;
                for (CapturedFrame f : fs) {
                    withMic += NO_MIC.contains(type(f)) ? 0 : 1;
                }
                AuditReport r = CaptureAuditor.audit(CaptureFixtures.read(p, role), KEYS);
                assertTrue(r.clean(), p + " " + role + ": " + r.findings());
                assertEquals(withMic, r.micsVerified(), p + " " + role + ": every MIC checked");
                assertEquals(0, CaptureAuditor.audit(CaptureFixtures.read(p, role)).micsVerified(),
                        "no keys, no MIC verdicts");
            }
        }
    }

    @Test
    void theGatewayCaptureProvisionsAStrongTagToo() throws Exception {
        long strong = 0;
        for (CapturedFrame f : frames(Profile.AMP_PROV, Role.INFRASTRUCTURE)) {
            if (type(f).equals("PROV_RESPONSE")) {
                strong += dev.ampbench.protocol.ampprov.ProvResponse.decode(f.frame()).mode() == KdfMode.STRONG
                        ? 1 : 0;
            }
        }
        assertEquals(1, strong, "the STRONG path of the observer is exercised by a golden capture");
    }

    @Test
    void aFlippedMicBitIsAmpSecR7AtItsFrame() throws Exception {
        for (Role role : Role.values()) {
            for (String t : List.of("Confirm", "DownlinkData", "UplinkData")) {
                List<CapturedFrame> fs = frames(Profile.AMP_SEC, role);
                int k = index(fs, t);
                AuditReport r = doctored(fs, k, 0);
                assertOnly(r, number(fs, k), "AMP-SEC-R7", t);
            }
        }
    }

    @Test
    void aFlippedResponseMicFailsTheResponseAndTheConfirmWhoseMicCoversIt() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_SEC, Role.DEVICE);
        int k = index(fs, "Response");
        AuditReport r = doctored(fs, k, 3);
        assertEquals(List.of(number(fs, k), number(fs, k + 1)), r.findings().stream().map(Finding::frame).toList(),
                r.findings().toString());
        assertTrue(r.findings().stream().allMatch(f -> f.rule().id().equals("AMP-SEC-R7")), r.findings().toString());
        assertTrue(r.findings().get(0).message().contains("Response MIC"), r.findings().toString());
    }

    @Test
    void aFlippedMicBitIsTheAmpProvRuleOfItsFrame() throws Exception {
        String[][] cases = {{"PROV_RESPONSE", "AMP-PROV-R3"}, {"PROV_CONFIRM", "AMP-PROV-R7"},
            {"REQ_SENSOR_DATA", "AMP-PROV-R11"}, {"RES_SENSOR_DATA", "AMP-PROV-R11"}};
        for (Role role : Role.values()) {
            for (String[] c : cases) {
                List<CapturedFrame> fs = frames(Profile.AMP_PROV, role);
                int k = index(fs, c[0]);
                assertOnly(doctored(fs, k, 0), number(fs, k), c[1], c[0]);
            }
        }
    }

    @Test
    void wrongKeysGiveMicFailuresNotACrash() throws Exception {
        List<AmpSecPersonalization> sec = new ArrayList<>();
        for (AmpSecPersonalization p : AMP_SEC) {
            byte[] pmk = p.pmk().bytes();
            pmk[0] ^= 0x01;
            sec.add(new AmpSecPersonalization(p.aa(), p.sa(), KeyMaterial.of(pmk), p.pmkGeneration(), p.parameters()));
        }
        List<AmpProvPersonalization> prov = new ArrayList<>();
        for (AmpProvPersonalization p : AMP_PROV) {
            byte[] sn = p.serialNumber().bytes();
            sn[sn.length - 1] ^= 0x01;
            prov.add(new AmpProvPersonalization(KeyMaterial.of(sn), p.tagPrivateKey(), p.asPrivateKey(),
                    p.gatewayId(), p.mode()));
        }
        AuditKeys wrong = new AuditKeys(List.of(), List.of(), sec, prov);
        for (Profile p : List.of(Profile.AMP_SEC, Profile.AMP_PROV)) {
            for (Role role : Role.values()) {
                List<CapturedFrame> fs = frames(p, role);
                AuditReport r = CaptureAuditor.audit(CaptureFixtures.read(p, role), wrong);
                assertEquals(0, r.micsVerified(), p + " " + role);
                List<Integer> failed = r.findings().stream().map(Finding::frame).toList();
                List<Integer> withMic = new ArrayList<>();
                for (CapturedFrame f : fs) {
                    if (!NO_MIC.contains(type(f))) {
                        withMic.add(f.number());
                    }
                }
                assertEquals(withMic, failed, p + " " + role + ": " + r.findings());
                assertFalse(r.findings().toString().contains(dev.ampbench.protocol.codec.Hex.encode(
                        AMP_SEC.get(0).pmk().bytes())), "no key in a finding");
            }
        }
    }
}
