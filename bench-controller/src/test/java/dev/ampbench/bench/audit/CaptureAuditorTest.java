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

    /** The index of the first (or, {@code last}, the last) frame of the given type. */
    private static int index(List<CapturedFrame> fs, String type, boolean last) throws Exception {
        int found = -1;
        for (int i = 0; i < fs.size(); i++) {
            CapturedFrame f = fs.get(i);
            if (dev.ampbench.protocol.Profiles.codec(f.profile().orElseThrow()).decode(f.frame()).type().equals(type)) {
                found = i;
                if (!last) {
                    return i;
                }
            }
        }
        if (found < 0) {
            throw new AssertionError("no " + type + " in the golden capture");
        }
        return found;
    }

    private static long u32(byte[] b, int at) {
        return java.nio.ByteBuffer.wrap(b, at, 4).getInt() & 0xFFFFFFFFL;
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
        assertOnly(audit(fs), fs.size(), "AMP-PROV-R2", "TagNonce");
    }

    @Test
    void aRolledBackKeyCounterIsAmpProvR9AndARepeatedSeqIsR12() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_PROV, Role.DEVICE);
        int last = index(fs, "RES_SENSOR_DATA", true);
        byte[] res = fs.get(last).frame(); // Cntr at 4..7, Seq at 8..11
        long cntr = u32(res, 4);
        long seq = u32(res, 8);
        byte[] forward = res.clone();
        java.nio.ByteBuffer.wrap(forward).putInt(4, (int) cntr + 1).putInt(8, (int) seq + 1); // a new key counter
        byte[] rolled = res.clone();
        java.nio.ByteBuffer.wrap(rolled).putInt(8, (int) seq + 2); // back under the old key counter
        List<CapturedFrame> a = new ArrayList<>(fs);
        a.add(CaptureFixtures.withBytes(fs.get(last), forward));
        a.add(CaptureFixtures.withBytes(fs.get(last), rolled));
        assertOnly(audit(a), fs.size() + 2, "AMP-PROV-R9", "Cntr " + cntr + " after " + (cntr + 1) + " in frame "
                + (fs.size() + 1));

        List<CapturedFrame> b = new ArrayList<>(fs);
        b.add(CaptureFixtures.withBytes(fs.get(last), res));
        assertOnly(audit(b), fs.size() + 1, "AMP-PROV-R12", "Seq " + seq + " repeated after " + seq + " in frame "
                + (last + 1));
    }

    @Test
    void aRolledBackFrameCounterIsLoRaWanR6AndARepeatedDevNonceR2() throws Exception {
        List<CapturedFrame> fs = frames(Profile.LORAWAN, Role.DEVICE);
        int lastUp = index(fs, "UnconfirmedDataUp", true);
        byte[] up = fs.get(lastUp).frame(); // FCnt LE at 6..7
        long fcnt = (up[6] & 0xFF) | (up[7] & 0xFF) << 8;
        byte[] later = up.clone();
        later[6] = (byte) (fcnt + 5);
        byte[] back = up.clone();
        back[6] = (byte) (fcnt + 2);
        fs.add(CaptureFixtures.withBytes(fs.get(lastUp), later));
        fs.add(CaptureFixtures.withBytes(fs.get(lastUp), back));
        // every air frame is two packets (ampbench + LoRaTap): air frame i (0-based) is packet 2i + 1
        int laterNo = 2 * (fs.size() - 2) + 1;
        assertOnly(audit(fs), laterNo + 2, "LORAWAN-R6", "FCnt " + (fcnt + 2) + " rolled back after " + (fcnt + 5)
                + " in frame " + laterNo);

        List<CapturedFrame> j = frames(Profile.LORAWAN, Role.DEVICE);
        j.add(CaptureFixtures.withBytes(j.get(0), j.get(0).frame())); // the first JoinRequest again, its DevNonce
        assertOnly(audit(j), 2 * (j.size() - 1) + 1, "LORAWAN-R2", "DevNonce");
    }

    @Test
    void framesOutOfOrderAndUndecodableFramesAreNamed() throws Exception {
        List<CapturedFrame> fs = frames(Profile.AMP_SEC, Role.DEVICE);
        int confirm = index(fs, "Confirm", false);
        fs.add(CaptureFixtures.withBytes(fs.get(confirm), fs.get(confirm).frame())); // no Response before it
        assertOnly(audit(fs), fs.size(), "AMP-SEC-R15", "Confirm with no Response outstanding");

        List<CapturedFrame> g = frames(Profile.AIOT_S9, Role.INFRASTRUCTURE);
        g.add(CaptureFixtures.withBytes(g.get(1), new byte[] {(byte) 0x7E, 0, 1}));
        assertOnly(audit(g), 5, "AIOT-S9-R1", "does not decode");
    }

    /** The emulated DUTs' keys (bench-controller's test providers: lorawan seed 4242, aiot-s9 seed 77). */
    private static final AuditKeys EMULATOR_KEYS = new AuditKeys(
            dev.ampbench.emulator.firmware.LoRaWanFirmware.identities(4242, 4),
            dev.ampbench.emulator.firmware.AiotS9Firmware.identities(77, 3));

    @Test
    void withTheDevicesKeysEveryMicOfTheGoldenCapturesVerifies() throws Exception {
        for (Profile p : List.of(Profile.LORAWAN, Profile.AIOT_S9)) {
            for (Role role : Role.values()) {
                AuditReport r = CaptureAuditor.audit(CaptureFixtures.read(p, role), EMULATOR_KEYS);
                assertTrue(r.clean(), p + " " + role + ": " + r.findings());
                assertEquals(r.framesChecked(), r.micsVerified(), p + " " + role + ": every frame's MIC checked");
            }
        }
        assertEquals(0, CaptureAuditor.audit(CaptureFixtures.read(Profile.LORAWAN, Role.DEVICE)).micsVerified(),
                "no keys, no MIC verdicts");
    }

    @Test
    void aCorruptedMicIsLoRaWanR4OrAiotS9R5AtItsFrame() throws Exception {
        List<CapturedFrame> lora = frames(Profile.LORAWAN, Role.DEVICE);
        int k = index(lora, "ConfirmedDataUp", false);
        byte[] up = lora.get(k).frame();
        up[up.length - 1] ^= 0x01;
        lora.set(k, CaptureFixtures.withBytes(lora.get(k), up));
        AuditReport r = CaptureAuditor.audit(PcapngReader.read(CaptureFixtures.rewrite(lora)), EMULATOR_KEYS);
        assertOnly(r, 2 * k + 1, "LORAWAN-R4", "ConfirmedDataUp MIC of DevAddr");

        List<CapturedFrame> s9 = frames(Profile.AIOT_S9, Role.DEVICE);
        byte[] res = s9.get(3).frame(); // CommandResponse
        res[res.length - 1] ^= 0x01;
        s9.set(3, CaptureFixtures.withBytes(s9.get(3), res));
        r = CaptureAuditor.audit(PcapngReader.read(CaptureFixtures.rewrite(s9)), EMULATOR_KEYS);
        assertOnly(r, 4, "AIOT-S9-R5", "CommandResponse Mac does not verify");
    }

    @Test
    void aTruncatedCaptureIsJudgedUpToItsLastFrameAndSaysSo() throws Exception {
        byte[] whole = java.nio.file.Files.readAllBytes(CaptureFixtures.golden(Profile.AMP_SEC, Role.DEVICE));
        Capture c = PcapngReader.read(java.util.Arrays.copyOf(whole, whole.length - 10));
        AuditReport r = CaptureAuditor.audit(c);
        assertEquals(CaptureFixtures.read(Profile.AMP_SEC, Role.DEVICE).frames().size() - 1, r.framesChecked());
        assertTrue(r.clean());
        assertTrue(r.truncatedTail().isPresent());
    }
}
