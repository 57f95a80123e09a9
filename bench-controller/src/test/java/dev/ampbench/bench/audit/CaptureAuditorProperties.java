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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever a field capture holds, the auditor answers with findings, never an exception, and keeps frame numbers. */
class CaptureAuditorProperties {

    private static final AuditKeys KEYS = new AuditKeys(
            dev.ampbench.emulator.firmware.LoRaWanFirmware.identities(4242, 4),
            dev.ampbench.emulator.firmware.AiotS9Firmware.identities(77, 3), CaptureAuditorAmpKeysTest.AMP_SEC,
            CaptureAuditorAmpKeysTest.AMP_PROV);

    record Edit(int frame, int offset, int value, boolean duplicate) {
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        return Combinators.combine(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, 120),
                Arbitraries.integers().between(0, 255), Arbitraries.of(true, false)).as(Edit::new).list().ofMaxSize(6);
    }

    @Property(tries = 300)
    void doctoredGoldenCapturesGiveFindingsNeverExceptions(@ForAll Profile profile, @ForAll Role role,
                                                           @ForAll("edits") List<Edit> edits) throws Exception {
        List<CapturedFrame> frames = new ArrayList<>(CaptureFixtures.read(profile, role).ampbenchFrames());
        for (Edit e : edits) {
            int i = e.frame() % frames.size();
            byte[] b = frames.get(i).frame();
            if (b.length > 0) {
                b[e.offset() % b.length] = (byte) e.value();
            }
            CapturedFrame doctored = CaptureFixtures.withBytes(frames.get(i), b);
            if (e.duplicate()) {
                frames.add(doctored);
            } else {
                frames.set(i, doctored);
            }
        }
        Capture c = PcapngReader.read(CaptureFixtures.rewrite(frames));
        AuditReport r = CaptureAuditor.audit(c, KEYS);
        assertEquals(frames.size(), r.framesChecked());
        int last = c.frames().size();
        for (Finding f : r.findings()) {
            assertTrue(f.frame() >= 1 && f.frame() <= last, f.toString());
            assertTrue(f.rule().id().startsWith(profile.rulePrefix() + "-"), f.toString());
        }
        if (edits.isEmpty()) {
            assertTrue(r.clean(), r.findings().toString());
        }
    }
}
