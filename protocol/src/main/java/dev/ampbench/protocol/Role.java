package dev.ampbench.protocol;

/**
 * The two sides of every profile. {@link #DEVICE} is the tag, non-AP STA or end device;
 * {@link #INFRASTRUCTURE} is the gateway or AP together with its authentication server, AIoT function or
 * join server. The command line calls them {@code tag} and {@code gateway}.
 */
public enum Role {
    DEVICE("tag"),
    INFRASTRUCTURE("gateway");

    private final String cliName;

    Role(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public Role peer() {
        return this == DEVICE ? INFRASTRUCTURE : DEVICE;
    }
}
