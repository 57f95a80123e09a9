package dev.ampbench.emulator;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.device.EnergyModel;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.psu.ScpiServer;
import dev.ampbench.emulator.psu.ScpiSupply;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.emulator.wire.WireEndpoint;
import dev.ampbench.protocol.machine.Clock;
import dev.ampbench.protocol.machine.RandomSource;
import java.io.Closeable;
import java.io.IOException;
import java.util.Set;

/**
 * One emulated device on the bench: the device, its host interface on a link (pseudo-terminal or TCP) and its
 * virtual bench supply on a SCPI socket. The supply starts switched on, as a bench left powered would be.
 */
public final class EmulatedStation implements Closeable {
    /** Flash programming time per byte: long enough for a bench reacting to NV_WRITE_BEGIN to land inside it. */
    public static final long NV_NANOS_PER_BYTE = 200_000;

    private final EmulatedDevice device;
    private final WireEndpoint endpoint;
    private final ScpiServer psu;

    /**
     * @param psuPort SCPI port on loopback, 0 for any free one
     * @param energy  ambient energy model, or null for a device on the supply alone
     */
    public EmulatedStation(Firmware firmware, Set<Defect> defects, RandomSource random, Clock clock, Link link,
                           int psuPort, EnergyModel energy, String psuSerial) throws IOException {
        this.endpoint = new WireEndpoint(link);
        this.device = new EmulatedDevice(firmware, defects, random, clock, NV_NANOS_PER_BYTE, energy, endpoint);
        ScpiSupply supply = new ScpiSupply(psuSerial, device::setSupply, () -> device.running() ? 0.005 : 0.0);
        this.psu = new ScpiServer(supply, psuPort);
        endpoint.start(device);
        supply.execute("OUTP ON");
    }

    public EmulatedDevice device() {
        return device;
    }

    /** Where the bench reaches the device's host interface. */
    public String address() {
        return endpoint.address();
    }

    public int psuPort() {
        return psu.port();
    }

    @Override
    public void close() throws IOException {
        psu.close();
        endpoint.close();
    }
}
