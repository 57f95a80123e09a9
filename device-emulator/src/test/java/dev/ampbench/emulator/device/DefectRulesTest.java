package dev.ampbench.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.Profile;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DefectRulesTest {

    @Test
    void everyDefectBreaksARuleOfAtLeastOneProfileAndOnlyRulesOfThatProfile() {
        for (Defect d : Defect.values()) {
            Set<Profile> where = EnumSet.noneOf(Profile.class);
            for (Profile p : Profile.values()) {
                DefectRules.rule(d, p).ifPresent(r -> {
                    assertTrue(r.id().startsWith(p.rulePrefix() + "-R"), d + " in " + p.id() + " -> " + r.id());
                    where.add(p);
                });
            }
            assertTrue(!where.isEmpty(), d.cliName() + " breaks no rule of any profile");
        }
    }

    @Test
    void theCatalogHasTheDefectsTheLabAskedFor() {
        assertTrue(Defect.values().length >= 12);
        assertEquals(Defect.MIC_NOT_CHECKED, Defect.byCliName("mic-not-checked").orElseThrow());
        assertTrue(Defect.byCliName("no-such-defect").isEmpty());
    }
}
