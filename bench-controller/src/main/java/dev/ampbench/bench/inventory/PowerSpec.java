package dev.ampbench.bench.inventory;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A DUT's power switch as the inventory describes it: a kind ({@code scpi}, {@code usb-hub}, ...) and its
 * parameters, kept as written (strings, integers as {@link Long}, decimals as {@link Double}, booleans, lists and
 * maps), for the power package to check and build: pass {@link #config()}, the inventory file and {@link #line()}
 * to {@code PowerSwitches.fromConfig}.
 *
 * @param kind   the value of {@code kind}
 * @param params every other key of the {@code power} mapping, in file order
 * @param line   the line of the {@code power} key
 */
public record PowerSpec(String kind, Map<String, Object> params, int line) {
    public PowerSpec {
        Objects.requireNonNull(kind, "kind");
        params = deepCopy(params);
    }

    /** The whole mapping as written, {@code kind} first: what {@code PowerSwitches.fromConfig} takes. */
    public Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.putAll(params);
        return Collections.unmodifiableMap(m);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> deepCopy(Map<String, Object> in) {
        Map<String, Object> out = new LinkedHashMap<>();
        in.forEach((k, v) -> out.put(Objects.requireNonNull(k, "key"), copyValue(v)));
        return Collections.unmodifiableMap(out);
    }

    @SuppressWarnings("unchecked")
    private static Object copyValue(Object v) {
        if (v instanceof Map<?, ?> m) {
            return deepCopy((Map<String, Object>) m);
        }
        if (v instanceof List<?> l) {
            return Collections.unmodifiableList(l.stream().map(PowerSpec::copyValue).toList());
        }
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("power parameter of unsupported type " + v.getClass().getSimpleName());
    }
}
