package dev.ampbench.protocol.ampsec;

import static dev.ampbench.protocol.ampsec.Fixtures.AA;
import static dev.ampbench.protocol.ampsec.Fixtures.PMK;
import static dev.ampbench.protocol.ampsec.Fixtures.SA;
import static dev.ampbench.protocol.ampsec.Fixtures.transmitted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.ampbench.protocol.ampsec.AmpSecMicObserver.Status;
import dev.ampbench.protocol.ampsec.AmpSecMicObserver.Verdict;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The passive amp-sec MIC observer against this profile's own AP and STA machines: a handshake with UlData, data
 * both ways, a PmkUpdate the STA commits, and a second handshake under PMK generation 1 with data after it.
 */
class AmpSecMicObserverTest {
    /** The air, in order; which frames carry which MIC is stated here from the spec, not asked of the observer. */
    private static final List<byte[]> AIR = transcript();
    /** Trigger, Response(+UlData), Confirm, DownlinkData, UplinkData, PmkUpdate, Trigger, Response, Confirm, DL. */
    private static final List<Status> EXPECTED = List.of(Status.NO_KEYS, Status.VERIFIED, Status.VERIFIED,
            Status.VERIFIED, Status.VERIFIED, Status.VERIFIED, Status.NO_KEYS, Status.VERIFIED, Status.VERIFIED,
            Status.VERIFIED);

    private static List<byte[]> transcript() {
        AmpSecPersonalization p = Fixtures.personalization();
        AmpSecAccessPoint ap = new AmpSecAccessPoint(AA, AmpSecParameters.DEFAULT, List.of(p), Fixtures.context(1),
                Set.of());
        AmpSecStation sta = new AmpSecStation(p, Fixtures.context(2), Set.of());
        List<byte[]> air = new ArrayList<>();
        sta.sendData("early".getBytes(StandardCharsets.US_ASCII)); // rides the Response as UlData
        for (int round = 0; round < 2; round++) {
            byte[] trigger = transmitted(ap.trigger());
            byte[] response = transmitted(sta.receive(trigger));
            byte[] confirm = transmitted(ap.receive(response));
            sta.receive(confirm);
            byte[] down = transmitted(ap.sendData(SA, "down".getBytes(StandardCharsets.US_ASCII)));
            sta.receive(down);
            air.addAll(List.of(trigger, response, confirm, down));
            if (round == 0) {
                byte[] up = transmitted(sta.sendData("up".getBytes(StandardCharsets.US_ASCII)));
                ap.receive(up);
                byte[] update = transmitted(ap.updatePmk(SA));
                sta.receive(update);
                air.addAll(List.of(up, update));
            }
        }
        return air;
    }

    private static List<Verdict> observe(List<AmpSecPersonalization> keys, List<byte[]> air) {
        AmpSecMicObserver o = new AmpSecMicObserver(keys);
        List<Verdict> out = new ArrayList<>();
        for (byte[] f : air) {
            try {
                out.add(o.observe(f));
            } catch (FrameDecodeException malformed) {
                out.add(null); // the auditor reports AMP-SEC-R1 for it; the observer never sees it
            }
        }
        return out;
    }

    private static List<Status> statuses(List<Verdict> vs) {
        return vs.stream().map(v -> v == null ? null : v.status()).toList();
    }

    @Test
    void theSecondHandshakeRunsUnderTheUpdatedGeneration() throws Exception {
        assertEquals(0, ResponseFrame.decode(AIR.get(1)).pmkGeneration());
        assertEquals(1, ResponseFrame.decode(AIR.get(7)).pmkGeneration());
        assertNotEquals(0, ResponseFrame.decode(AIR.get(1)).sealedUlData().length, "the first Response has UlData");
    }

    @Test
    void everyMicOfACorrectExchangeVerifiesAcrossAPmkUpdate() {
        assertEquals(EXPECTED, statuses(observe(List.of(Fixtures.personalization()), AIR)));
    }

