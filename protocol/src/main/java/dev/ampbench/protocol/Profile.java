package dev.ampbench.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The protocol profiles ampbench exercises. Each is specified in {@code docs/protocols/<id>.md}. */
public enum Profile {
    AMP_PROV("amp-prov", "AMP-PROV"),
    AMP_SEC("amp-sec", "AMP-SEC"),
    AIOT_S9("aiot-s9", "AIOT-S9"),
    LORAWAN("lorawan", "LORAWAN");

    private final String id;
    private final String rulePrefix;

    Profile(String id, String rulePrefix) {
        this.id = id;
        this.rulePrefix = rulePrefix;
    }

    /** The name used on the command line, in reports and in the spec's file name. */
    public String id() {
        return id;
    }

    /** The prefix of this profile's rule ids, e.g. {@code AMP-SEC} in {@code AMP-SEC-R7}. */
    public String rulePrefix() {
        return rulePrefix;
    }

    public static Optional<Profile> byId(String id) {
        return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
    }
}
