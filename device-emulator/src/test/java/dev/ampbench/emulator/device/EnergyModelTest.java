package dev.ampbench.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class EnergyModelTest {
    // 10 µW harvest, no idle, 100 µJ store, on at 60, brown-out under 10; 1 µJ per TX byte, 50 µJ per PK op.
    private final EnergyModel model = new EnergyModel(10, 0, 100, 60, 10, 1, 0.5, 2, 50);

    @Test
    void aPublicKeyOperationOnAnEmptyishStoreBrownsTheDeviceOut() {
        EnergyModel.Store s = new EnergyModel.Store(model, 60);
        assertTrue(s.on());
        assertEquals(EnergyModel.Transition.NONE, s.transmit(20));
        assertEquals(EnergyModel.Transition.BROWN_OUT, s.crypto(1, 1));
        assertFalse(s.on());
        assertEquals(1, s.brownOuts());
    }

    @Test
    void harvestingBringsItBackAtTheTurnOnThresholdNotBefore() {
        EnergyModel.Store s = new EnergyModel.Store(model, 0);
        assertFalse(s.on());
        // 10 µW for 5,900 ms = 59 µJ: still below turn-on.
        assertEquals(EnergyModel.Transition.NONE, s.elapse(5_900));
        assertFalse(s.on());
        assertEquals(EnergyModel.Transition.POWER_UP, s.elapse(100));
        assertTrue(s.on());
    }

    @Test
    void theStoreNeverOverflowsItsCapacity() {
        EnergyModel.Store s = new EnergyModel.Store(model, 0);
        s.elapse(1_000_000);
        assertEquals(100.0, s.chargeUj(), 1e-9);
    }

    @Test
    void inconsistentThresholdsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EnergyModel(1, 0, 100, 10, 20, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new EnergyModel(-1, 0, 100, 60, 10, 0, 0, 0, 0));
    }

    @Property(tries = 200)
    void chargeStaysWithinZeroAndCapacity(@ForAll @IntRange(max = 100) int tx, @ForAll @IntRange(max = 20_000) int ms,
                                          @ForAll @IntRange(max = 3) int pk) {
        EnergyModel.Store s = new EnergyModel.Store(EnergyModel.backscatterTag(), 80);
        s.transmit(tx);
        s.elapse(ms);
        s.crypto(1, pk);
        assertTrue(s.chargeUj() >= 0 && s.chargeUj() <= EnergyModel.backscatterTag().capacityUj());
        if (s.on()) {
            assertTrue(s.chargeUj() >= EnergyModel.backscatterTag().brownOutUj(), "running below the brown-out level");
        }
    }
}
