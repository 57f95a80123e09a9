package dev.ampbench.emulator.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
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
    void aGatewaysDefectBreaksTheGatewaysRuleAndATagsTheProfilesRule() {
        for (Defect d : Defect.values()) {
            for (Profile p : Profile.values()) {
                assertEquals(DefectRules.rule(d, p), DefectRules.rule(d, p, Role.DEVICE), d + " " + p.id());
                DefectRules.rule(d, p, Role.INFRASTRUCTURE).ifPresent(r -> assertTrue(
                        r.id().startsWith(p.rulePrefix() + "-R"), d + " in a " + p.id() + " gateway -> " + r.id()));
            }
        }
        assertEquals("AMP-PROV-R3", DefectRules.rule(Defect.MIC_NOT_CHECKED, Profile.AMP_PROV).orElseThrow().id());
        assertEquals("AMP-PROV-R7", DefectRules.rule(Defect.MIC_NOT_CHECKED, Profile.AMP_PROV, Role.INFRASTRUCTURE)
                .orElseThrow().id());
        assertEquals("AMP-SEC-R4", DefectRules.rule(Defect.NONCE_NOT_FRESH, Profile.AMP_SEC, Role.INFRASTRUCTURE)
                .orElseThrow().id());
        assertEquals("LORAWAN-R1", DefectRules.rule(Defect.CRASH_ON_TRUNCATED_FRAME, Profile.LORAWAN,
                Role.INFRASTRUCTURE).orElseThrow().id());
        assertTrue(DefectRules.rule(Defect.LEAVES_PROVISIONING_EARLY, Profile.AMP_PROV, Role.INFRASTRUCTURE)
                .isEmpty(), "provisioning mode is the tag's");
    }

    @Test
    void theCatalogHasTheDefectsTheLabAskedFor() {
        assertTrue(Defect.values().length >= 12);
        assertEquals(Defect.MIC_NOT_CHECKED, Defect.byCliName("mic-not-checked").orElseThrow());
        assertTrue(Defect.byCliName("no-such-defect").isEmpty());
    }
}
