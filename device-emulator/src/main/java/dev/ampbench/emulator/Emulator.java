package dev.ampbench.emulator;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EnergyModel;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.device.Timing;
import dev.ampbench.emulator.firmware.FirmwareCatalog;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.emulator.wire.PtyLink;
import dev.ampbench.emulator.wire.TcpLink;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.machine.Clock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An emulator process's devices: one station per emulated device, each on its own pseudo-terminal or TCP port and
 * with its own SCPI supply.
 */
public final class Emulator implements Closeable {

    /** How the bench reaches the devices. */
    public enum Transport { SERIAL, TCP }

    /**
     * @param count    tags: how many; gateway: how many tag identities the one gateway serves
     * @param tcpPort  first TCP port (device i listens on tcpPort + i); 0 for free ports
     * @param psuPort  first SCPI port (device i's supply on psuPort + i); 0 for free ports
     * @param seed     identities and each device's randomness derive from it (device i: seed + i + 1)
     * @param energy   an ambient energy model for every device, or null
     * @param timing   how long NV writes and radio frames take
     */
    public record Options(Profile profile, Role role, int count, Transport transport, int tcpPort, int psuPort,
                          Set<Defect> defects, long seed, EnergyModel energy, Timing timing) {
        public Options {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(timing, "timing");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(transport, "transport");
            defects = Set.copyOf(defects);
            if (count < 1 || count > 10_000) {
                throw new IllegalArgumentException("--count must be between 1 and 10000, got " + count);
            }
            checkPort("--tcp", tcpPort, count);
            checkPort("--psu-port", psuPort, count);
        }

        private static void checkPort(String name, int port, int count) {
            if (port != 0 && (port < 1024 || port + count - 1 > 65535)) {
                throw new IllegalArgumentException(name + " " + port + " leaves no room for " + count
                        + " device(s) between 1024 and 65535");
            }
        }
    }

    private final List<EmulatedStation> stations = new ArrayList<>();

    public Emulator(Options o) throws IOException {
        List<Firmware> firmware = FirmwareCatalog.create(o.profile(), o.role(), o.seed(), o.count()).firmware();
        Clock clock = new MonotonicClock();
        try {
            for (int i = 0; i < firmware.size(); i++) {
                Link link = o.transport() == Transport.SERIAL ? new PtyLink()
                        : new TcpLink(o.tcpPort() == 0 ? 0 : o.tcpPort() + i);
                stations.add(new EmulatedStation(firmware.get(i), o.defects(), new SeededRandomSource(o.seed() + i + 1),
                        clock, link, o.psuPort() == 0 ? 0 : o.psuPort() + i, o.energy(), "EMU-" + i, o.timing()));
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public List<EmulatedStation> stations() {
        return List.copyOf(stations);
    }

    @Override
    public void close() {
        for (EmulatedStation s : stations) {
            try {
                s.close();
            } catch (IOException e) {
                // closing is best effort: the process is going away
            }
        }
    }
}
