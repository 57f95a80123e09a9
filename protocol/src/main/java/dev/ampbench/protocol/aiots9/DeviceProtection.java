package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.crypto.Kdf33220;

/**
 * The spec's protections for one device, with its K_auth bound to a KDF once: what the device keeps in RAM, and
 * what the AIoTF keeps per table entry. Builds protected frames and the values receivers compare against.
 * Not thread-safe (the KDF holds hash state).
 */
final class DeviceProtection {
    private static final byte[] NO_MAC = new byte[0];
    private static final byte[] MAC_PLACEHOLDER = new byte[AiotS9Codec.MAC_LEN];

    private final AiotS9Personalization personalization;
    private final byte[] deviceId;
    private final IdMode idMode;
    private final Kdf33220 kdf;

    DeviceProtection(AiotS9Personalization personalization) {
        this.personalization = personalization;
        this.deviceId = personalization.deviceId();
        this.idMode = personalization.idMode();
        this.kdf = Kdf33220.forKey(personalization.authKey());
    }

    AiotS9Personalization personalization() {
        return personalization;
    }

    /** The device ID; callers must not modify it. */
    byte[] deviceId() {
        return deviceId;
    }

    MessageKeys networkKeys(byte[] nn) {
        return MessageKeys.network(kdf, nn);
    }

    MessageKeys deviceKeys(byte[] nn, byte[] dn) {
        return MessageKeys.device(kdf, nn, dn);
    }

    byte[] temporaryIdDownlink(byte[] nn) {
        return AiotS9Crypto.temporaryIdDownlink(kdf, deviceId, nn);
    }

    /** ProtectedDeviceId of a network message; {@code networkKeys} is only used for IdMode ENCRYPTED_ID. */
    byte[] downlinkDeviceId(MessageKeys networkKeys, byte[] nn) {
        return idMode == IdMode.TEMPORARY_ID ? temporaryIdDownlink(nn) : networkKeys.cipherDeviceId(deviceId);
    }

    /** ProtectedDeviceId* of a device message. */
    byte[] uplinkDeviceId(MessageKeys deviceKeys, byte[] nn, byte[] dn) {
        return idMode == IdMode.TEMPORARY_ID
                ? AiotS9Crypto.temporaryIdUplink(kdf, deviceId, nn, dn)
                : deviceKeys.cipherDeviceId(deviceId);
    }

    Paging paging(byte[] nn) {
        MessageKeys keys = networkKeys(nn);
        Paging unsigned = new Paging(idMode, nn, downlinkDeviceId(keys, nn), MAC_PLACEHOLDER);
        return new Paging(idMode, nn, unsigned.protectedDeviceId(), keys.mac(unsigned.macInput()));
    }

    PagingResponse pagingResponse(byte[] nn, byte[] dn, SecurityPolicy maxPolicy) {
        MessageKeys keys = deviceKeys(nn, dn);
        PagingResponse unsigned = new PagingResponse(idMode, dn, maxPolicy, uplinkDeviceId(keys, nn, dn),
                MAC_PLACEHOLDER);
        return new PagingResponse(idMode, dn, maxPolicy, unsigned.protectedDeviceId(), keys.mac(unsigned.macInput()));
    }

    Command command(SecurityPolicy policy, byte[] nn, byte[] payload) {
        MessageKeys keys = networkKeys(nn);
        byte[] pid = downlinkDeviceId(keys, nn);
        byte[] secured = policy.encrypts() ? keys.cipherPayload(payload) : payload;
        if (!policy.hasMac()) {
            return new Command(idMode, policy, nn, pid, secured, NO_MAC);
        }
        Command unsigned = new Command(idMode, policy, nn, pid, secured, MAC_PLACEHOLDER);
        return new Command(idMode, policy, nn, pid, secured, keys.mac(unsigned.macInput()));
    }

    CommandResponse commandResponse(SecurityPolicy policy, byte[] nn, byte[] dn, byte[] payload) {
        MessageKeys keys = deviceKeys(nn, dn);
        byte[] pid = uplinkDeviceId(keys, nn, dn);
        byte[] secured = policy.encrypts() ? keys.cipherPayload(payload) : payload;
        if (!policy.hasMac()) {
            return new CommandResponse(idMode, policy, dn, pid, secured, NO_MAC);
        }
        CommandResponse unsigned = new CommandResponse(idMode, policy, dn, pid, secured, MAC_PLACEHOLDER);
        return new CommandResponse(idMode, policy, dn, pid, secured, keys.mac(unsigned.macInput()));
    }
}