    @Test
    void aWrongPmkFailsEveryMicWithR7AndNeverThrows() {
        byte[] pmk = PMK.bytes();
        pmk[31] ^= 0x01;
        List<Verdict> vs = observe(List.of(new AmpSecPersonalization(AA, SA, KeyMaterial.of(pmk), 0,
                AmpSecParameters.DEFAULT)), AIR);
        for (int i = 0; i < vs.size(); i++) {
            Status want = EXPECTED.get(i) == Status.VERIFIED ? Status.FAILED : Status.NO_KEYS;
            assertEquals(want, vs.get(i).status(), "frame " + i + ": " + vs.get(i));
            if (want == Status.FAILED) {
                assertEquals("AMP-SEC-R7", vs.get(i).rule().id());
            }
        }
    }

    @Test
    void aPmkOfALaterGenerationChecksOnlyTheHandshakesUnderIt() {
        KeyMaterial pmk1 = AmpSecKeySchedule.nextPmk(AmpSecAkm.CMAC_KDF_SHA256, PMK, AA, SA, 1);
        List<Status> got = statuses(observe(List.of(new AmpSecPersonalization(AA, SA, pmk1, 1,
                AmpSecParameters.DEFAULT)), AIR));
        assertEquals(List.of(Status.NO_KEYS, Status.NO_KEYS, Status.NO_KEYS, Status.NO_KEYS, Status.NO_KEYS,
                Status.NO_KEYS, Status.NO_KEYS, Status.VERIFIED, Status.VERIFIED, Status.VERIFIED), got);
    }

    @Test
    void aConfirmSentAgainVerifiesAgainAndAForeignOneIsNotJudged() {
        List<byte[]> air = new ArrayList<>(AIR.subList(0, 3));
        air.add(AIR.get(2)); // the AP repeats its Confirm
        air.add(AIR.get(8)); // the second handshake's Confirm, without its Trigger and Response
        assertEquals(List.of(Status.NO_KEYS, Status.VERIFIED, Status.VERIFIED, Status.VERIFIED, Status.NO_KEYS),
                statuses(observe(List.of(Fixtures.personalization()), air)));
    }

    @Test
    void anotherPairsPmkChecksNothing() {
        byte[] sa = SA.clone();
        sa[5] ^= 0x01;
        List<Status> got = statuses(observe(List.of(Fixtures.personalization(sa)), AIR));
        assertFalse(got.contains(Status.VERIFIED) || got.contains(Status.FAILED), got.toString());
    }

    /**
     * One bit flipped anywhere in the air: the frame it lands in (or, for a Trigger, the Response its MIC input
     * feeds) never verifies; a flip in a MIC fails exactly that frame with AMP-SEC-R7 and leaves the frames before
     * it verified.
     */
    @Property(tries = 300)
    void aFlippedBitNeverVerifies(@ForAll @IntRange(min = 0, max = 9) int frame,
                                  @ForAll @IntRange(min = 0, max = 100_000) int bitSeed) {
        List<byte[]> air = new ArrayList<>(AIR.stream().map(byte[]::clone).toList());
        byte[] f = air.get(frame);
        int bit = bitSeed % (f.length * 8);
        f[bit / 8] ^= (byte) (1 << (bit % 8));
        List<Verdict> vs = observe(List.of(Fixtures.personalization()), air);
        int judged = EXPECTED.get(frame) == Status.NO_KEYS ? frame + 1 : frame; // a Trigger: its Response
        Verdict v = vs.get(judged);
        if (v != null) {
            assertNotEquals(Status.VERIFIED, v.status(), "bit " + bit + " of frame " + frame + ": " + v);
        }
        for (int i = 0; i < frame; i++) {
            assertEquals(EXPECTED.get(i), vs.get(i).status(), "frame " + i + " before the flip");
        }
        int micLength = frame == 3 || frame == 4 || frame == 9 ? AmpSecCcm.TAG_LENGTH : AmpSecAkm.MIC_LENGTH;
        if (EXPECTED.get(frame) == Status.VERIFIED && bit >= (f.length - micLength) * 8) {
            assertEquals(Status.FAILED, v.status(), "a flip in the MIC of frame " + frame);
            assertEquals("AMP-SEC-R7", v.rule().id());
        }
    }
}
