package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;

/**
 * Builds protected aiot-s9 frames from a personalization and the nonces: the one place where the spec's
 * protections are applied. The machines use it; so can a conductor or fuzzer that must craft a valid frame
 * (for instance a command under a policy the device should refuse).
 */
public final class AiotS9Frames {
    private static final byte[] NO_MAC = new byte[0];
    private static final byte[] MAC_PLACEHOLDER = new byte[AiotS9Codec.MAC_LEN];

    private AiotS9Frames() {
    }

    /** ProtectedDeviceId of a network message (paging, command). */
    public static byte[] downlinkDeviceId(AiotS9Personalization p, MessageKeys networkKeys, byte[] networkNonce) {
        return p.idMode() == IdMode.TEMPORARY_ID
                ? AiotS9Crypto.temporaryIdDownlink(p.authKey(), p.deviceId(), networkNonce)
                : networkKeys.cipherDeviceId(p.deviceId());
    }

    /** ProtectedDeviceId* of a device message (paging response, command response). */
    public static byte[] uplinkDeviceId(AiotS9Personalization p, MessageKeys deviceKeys, byte[] networkNonce,
                                        byte[] deviceNonce) {
        return p.idMode() == IdMode.TEMPORARY_ID
                ? AiotS9Crypto.temporaryIdUplink(p.authKey(), p.deviceId(), networkNonce, deviceNonce)
                : deviceKeys.cipherDeviceId(p.deviceId());
    }

    /** A paging for device {@code p} with network nonce {@code nn}. */
    public static Paging paging(AiotS9Personalization p, byte[] nn) {
        MessageKeys keys = MessageKeys.network(p.authKey(), nn);
        Paging unsigned = new Paging(p.idMode(), nn, downlinkDeviceId(p, keys, nn), MAC_PLACEHOLDER);
        return new Paging(p.idMode(), nn, unsigned.protectedDeviceId(), keys.mac(unsigned.macInput()));
    }

    /** The response of device {@code p} to a paging with {@code nn}, with its fresh device nonce {@code dn}. */
    public static PagingResponse pagingResponse(AiotS9Personalization p, byte[] nn, byte[] dn,
                                                SecurityPolicy maxPolicy) {
        MessageKeys keys = MessageKeys.device(p.authKey(), nn, dn);
        PagingResponse unsigned = new PagingResponse(p.idMode(), dn, maxPolicy, uplinkDeviceId(p, keys, nn, dn),
                MAC_PLACEHOLDER);
        return new PagingResponse(p.idMode(), dn, maxPolicy, unsigned.protectedDeviceId(),
                keys.mac(unsigned.macInput()));
    }

    /** A command carrying {@code payload} (at most 64 bytes) to device {@code p} under {@code policy}. */
    public static Command command(AiotS9Personalization p, SecurityPolicy policy, byte[] nn, byte[] payload) {
        MessageKeys keys = MessageKeys.network(p.authKey(), nn);
        byte[] pid = downlinkDeviceId(p, keys, nn);
        byte[] secured = policy.encrypts() ? keys.cipherPayload(payload) : payload;
        if (!policy.hasMac()) {
            return new Command(p.idMode(), policy, nn, pid, secured, NO_MAC);
        }
        Command unsigned = new Command(p.idMode(), policy, nn, pid, secured, MAC_PLACEHOLDER);
        return new Command(p.idMode(), policy, nn, pid, secured, keys.mac(unsigned.macInput()));
    }

    /** The response of device {@code p}, answering a command with {@code nn}, with its fresh nonce {@code dn}. */
    public static CommandResponse commandResponse(AiotS9Personalization p, SecurityPolicy policy, byte[] nn,
                                                  byte[] dn, byte[] payload) {
        MessageKeys keys = MessageKeys.device(p.authKey(), nn, dn);
        byte[] pid = uplinkDeviceId(p, keys, nn, dn);
        byte[] secured = policy.encrypts() ? keys.cipherPayload(payload) : payload;
        if (!policy.hasMac()) {
            return new CommandResponse(p.idMode(), policy, dn, pid, secured, NO_MAC);
        }
        CommandResponse unsigned = new CommandResponse(p.idMode(), policy, dn, pid, secured, MAC_PLACEHOLDER);
        return new CommandResponse(p.idMode(), policy, dn, pid, secured, keys.mac(unsigned.macInput()));
    }
}
