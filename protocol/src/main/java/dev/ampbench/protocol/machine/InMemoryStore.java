package dev.ampbench.protocol.machine;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** A {@link NonVolatileStore} kept in memory; it survives as long as the object does, which models power loss. */
public final class InMemoryStore implements NonVolatileStore {
    private final Map<String, byte[]> records = new TreeMap<>();

    @Override
    public Optional<byte[]> read(String key) {
        byte[] v = records.get(key);
        return v == null ? Optional.empty() : Optional.of(v.clone());
    }

    @Override
    public void write(String key, byte[] value) {
        records.put(key, value.clone());
    }

    @Override
    public void erase(String key) {
        records.remove(key);
    }

    public Set<String> keys() {
        return Set.copyOf(records.keySet());
    }
}
