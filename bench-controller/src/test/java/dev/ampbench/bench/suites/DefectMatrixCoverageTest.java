package dev.ampbench.bench.suites;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.DefectRules;
import dev.ampbench.protocol.Profile;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The four suite matrices together are the proof ("for every defect in the emulator's catalog, at least one
 * test fails and names the broken rule"): this test keeps their defect lists honest, so a defect added to the
 * catalog, or one a profile gains, cannot be left out of every matrix unnoticed.
 */
class DefectMatrixCoverageTest {
    private static final Map<Profile, List<Set<Defect>>> MATRICES = Map.of(
            Profile.AMP_SEC, List.of(EnumSet.copyOf(AmpSecSuiteMatrixTest.TAG_DEFECTS),
                    EnumSet.copyOf(AmpSecSuiteMatrixTest.GATEWAY_DEFECTS)),
            Profile.AMP_PROV, List.of(EnumSet.copyOf(AmpProvSuiteMatrixTest.TAG_DEFECTS),
                    EnumSet.copyOf(AmpProvSuiteMatrixTest.GATEWAY_DEFECTS)),
            Profile.AIOT_S9, List.of(EnumSet.copyOf(AiotS9SuiteMatrixTest.TAG_DEFECTS),
                    EnumSet.copyOf(AiotS9SuiteMatrixTest.GATEWAY_DEFECTS)),
            Profile.LORAWAN, List.of(EnumSet.copyOf(LoRaWanSuiteMatrixTest.TAG_DEFECTS.keySet()),
                    EnumSet.copyOf(LoRaWanSuiteMatrixTest.GATEWAY_DEFECTS.keySet())));

    @Test
    void everyDefectOfTheCatalogIsInSomeMatrix() {
        List<Defect> nowhere = new ArrayList<>();
        for (Defect d : Defect.values()) {
            if (MATRICES.values().stream().flatMap(List::stream).noneMatch(s -> s.contains(d))) {
                nowhere.add(d);
            }
        }
        assertTrue(nowhere.isEmpty(), "defects no suite matrix runs: " + nowhere);
    }

    @Test
    void everyDefectAProfileCanExhibitIsInThatProfilesMatrix() {
        List<String> missing = new ArrayList<>();
        for (Profile p : Profile.values()) {
            for (Defect d : Defect.values()) {
                if (DefectRules.rule(d, p).isPresent()
                        && MATRICES.get(p).stream().noneMatch(s -> s.contains(d))) {
                    missing.add(p.id() + ": " + d.cliName());
                }
            }
        }
        assertTrue(missing.isEmpty(), "defects a profile can exhibit that its matrix never runs: " + missing);
    }
}
