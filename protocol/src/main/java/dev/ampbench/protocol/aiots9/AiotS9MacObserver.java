package dev.ampbench.protocol.aiots9;

import dev.ampbench.protocol.aiots9.AiotS9Crypto.MessageKeys;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.crypto.ConstantTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A passive observer holding the K_auth of some devices: given the frames of a capture in air order, it finds which
 * device each frame is for (its ProtectedDeviceId, recomputed from the nonces) and checks its Mac (AIOT-S9-R5). A
 * response is checked against the paging or command it answers, the latest before it for that device. Messages name
 * no device ID and no key. Sans-I/O.
 */
public final class AiotS9MacObserver {

    /** What the observer concluded of one frame. */
    public enum Status {
        /** The Mac verifies under the device's keys. */
        VERIFIED,
        /** The frame is for a known device and its Mac does not verify (AIOT-S9-R5). */
        FAILED,
        /** Not for a device whose keys it holds (or a response to no request it saw, or a policy without Mac). */
        NO_KEYS
    }

    public record Verdict(Status status, String detail) {
    }

    private record Request(DeviceProtection device, byte[] networkNonce, boolean command) {
    }

    private final List<DeviceProtection> devices = new ArrayList<>();
    private final List<Request> requests = new ArrayList<>();

    public AiotS9MacObserver(List<AiotS9Personalization> devices) {
        Objects.requireNonNull(devices, "devices").forEach(p -> this.devices.add(new DeviceProtection(p)));
    }

    /** Checks one frame (already known to decode). */
    public Verdict observe(byte[] bytes) throws FrameDecodeException {
        Frame f = new AiotS9Codec().decode(bytes);
        if (f instanceof Paging p) {
            return request(p.networkNonce(), p.protectedDeviceId(), p.mac(), p.macInput(), false, "Paging");
        }
        if (f instanceof Command c) {
            if (!c.policy().hasMac()) {
                return new Verdict(Status.NO_KEYS, "Command under policy " + c.policy() + " carries no Mac");
            }
            return request(c.networkNonce(), c.protectedDeviceId(), c.mac(), c.macInput(), true, "Command");
        }
        if (f instanceof PagingResponse r) {
            return response(r.deviceNonce(), r.protectedDeviceId(), r.mac(), r.macInput(), false, "PagingResponse");
        }
        if (f instanceof CommandResponse r) {
            if (!r.policy().hasMac()) {
                return new Verdict(Status.NO_KEYS, "CommandResponse under policy " + r.policy() + " carries no Mac");
            }
            return response(r.deviceNonce(), r.protectedDeviceId(), r.mac(), r.macInput(), true, "CommandResponse");
        }
        return new Verdict(Status.NO_KEYS, f.type() + " is not checked");
    }

    private Verdict request(byte[] nn, byte[] pid, byte[] mac, byte[] macInput, boolean command, String type) {
        for (DeviceProtection d : devices) {
            MessageKeys keys = d.networkKeys(nn);
            if (ConstantTime.equal(d.downlinkDeviceId(keys, nn), pid)) {
                requests.removeIf(r -> r.device() == d && r.command() == command);
                requests.add(new Request(d, nn, command));
                return ConstantTime.equal(keys.mac(macInput), mac)
                        ? new Verdict(Status.VERIFIED, type + " Mac verifies")
                        : new Verdict(Status.FAILED, type + " Mac does not verify under its device's keys");
            }
        }
        return new Verdict(Status.NO_KEYS, type + " for no device whose keys are given");
    }

    private Verdict response(byte[] dn, byte[] pid, byte[] mac, byte[] macInput, boolean command, String type) {
        for (int i = requests.size() - 1; i >= 0; i--) {
            Request r = requests.get(i);
            if (r.command() != command) {
                continue;
            }
            MessageKeys keys = r.device().deviceKeys(r.networkNonce(), dn);
            if (ConstantTime.equal(r.device().uplinkDeviceId(keys, r.networkNonce(), dn), pid)) {
                return ConstantTime.equal(keys.mac(macInput), mac)
                        ? new Verdict(Status.VERIFIED, type + " Mac verifies")
                        : new Verdict(Status.FAILED, type + " Mac does not verify under its device's keys");
            }
        }
        return new Verdict(Status.NO_KEYS, type + " answers no " + (command ? "Command" : "Paging")
                + " of a device whose keys are given");
    }
}
