package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds emulator firmware for a profile and role with identities derived from a seed (each profile's
 * {@code identities(seed, count)} documents its derivation), so a bench that knows the seed can play the other side.
 */
public final class FirmwareCatalog {
    private FirmwareCatalog() {
    }

    /**
     * @param count tags: how many emulated tags (identities 0..count-1); gateway: how many tag identities the one
     *              emulated gateway serves
     * @return one firmware per emulated device
     */
    public static List<Firmware> create(Profile profile, Role role, long seed, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        List<Firmware> out = new ArrayList<>();
        switch (profile) {
            case AIOT_S9 -> {
                var ids = AiotS9Firmware.identities(seed, count);
                if (role == Role.DEVICE) {
                    ids.forEach(id -> out.add(AiotS9Firmware.tag(id)));
                } else {
                    out.add(AiotS9Firmware.gateway(ids));
                }
            }
            case AMP_SEC -> {
                var ids = AmpSecFirmware.identities(seed, count);
                if (role == Role.DEVICE) {
                    ids.forEach(id -> out.add(AmpSecFirmware.tag(id)));
                } else {
                    out.add(AmpSecFirmware.gateway(ids));
                }
            }
            case LORAWAN -> {
                var ids = LoRaWanFirmware.identities(seed, count);
                if (role == Role.DEVICE) {
                    ids.forEach(id -> out.add(LoRaWanFirmware.tag(id)));
                } else {
                    out.add(LoRaWanFirmware.gateway(ids));
                }
            }
            case AMP_PROV -> {
                var ids = AmpProvFirmware.identities(seed, count);
                if (role == Role.DEVICE) {
                    ids.forEach(id -> out.add(AmpProvFirmware.tag(id)));
                } else {
                    out.add(AmpProvFirmware.gateway(ids));
                }
            }
        }
        return out;
    }
}
