package dev.ampbench.bench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.capture.Capture;
import dev.ampbench.bench.capture.CaptureFixtures;
import dev.ampbench.bench.capture.CapturedFrame;
import dev.ampbench.bench.capture.PcapngReader;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden captures doctored the way a faulty device would: the auditor names the rule and the frame. */
class CaptureAuditorTest {

    private static List<CapturedFrame> frames(Profile p, Role r) throws Exception {
        return new ArrayList<>(CaptureFixtures.read(p, r).ampbenchFrames());
    }

    private static AuditReport audit(List<CapturedFrame> frames) throws Exception {
        Capture c = PcapngReader.read(CaptureFixtures.rewrite(frames));
        return CaptureAuditor.audit(c);
    }

    private static void assertOnly(AuditReport r, int frame, String rule, String says) {
        assertEquals(1, r.findings().size(), r.findings().toString());
        Finding f = r.findings().get(0);
        assertEquals(frame, f.frame(), f.toString());
        assertEquals(rule, f.rule().id(), f.toString());
        assertTrue(f.message().contains(says), f.toString());
    }

    @Test
    void aRepeatedDeviceNonceIsAiotS9R4AtTheFrameThatRepeatsIt() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AIOT_S9, Role.DEVICE);
        // a fresh Command (new network nonce) answered with the DeviceNonce of frame 4's CommandResponse
        byte[] cmd = fs.get(2).frame();
        cmd[10] ^= 0x5A; // NetworkNonce (octets 3..10) changed: the bench's command is new
        fs.add(CaptureFixtures.withBytes(fs.get(2), cmd));
        fs.add(CaptureFixtures.withBytes(fs.get(3), fs.get(3).frame()));
        AuditReport r = audit(fs);
        assertOnly(r, 8, "AIOT-S9-R4", "reused: first seen in frame 4");
    }

    @Test
    void aRepeatedTagNonceIsAmpProvR2() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_PROV, Role.DEVICE);
        fs.add(CaptureFixtures.withBytes(fs.get(0), fs.get(0).frame())); // a new beacon
        fs.add(CaptureFixtures.withBytes(fs.get(1), fs.get(1).frame())); // the same PROV_REQUEST again
        assertOnly(audit(fs), 8, "AMP-PROV-R2", "TagNonce");
    }

    @Test
    void aRolledBackKeyCounterIsAmpProvR9AndARepeatedSeqIsR12() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_PROV, Role.DEVICE);
        byte[] res = fs.get(5).frame(); // RES_SENSOR_DATA: Cntr at 4..7 = 0, Seq at 8..11 = 1
        assertEquals(0, res[7]);
        assertEquals(1, res[11]);
        byte[] forward = res.clone();
        forward[7] = 1; // key counter 1
        forward[11] = 2;
        byte[] rolled = res.clone();
        rolled[11] = 3; // back under key counter 0
        List<CapturedFrame> a = new ArrayList<>(fs);
        a.add(CaptureFixtures.withBytes(fs.get(5), forward));
        a.add(CaptureFixtures.withBytes(fs.get(5), rolled));
        assertOnly(audit(a), 8, "AMP-PROV-R9", "Cntr 0 after 1 in frame 7");

        List<CapturedFrame> b = new ArrayList<>(fs);
        b.add(CaptureFixtures.withBytes(fs.get(5), res));
        assertOnly(audit(b), 7, "AMP-PROV-R12", "Seq 1 repeated after 1 in frame 6");
    }

    @Test
    void aRolledBackFrameCounterIsLoRaWanR6AndARepeatedDevNonceR2() throws Exception {
        List<CapturedFrame> fs = frames(Profile.LORAWAN, Role.DEVICE);
        byte[] up = fs.get(2).frame(); // ConfirmedDataUp, FCnt LE at 6..7
        long fcnt = (up[6] & 0xFF) | (up[7] & 0xFF) << 8;
        byte[] later = up.clone();
        later[6] = (byte) (fcnt + 5);
        byte[] back = up.clone();
        back[6] = (byte) (fcnt + 2);
        fs.add(CaptureFixtures.withBytes(fs.get(2), later));
        fs.add(CaptureFixtures.withBytes(fs.get(2), back));
        // packets: 4 golden air frames (numbers 1,3,5,7 with their LoRaTap copies) + 9, 11
        assertOnly(audit(fs), 11, "LORAWAN-R6", "FCnt " + (fcnt + 2) + " rolled back after " + (fcnt + 5)
                + " in frame 9");

        List<CapturedFrame> j = frames(Profile.LORAWAN, Role.DEVICE);
        j.add(CaptureFixtures.withBytes(j.get(0), j.get(0).frame())); // the same JoinRequest, same DevNonce
        assertOnly(audit(j), 9, "LORAWAN-R2", "DevNonce");
    }

    @Test
    void framesOutOfOrderAndUndecodableFramesAreNamed() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_SEC, Role.DEVICE);
        fs.add(CaptureFixtures.withBytes(fs.get(2), fs.get(2).frame())); // a second Confirm, no Response before it
        assertOnly(audit(fs), 4, "AMP-SEC-R15", "Confirm with no Response outstanding");

        List<CapturedFrame> g = frames(Profile.AIOT_S9, Role.INFRASTRUCTURE);
        g.add(CaptureFixtures.withBytes(g.get(1), new byte[] {(byte) 0x7E, 0, 1}));
        assertOnly(audit(g), 5, "AIOT-S9-R1", "does not decode");
    }

    @Test
    void aTruncatedCaptureIsJudgedUpToItsLastFrameAndSaysSo() throws Exception {
        byte[] whole = java.nio.file.Files.readAllBytes(CaptureFixtures.golden(Profile.AMP_SEC, Role.DEVICE));
        Capture c = PcapngReader.read(java.util.Arrays.copyOf(whole, whole.length - 10));
        AuditReport r = CaptureAuditor.audit(c);
        assertEquals(2, r.framesChecked());
        assertTrue(r.clean());
        assertTrue(r.truncatedTail().isPresent());
    }
}
