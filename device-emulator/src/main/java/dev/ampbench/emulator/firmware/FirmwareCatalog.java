package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import java.util.ArrayList;
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

    /**
     * The one device a conformance run needs for a profile and role, with identities chosen so every rule the suites
     * check is exercised: a LoRaWAN 1.1 tag (its JoinNonce and OptNeg rules apply only to 1.1) and a network serving
     * both versions; an amp-prov gateway serving SLIDES and STRONG tags (so a downgrade can be tried); otherwise
     * identity 0 for a tag and a table of three for a gateway.
     */
    public static Batch representative(Profile profile, Role role, long seed) {
        if (profile == Profile.LORAWAN) {
            List<LoRaWanPersonalization> ids = LoRaWanFirmware.identities(seed, 4); // 1.0.4, 1.1, 1.0.4, 1.1
            return role == Role.DEVICE ? new Batch(List.of(ids.get(1)), List.of(LoRaWanFirmware.tag(ids.get(1))))
                    : new Batch(ids, List.of(LoRaWanFirmware.gateway(ids)));
        }
        if (profile == Profile.AMP_PROV && role == Role.INFRASTRUCTURE) {
            List<AmpProvPersonalization> table = new ArrayList<>(AmpProvFirmware.identities(seed, 3));
            table.add(AmpProvFirmware.identities(seed, 4, KdfMode.STRONG).get(3));
            return new Batch(table, List.of(AmpProvFirmware.gateway(table)));
        }
        return create(profile, role, seed, role == Role.DEVICE ? 1 : 3);
    }

    private static <P> Batch batch(Role role, List<P> ids, Function<P, ? extends Firmware> tag,
                                   Function<List<P>, ? extends Firmware> gateway) {
        List<Firmware> firmware = role == Role.DEVICE
                ? ids.stream().<Firmware>map(tag).toList()
                : List.of(gateway.apply(ids));
        return new Batch(ids, firmware);
    }
}
