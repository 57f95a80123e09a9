package dev.ampbench.fuzz;

import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.firmware.LoRaWanFirmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.seal.FrameSealers;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway campaigns against the protocol module's gateway machines in process: the bench plays a tag of the table,
 * the frames mutated are the tag's, and a gateway's defect is reported by the gateway's own rule.
 */
class GatewayCampaignTest {

    private static MachineTarget gateway(Profile p, List<?> table, Set<Deviation> deviations, long seed) {
        FirmwareCatalog.Batch b = FirmwareCatalog.representative(p, Role.INFRASTRUCTURE, seed);
        Scenario s = Scenario.forGateway(p, table);
        return new MachineTarget(ctx -> b.firmware().get(0).boot(ctx, deviations), s.actions(),
                new SeededRandomSource(seed));
    }

    private static Campaign.Summary run(Profile p, Set<Deviation> deviations, long seed, int cases) throws Exception {
        return run(p, deviations, seed, cases, MicMode.RAW);
    }

    private static Campaign.Summary run(Profile p, Set<Deviation> deviations, long seed, int cases, MicMode mode)
            throws Exception {
        List<?> table = FirmwareCatalog.representative(p, Role.INFRASTRUCTURE, seed).identities();
        return new Campaign(Scenario.forGateway(p, table), gateway(p, table, deviations, seed),
                Campaign.Settings.cases(seed, cases), f -> {
                }).micMode(mode, () -> FrameSealers.forGateway(p, Scenario.gatewayTag(p, table))).run();
    }

    @Test
    void aConformingGatewayGivesNoFindingWhenTheBenchTagsFramesAreResealed() throws Exception {
        for (MicMode mode : List.of(MicMode.FIXUP, MicMode.MIXED)) {
            for (Profile p : Profile.values()) {
                Campaign.Summary s = run(p, Set.of(), 7, 1500, mode);
                assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList(),
                        p.id() + " " + mode.cliName());
                assertEquals(0, s.incomplete(), p.id() + " " + mode.cliName());
            }
        }
    }

    @Test
    void anAiotS9GatewayThatSkipsItsMacCheckIsStillFoundInMixedMode() throws Exception {
        // aiot-s9: a gateway that does not check a response's Mac is found by its rule (R5) in mixed mode too.
        assertTrue(rules(run(Profile.AIOT_S9, Set.of(Deviation.MIC_NOT_CHECKED), 3, 600, MicMode.MIXED))
                .contains("AIOT-S9-R5"));
    }

    @Test
    void aConformingGatewayGivesNoFindingAndTheBenchTagCompletesEveryExchange() throws Exception {
        for (Profile p : Profile.values()) {
            Campaign.Summary s = run(p, Set.of(), 5, 600);
            assertEquals(List.of(), s.findings().stream().map(Finding::headline).toList(), p.id());
            assertEquals(0, s.incomplete(), p.id());
            assertEquals(0, s.recoveries(), p.id());
            assertTrue(s.resumed() > 300, p.id() + ": most cases start from the kept state, " + s.resumed());
        }
    }

    @Test
    void aGatewaysDeviationsAreFoundWithTheGatewaysRule() throws Exception {
        // amp-prov: the gateway's MIC check is the PROV_CONFIRM's (R7), not the tag's (R3).
        assertTrue(rules(run(Profile.AMP_PROV, Set.of(Deviation.MIC_NOT_CHECKED), 3, 600)).contains("AMP-PROV-R7"));
        assertTrue(rules(run(Profile.AMP_SEC, Set.of(Deviation.NONCE_NOT_FRESH), 3, 600)).contains("AMP-SEC-R4"));
        assertTrue(rules(run(Profile.AMP_SEC, Set.of(Deviation.REPLAY_ACCEPTED), 3, 600)).contains("AMP-SEC-R10"));
        assertTrue(rules(run(Profile.AIOT_S9, Set.of(Deviation.POLICY_DOWNGRADE_ACCEPTED), 3, 600))
                .contains("AIOT-S9-R6"));
        // aiot-s9: the bench's device refuses the repeated NetworkNonce by its own rule (R7); the gateway broke R3.
        assertEquals(List.of("AIOT-S9-R3"), rules(run(Profile.AIOT_S9, Set.of(Deviation.NONCE_NOT_FRESH), 3, 600)));
    }

    @Test
    void aJoinServersRepeatedJoinNonceIsFoundThoughItTravelsEncrypted() throws Exception {
        // Only LoRaWAN 1.0.4 identities: the bench's device does not check the JoinNonce (a 1.1 one would refuse
        // the JoinAccept), so only the nonce oracle, decrypting the JoinAccept, can see the repetition.
        List<LoRaWanPersonalization> table = LoRaWanFirmware.identities(9, 4).stream()
                .filter(p -> p.version() == LoRaWanVersion.V1_0_4).toList();
        assertEquals(2, table.size());
        MachineTarget js = new MachineTarget(ctx -> LoRaWanFirmware.gateway(table).boot(ctx,
                Set.of(Deviation.NONCE_NOT_FRESH)), Scenario.forGateway(Profile.LORAWAN, table).actions(),
                new SeededRandomSource(9));
        Campaign.Summary s = new Campaign(Scenario.forGateway(Profile.LORAWAN, table), js,
                Campaign.Settings.cases(9, 3000), f -> {
                }).run();
        Finding f = s.findings().stream().filter(x -> x.oracle() == Finding.Oracle.NONCE_REUSED).findFirst()
                .orElseThrow(() -> new AssertionError("no nonce finding: " + s.findings()));
        assertEquals("LORAWAN-R5", f.rule());
        assertTrue(f.headline().contains("JoinAccept JoinNonce"), f.headline());

        Campaign.Summary clean = new Campaign(Scenario.forGateway(Profile.LORAWAN, table), new MachineTarget(
                ctx -> LoRaWanFirmware.gateway(table).boot(ctx, Set.of()),
                Scenario.forGateway(Profile.LORAWAN, table).actions(), new SeededRandomSource(9)),
                Campaign.Settings.cases(9, 3000), x -> {
                }).run();
        assertEquals(List.of(), clean.findings(), "a conforming Join Server's JoinNonce increases");
    }

    @Test
    void aGatewayScenarioNeedsItsProfilesRecordsAndAGatewayTarget() {
        assertThrows(IllegalArgumentException.class, () -> Scenario.forGateway(Profile.AMP_SEC, List.of()));
        List<?> lorawan = FirmwareCatalog.representative(Profile.LORAWAN, Role.INFRASTRUCTURE, 1).identities();
        assertThrows(IllegalArgumentException.class, () -> Scenario.forGateway(Profile.AMP_SEC, lorawan));
        Scenario s = Scenario.forGateway(Profile.LORAWAN, lorawan);
        assertEquals(Role.INFRASTRUCTURE, s.role());
        assertThrows(IllegalArgumentException.class, () -> new Campaign(s, Samples.tag(Profile.LORAWAN, 1, Set.of()),
                Campaign.Settings.cases(1, 10), f -> {
                }));
    }

    private static List<String> rules(Campaign.Summary s) {
        return s.findings().stream().map(Finding::rule).distinct().toList();
    }
}
