package dev.ampbench.bench.conductor;

import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.wire.WireMessage;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The profile parameters of a DUT that a report may show: what its HELLO says (bench wire version) and the
 * deployment choices in its personalization records (amp-sec AKM and sizes, LoRaWAN version, amp-prov derivation
 * mode, aiot-s9 ID mode and minimum policy). Never a key, serial number, device ID or address: only enumerated
 * choices and sizes. Keys are {@code <profile>.<role>.<name>}; where a gateway serves devices with different
 * choices, the value lists each once, sorted, comma-separated.
 */
public final class DutParameters {
    private DutParameters() {
    }

    public static Map<String, String> of(Dut dut) {
        String prefix = dut.profile().id() + "." + dut.role().cliName() + ".";
        Map<String, String> m = new LinkedHashMap<>();
        WireMessage.HelloResponse hello = dut.wire().hello();
        m.put(prefix + "wire-version", hello.versionMajor() + "." + hello.versionMinor());
        switch (dut.profile()) {
            case AMP_SEC -> {
                var ids = dut.secrets(AmpSecPersonalization.class);
                Function<AmpSecPersonalization, AmpSecFormat> f = p -> p.parameters().format();
                m.put(prefix + "akm", distinct(ids, p -> f.apply(p).akm().name().toLowerCase(Locale.ROOT)));
                m.put(prefix + "address-length", distinct(ids, p -> Integer.toString(f.apply(p).addressLength())));
                m.put(prefix + "nonce-length", distinct(ids, p -> Integer.toString(f.apply(p).nonceLength())));
                m.put(prefix + "anonce-lifetime-ms",
                        distinct(ids, p -> Long.toString(p.parameters().anonceLifetimeMillis())));
            }
            case LORAWAN -> m.put(prefix + "version",
                    distinct(dut.secrets(LoRaWanPersonalization.class), p -> p.version().label()));
            case AMP_PROV -> m.put(prefix + "derivation", distinct(dut.secrets(AmpProvPersonalization.class),
                    p -> p.mode().name().toLowerCase(Locale.ROOT)));
            case AIOT_S9 -> {
                var ids = dut.secrets(AiotS9Personalization.class);
                m.put(prefix + "id-mode", distinct(ids, p -> p.idMode().name().toLowerCase(Locale.ROOT)));
                m.put(prefix + "minimum-policy",
                        distinct(ids, p -> p.minimumPolicy().name().toLowerCase(Locale.ROOT)));
            }
            default -> {
            }
        }
        m.values().removeIf(String::isEmpty); // a DUT given no records shows only what its HELLO says
        return m;
    }

    private static <T> String distinct(java.util.List<T> records, Function<T, String> value) {
        TreeSet<String> values = new TreeSet<>();
        records.forEach(r -> values.add(value.apply(r)));
        return String.join(",", values);
    }
}
