package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.aiots9.AiotS9Codec;
import dev.ampbench.protocol.aiots9.AiotS9Device;
import dev.ampbench.protocol.aiots9.AiotS9Infrastructure;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.aiots9.SecurityPolicy;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * aiot-s9 firmware. As a tag: an {@link AiotS9Device} that answers pagings and commands addressed to it. As a
 * gateway: an {@link AiotS9Infrastructure} (AIoT function + reader) serving a table of devices, with actions
 * {@code page} (args: device ID, 8 octets) and {@code command} (args: policy octet 0/1/2, device ID, payload).
 */
public final class AiotS9Firmware implements Firmware {
    private static final int MAX_FRAME = 1 + AiotS9Codec.NONCE_LEN * 2 + AiotS9Codec.DEVICE_ID_LEN + 2
            + AiotS9Codec.MAX_PAYLOAD_LEN + AiotS9Codec.MAC_LEN;

    private final Role role;
    private final List<AiotS9Personalization> table;

    private AiotS9Firmware(Role role, List<AiotS9Personalization> table) {
        if (table.isEmpty()) {
            throw new IllegalArgumentException("aiot-s9 firmware needs at least one device identity");
        }
        if (role == Role.DEVICE && table.size() != 1) {
            throw new IllegalArgumentException("an aiot-s9 tag has exactly one identity, got " + table.size());
        }
        this.role = role;
        this.table = List.copyOf(table);
    }

    /**
     * {@code count} reproducible identities from a seed, so an emulator started with {@code --seed S} and a bench
     * playing the other side agree without a key manifest. Identity i: the 24 octets
     * HKDF-SHA256(salt = "ampbench emulated aiot-s9", IKM = S as 8 octets big-endian, info = i as 4 octets
     * big-endian, L = 24) split into the device ID (first 8) and K_auth (last 16); encrypted-ID mode, minimum
     * policy INTEGRITY (the spec's defaults). For emulation only: anyone who knows the seed knows the keys.
     */
    public static List<AiotS9Personalization> identities(long seed, int count) {
        List<AiotS9Personalization> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] okm = SeededIdentities.material("aiot-s9", seed, i, AiotS9Codec.DEVICE_ID_LEN + 16);
            out.add(AiotS9Personalization.of(Arrays.copyOf(okm, AiotS9Codec.DEVICE_ID_LEN),
                    KeyMaterial.of(Arrays.copyOfRange(okm, AiotS9Codec.DEVICE_ID_LEN, okm.length))));
        }
        return out;
    }

    public static AiotS9Firmware tag(AiotS9Personalization me) {
        return new AiotS9Firmware(Role.DEVICE, List.of(me));
    }

    public static AiotS9Firmware gateway(List<AiotS9Personalization> devices) {
        return new AiotS9Firmware(Role.INFRASTRUCTURE, devices);
    }

    @Override
    public Profile profile() {
        return Profile.AIOT_S9;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String label() {
        // The device ID is the identity Solution #9 protects on the air; the label must not reveal it.
        return role == Role.DEVICE ? "aiot-s9-tag" : "aiot-s9-aiotf[" + table.size() + " devices]";
    }

    @Override
    public ProtocolMachine boot(MachineContext ctx, Set<Deviation> deviations) {
        return role == Role.DEVICE
                ? new AiotS9Device(table.get(0), ctx, deviations)
                : new AiotS9Infrastructure(table, ctx, deviations);
    }

    @Override
    public List<String> actions() {
        return role == Role.DEVICE ? List.of() : List.of("page", "command");
    }

    @Override
    public List<Effect> act(ProtocolMachine machine, String action, byte[] args) {
        if (!(machine instanceof AiotS9Infrastructure aiotf)) {
            throw new IllegalArgumentException("an aiot-s9 tag has no actions; it answers pagings and commands");
        }
        switch (action) {
            case "page":
                if (args.length != AiotS9Codec.DEVICE_ID_LEN) {
                    throw new IllegalArgumentException("page takes the 8-octet device ID, got " + args.length);
                }
                return aiotf.page(args);
            case "command":
                if (args.length < 1 + AiotS9Codec.DEVICE_ID_LEN || args[0] < 0
                        || args[0] >= SecurityPolicy.values().length) {
                    throw new IllegalArgumentException("command takes policy (0..2), 8-octet device ID, payload");
                }
                byte[] id = Arrays.copyOfRange(args, 1, 1 + AiotS9Codec.DEVICE_ID_LEN);
                byte[] payload = Arrays.copyOfRange(args, 1 + AiotS9Codec.DEVICE_ID_LEN, args.length);
                return aiotf.command(id, SecurityPolicy.values()[args[0]], payload);
            default:
                throw new IllegalArgumentException("unknown aiot-s9 action '" + action + "'; known: page, command");
        }
    }

    @Override
    public ProfileCodec codec() {
        return new AiotS9Codec();
    }

    @Override
    public int maxFrameLength() {
        return MAX_FRAME;
    }

    /** Items: DEVICE_ID (8 octets) and ROOT_KEY (K_auth, 16 octets), repeated per device for a gateway. */
    @Override
    public Firmware personalized(List<WireMessage.Item> items) {
        List<byte[]> ids = Items.all(items, WireMessage.Item.DEVICE_ID, "DEVICE_ID", AiotS9Codec.DEVICE_ID_LEN);
        List<byte[]> keys = Items.all(items, WireMessage.Item.ROOT_KEY, "ROOT_KEY (K_auth)", 16);
        if (ids.isEmpty() || ids.size() != keys.size()) {
            throw new IllegalArgumentException("PERSONALIZE needs DEVICE_ID and ROOT_KEY items in pairs, got "
                    + ids.size() + " and " + keys.size());
        }
        List<AiotS9Personalization> t = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            t.add(AiotS9Personalization.of(ids.get(i), KeyMaterial.of(keys.get(i))));
        }
        return new AiotS9Firmware(role, t);
    }

    @Override
    public String toString() {
        // Device IDs are the identities this profile protects: never printed.
        return "AiotS9Firmware[" + role.cliName() + ", " + table.size() + " identit"
                + (table.size() == 1 ? "y" : "ies") + "]";
    }
}
