package dev.ampbench.bench.powercut;

import dev.ampbench.bench.conductor.Dut;
import dev.ampbench.bench.report.Redactor;
import dev.ampbench.protocol.crypto.KeyMaterial;
import java.lang.reflect.RecordComponent;

/**
 * Registers every key of a DUT's personalization records (each record component of type {@link KeyMaterial}: root
 * keys, PMKs, private keys, serial numbers) with a {@link Redactor}, so that no campaign output (results file,
 * Allure) can carry one even if a message ever quoted it.
 */
public final class SecretRegistry {
    private SecretRegistry() {
    }

    /** @return how many keys were registered */
    public static int register(Dut dut, Redactor redactor) {
        int n = 0;
        for (Object record : dut.secrets(Object.class)) {
            if (!record.getClass().isRecord()) {
                continue;
            }
            for (RecordComponent c : record.getClass().getRecordComponents()) {
                if (c.getType() != KeyMaterial.class) {
                    continue;
                }
                try {
                    KeyMaterial k = (KeyMaterial) c.getAccessor().invoke(record);
                    if (k != null && k.length() >= Redactor.MIN_SECRET_BYTES) {
                        redactor.register(c.getName() + " of " + dut.name(), k);
                        n++;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + c.getName() + " of a "
                            + record.getClass().getSimpleName(), e);
                }
            }
        }
        return n;
    }
}
