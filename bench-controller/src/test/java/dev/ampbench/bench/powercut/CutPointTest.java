package dev.ampbench.bench.powercut;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CutPointTest {
    @Test
    void labelsNameTheFrameTheDirectionAndThePlace() {
        assertEquals("frame 2 (DUT->bench Response, 58 octets): mid, after octet 29",
                new CutPoint(CutPoint.Kind.MID_FRAME, 2, true, 29, 58, "Response").label());
        assertEquals("frame 1 (bench->DUT Trigger, 48 octets): before (instead of AIR_INJECT)",
                new CutPoint(CutPoint.Kind.BEFORE_FRAME, 1, false, 0, 48, "Trigger").label());
        assertEquals("frame 3 (bench->DUT Confirm, 30 octets): after (on the ACK of AIR_INJECT)",
                new CutPoint(CutPoint.Kind.AFTER_FRAME, 3, false, 0, 30, "Confirm").label());
        assertEquals("NV write 1 (lorawan.devnonce, 8 octets): inside (on NV_WRITE_BEGIN)",
                new CutPoint(CutPoint.Kind.NV_WRITE_BEGIN, 1, true, 0, 8, "lorawan.devnonce").label());
    }

    @Test
    void midFramePositionsAreTheFirstOctetTheMiddleAndTheLast() {
        assertEquals(List.of(1, 24, 47), PowerCutCampaign.midOctets(48, 3));
        assertEquals(List.of(1, 24), PowerCutCampaign.midOctets(48, 2));
        assertEquals(List.of(1, 2), PowerCutCampaign.midOctets(3, 3), "1 is both the first and the middle");
        assertEquals(List.of(1), PowerCutCampaign.midOctets(2, 3), "after octet 1 of 2 is the only inside");
        assertEquals(List.of(), PowerCutCampaign.midOctets(1, 3), "a one-octet frame has no inside");
    }

    /** Mid-frame positions are distinct, inside the frame, and at most as many as asked. */
    @Property
    void midOctetsAreInside(@ForAll @IntRange(min = 1, max = 300) int length, @ForAll @IntRange(max = 3) int how) {
        List<Integer> ks = PowerCutCampaign.midOctets(length, how);
        assertTrue(ks.size() <= how);
        assertEquals(ks.size(), ks.stream().distinct().count());
        assertTrue(ks.stream().allMatch(k -> k >= 1 && k < length));
    }
}
