package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import java.util.List;
import java.util.function.Function;

/**
 * Builds emulator firmware for a profile and role with identities derived from a seed (each profile's
 * {@code identities(seed, count)} documents its derivation), so a bench that knows the seed can play the other side.
 */
public final class FirmwareCatalog {
    private FirmwareCatalog() {
    }

    /**
     * The emulated devices of one run, and the identities behind them (the profile's personalization records: what a
     * bench playing the other side needs, as a key manifest would give it).
     */
    public record Batch(List<?> identities, List<Firmware> firmware) {
        public Batch {
            identities = List.copyOf(identities);
            firmware = List.copyOf(firmware);
        }
    }

    /**
     * @param count tags: how many emulated tags (identities 0..count-1); gateway: how many tag identities the one
     *              emulated gateway serves
     */
    public static Batch create(Profile profile, Role role, long seed, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        return switch (profile) {
            case AIOT_S9 -> batch(role, AiotS9Firmware.identities(seed, count), AiotS9Firmware::tag,
                    AiotS9Firmware::gateway);
            case AMP_SEC -> batch(role, AmpSecFirmware.identities(seed, count), AmpSecFirmware::tag,
                    AmpSecFirmware::gateway);
            case AMP_PROV -> batch(role, AmpProvFirmware.identities(seed, count), AmpProvFirmware::tag,
                    AmpProvFirmware::gateway);
            case LORAWAN -> batch(role, LoRaWanFirmware.identities(seed, count), LoRaWanFirmware::tag,
                    LoRaWanFirmware::gateway);
        };
    }

    private static <P> Batch batch(Role role, List<P> ids, Function<P, ? extends Firmware> tag,
                                   Function<List<P>, ? extends Firmware> gateway) {
        List<Firmware> firmware = role == Role.DEVICE
                ? ids.stream().<Firmware>map(tag).toList()
                : List.of(gateway.apply(ids));
        return new Batch(ids, firmware);
    }
}
