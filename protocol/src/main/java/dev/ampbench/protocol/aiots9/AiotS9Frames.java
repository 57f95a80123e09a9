package dev.ampbench.protocol.aiots9;

/**
 * Builds protected aiot-s9 frames from a personalization and the nonces, exactly as the machines do. For a
 * conductor or fuzzer that must craft a valid frame, for instance a command under a policy the device should
 * refuse, or a response with a chosen device nonce.
 */
public final class AiotS9Frames {
    private AiotS9Frames() {
    }

    /** A paging for device {@code p} with network nonce {@code nn}. */
    public static Paging paging(AiotS9Personalization p, byte[] nn) {
        return new DeviceProtection(p).paging(nn);
    }

    /** The response of device {@code p} to a paging with {@code nn}, with its device nonce {@code dn}. */
    public static PagingResponse pagingResponse(AiotS9Personalization p, byte[] nn, byte[] dn,
                                                SecurityPolicy maxPolicy) {
        return new DeviceProtection(p).pagingResponse(nn, dn, maxPolicy);
    }

    /** A command carrying {@code payload} (at most 64 bytes) to device {@code p} under {@code policy}. */
    public static Command command(AiotS9Personalization p, SecurityPolicy policy, byte[] nn, byte[] payload) {
        return new DeviceProtection(p).command(policy, nn, payload);
    }

    /** The response of device {@code p}, answering a command with {@code nn}, with its device nonce {@code dn}. */
    public static CommandResponse commandResponse(AiotS9Personalization p, SecurityPolicy policy, byte[] nn,
                                                  byte[] dn, byte[] payload) {
        return new DeviceProtection(p).commandResponse(policy, nn, dn, payload);
    }
}
