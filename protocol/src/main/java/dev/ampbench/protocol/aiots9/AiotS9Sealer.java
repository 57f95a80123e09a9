package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.seal.FrameSealer;

import java.util.Objects;
import java.util.Optional;

/**
 * Reseals the AIoTF's frames to one device: the Mac (AES-CMAC-64 under K_int_N) of a Paging, and of a Command under a
 * policy with a Mac, recomputed over the mutated frame under the network keys of its own NetworkNonce, as the AIoTF
 * derives them (AIOT-S9-R5). Needs no history: the network keys depend on K_auth and the frame's nonce alone. The
 * ProtectedDeviceId is not recomputed (a mutated nonce still makes the frame another device's). The device's own
 * answers are resealed too, for a gateway campaign where the bench plays the device: a PagingResponse's Mac, and a
 * CommandResponse's under a policy with a Mac, under the device keys of the last Paging (Command) observed and the
 * mutated frame's own DeviceNonce, as the device derives them. Sans-I/O.
 */
public final class AiotS9Sealer implements FrameSealer {
    private final DeviceProtection device;
    private final AiotS9Codec codec = new AiotS9Codec();

    public AiotS9Sealer(AiotS9Personalization device) {
        this.device = new DeviceProtection(Objects.requireNonNull(device, "device"));
    }

    private byte[] pagingNonce;
    private byte[] commandNonce;

    @Override
    public void observe(byte[] frame) {
        Frame f = FrameSealer.decodeOrNull(codec, frame);
        if (f instanceof Paging p) {
            pagingNonce = p.networkNonce();
        } else if (f instanceof Command c) {
            commandNonce = c.networkNonce();
        }
    }

    @Override
    public Optional<byte[]> reseal(byte[] valid, byte[] mutated) {
        Frame f;
        try {
            f = codec.decode(mutated);
        } catch (FrameDecodeException | RuntimeException e) {
            return Optional.empty();
        }
        if (f instanceof Paging p) {
            return FrameSealer.withMic(mutated, p, device.networkKeys(p.networkNonce()).mac(p.macInput()));
        }
        if (f instanceof Command c && c.policy().hasMac()) {
            return FrameSealer.withMic(mutated, c, device.networkKeys(c.networkNonce()).mac(c.macInput()));
        }
        if (f instanceof PagingResponse r && pagingNonce != null) {
            return FrameSealer.withMic(mutated, r, device.deviceKeys(pagingNonce, r.deviceNonce()).mac(r.macInput()));
        }
        if (f instanceof CommandResponse r && r.policy().hasMac() && commandNonce != null) {
            return FrameSealer.withMic(mutated, r, device.deviceKeys(commandNonce, r.deviceNonce()).mac(r.macInput()));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "AiotS9Sealer[keys redacted]";
    }
}
