package dev.ampbench.protocol;

import dev.ampbench.protocol.machine.Deviation;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule a gateway breaks by a deviation: its own side's where the profile's rule binds the tag only. */
class GatewayRulesTest {

    private static String gateway(Profile p, Deviation d) {
        return Profiles.ruleBrokenBy(p, Role.INFRASTRUCTURE, d).map(Rule::id).orElse("none");
    }

    @Test
    void aTagBreaksTheProfilesRule() {
        for (Profile p : Profile.values()) {
            for (Deviation d : Deviation.values()) {
                assertEquals(Profiles.ruleBrokenBy(p, d), Profiles.ruleBrokenBy(p, Role.DEVICE, d), p + " " + d);
            }
        }
    }

    @Test
    void aGatewayBreaksItsOwnSidesRule() {
        assertEquals("AMP-PROV-R7", gateway(Profile.AMP_PROV, Deviation.MIC_NOT_CHECKED));
        assertEquals("AMP-PROV-R7", gateway(Profile.AMP_PROV, Deviation.MIC_FIRST_BYTE_ONLY));
        assertEquals("AMP-PROV-R6", gateway(Profile.AMP_PROV, Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals("AMP-PROV-R5", gateway(Profile.AMP_PROV, Deviation.ANSWERS_FOREIGN_ADDRESS));
        assertEquals("none", gateway(Profile.AMP_PROV, Deviation.LEAVES_PROVISIONING_EARLY));
        assertEquals("AMP-SEC-R4", gateway(Profile.AMP_SEC, Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals("AIOT-S9-R9", gateway(Profile.AIOT_S9, Deviation.REPLAY_ACCEPTED));
        assertEquals("AIOT-S9-R3", gateway(Profile.AIOT_S9, Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals("LORAWAN-R5", gateway(Profile.LORAWAN, Deviation.NONCE_REUSED_AFTER_POWER_LOSS));
        assertEquals("LORAWAN-R3", gateway(Profile.LORAWAN, Deviation.COUNTER_RESET_ON_POWER_LOSS));
        // Rules that bind both sides stay as the profile names them.
        assertEquals("AMP-SEC-R7", gateway(Profile.AMP_SEC, Deviation.MIC_NOT_CHECKED));
        assertEquals("LORAWAN-R7", gateway(Profile.LORAWAN, Deviation.REPLAY_ACCEPTED));
        assertEquals("AMP-PROV-R12", gateway(Profile.AMP_PROV, Deviation.REPLAY_ACCEPTED));
    }

    @Test
    void aGatewaysNonceRuleIsTheInfrastructureNonceRuleAlsoAfterPowerLoss() {
        for (Profile p : Profile.values()) {
            Optional<Rule> fresh = Profiles.ruleBrokenBy(p, Role.INFRASTRUCTURE, Deviation.NONCE_NOT_FRESH);
            assertTrue(fresh.isPresent(), p.id());
            assertEquals(fresh, Profiles.ruleBrokenBy(p, Role.INFRASTRUCTURE,
                    Deviation.NONCE_REUSED_AFTER_POWER_LOSS), p.id());
        }
    }
}
