package dev.ampbench.protocol.machine;

import java.util.Optional;

/**
 * The device's non-volatile memory as the protocol sees it: named records of bytes. Everything a machine keeps
 * here survives power loss; everything it keeps in fields does not. A machine that writes here tells the emulator
 * exactly where a power cut can tear a write.
 */
public interface NonVolatileStore {
    Optional<byte[]> read(String key);

    void write(String key, byte[] value);

    void erase(String key);
}
