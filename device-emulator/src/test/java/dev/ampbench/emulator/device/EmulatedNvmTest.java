package dev.ampbench.emulator.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class EmulatedNvmTest {

    @Test
    void readsBackWhatWasWritten() {
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.AB_SLOTS);
        assertTrue(nvm.read("k").isEmpty());
        nvm.write("k", new byte[] {1, 2});
        nvm.write("k", new byte[] {3, 4, 5});
        assertArrayEquals(new byte[] {3, 4, 5}, nvm.read("k").orElseThrow());
        nvm.erase("k");
        assertTrue(nvm.read("k").isEmpty());
    }

    @Property(tries = 300)
    void aTornWriteWithAbSlotsLeavesThePreviousValue(@ForAll @Size(min = 1, max = 32) byte[] before,
                                                     @ForAll @Size(min = 1, max = 32) byte[] after,
                                                     @ForAll @IntRange(max = 40) int tearAt,
                                                     @ForAll @IntRange(max = 3) int earlierWrites) {
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.AB_SLOTS);
        for (int i = 0; i < earlierWrites; i++) {
            nvm.write("ctr", new byte[] {(byte) i});
        }
        nvm.write("ctr", before);
        nvm.armTear(w -> w.key().equals("ctr"), tearAt);
        assertThrows(PowerLossException.class, () -> nvm.write("ctr", after));
        assertArrayEquals(before, nvm.read("ctr").orElseThrow());
        // The next complete write wins again.
        nvm.write("ctr", after);
        assertArrayEquals(after, nvm.read("ctr").orElseThrow());
    }

    @Test
    void aTornWriteInASingleSlotLeavesHalfNewHalfErased() {
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.SINGLE_SLOT);
        nvm.write("ctr", new byte[] {0, 0, 0, 5});
        nvm.armTear(w -> true, 2);
        assertThrows(PowerLossException.class, () -> nvm.write("ctr", new byte[] {0, 0, 0, 6}));
        assertArrayEquals(new byte[] {0, 0, (byte) 0xff, (byte) 0xff}, nvm.read("ctr").orElseThrow());
    }

    @Test
    void aTornFirstWriteLeavesNothingWithAbSlots() {
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.AB_SLOTS);
        nvm.armTear(w -> true, 1);
        assertThrows(PowerLossException.class, () -> nvm.write("addr", new byte[] {9, 9}));
        assertTrue(nvm.read("addr").isEmpty());
    }

    @Test
    void listenersHearBeginAndEndAndATearIsOneShot() {
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.AB_SLOTS);
        List<String> heard = new ArrayList<>();
        nvm.addListener(new EmulatedNvm.Listener() {
            @Override
            public void writeStarted(EmulatedNvm.NvWrite w) {
                heard.add("begin " + w.key() + " #" + w.sequence());
            }

            @Override
            public void writeFinished(EmulatedNvm.NvWrite w) {
                heard.add("end " + w.key() + " #" + w.sequence());
            }
        });
        nvm.write("a", new byte[1]);
        nvm.armTear(w -> w.key().equals("b"), 0);
        assertThrows(PowerLossException.class, () -> nvm.write("b", new byte[1]));
        nvm.write("b", new byte[1]);
        assertEquals(List.of("begin a #1", "end a #1", "begin b #2", "begin b #3", "end b #3"), heard);
        assertEquals(2L, nvm.writeCounts().get("b"));
    }

    @Test
    void powerLostDuringProgrammingTearsTheWriteWhereItWas() {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        // Power is present for the first three byte checks, then gone: the brown-out lands inside the write.
        EmulatedNvm nvm = new EmulatedNvm(EmulatedNvm.Discipline.SINGLE_SLOT, () -> checks.incrementAndGet() <= 3, 0);
        PowerLossException e = assertThrows(PowerLossException.class, () -> nvm.write("k", new byte[] {1, 2, 3, 4, 5}));
        assertTrue(e.getMessage().contains("after 3 of 5 bytes"), e.getMessage());
        assertArrayEquals(new byte[] {1, 2, 3, (byte) 0xff, (byte) 0xff}, nvm.read("k").orElseThrow());
    }
}
