package dev.ampbench.bench.suites;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.List;

/** Every conformance suite of the product, by profile and role. */
public final class Suites {
    private Suites() {
    }

    /** One suite: the class JUnit runs, and the kind of DUT it needs. */
    public record Suite(Profile profile, Role role, Class<?> type) {
        /** The name on the command line: {@code <profile>-<tag|gateway>}. */
        public String name() {
            return profile.id() + "-" + role.cliName();
        }
    }

    public static List<Suite> all() {
        return List.of(
                new Suite(Profile.AIOT_S9, Role.DEVICE, AiotS9TagSuite.class),
                new Suite(Profile.AIOT_S9, Role.INFRASTRUCTURE, AiotS9GatewaySuite.class),
                new Suite(Profile.AMP_SEC, Role.DEVICE, AmpSecTagSuite.class),
                new Suite(Profile.AMP_SEC, Role.INFRASTRUCTURE, AmpSecGatewaySuite.class),
                new Suite(Profile.LORAWAN, Role.DEVICE, LoRaWanTagSuite.class),
                new Suite(Profile.LORAWAN, Role.INFRASTRUCTURE, LoRaWanGatewaySuite.class),
                new Suite(Profile.AMP_PROV, Role.DEVICE, AmpProvTagSuite.class),
                new Suite(Profile.AMP_PROV, Role.INFRASTRUCTURE, AmpProvGatewaySuite.class));
    }
}
