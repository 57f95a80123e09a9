package dev.ampbench.emulator;

import dev.ampbench.emulator.device.Defect;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.device.EnergyModel;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.emulator.device.Timing;
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
    private final EmulatedDevice device;
    private final WireEndpoint endpoint;
    private final ScpiServer psu;
    private final java.util.concurrent.ExecutorService cpu;

    /**
     * @param psuPort SCPI port on loopback, 0 for any free one
     * @param energy  ambient energy model, or null for a device on the supply alone
     */
    public EmulatedStation(Firmware firmware, Set<Defect> defects, RandomSource random, Clock clock, Link link,
                           int psuPort, EnergyModel energy, String psuSerial) throws IOException {
        this(firmware, defects, random, clock, link, psuPort, energy, psuSerial, Timing.NV_ONLY);
    }

    /** @param timing how long NV writes and radio frames take ({@link Timing#REALISTIC} for power-cut campaigns) */
    public EmulatedStation(Firmware firmware, Set<Defect> defects, RandomSource random, Clock clock, Link link,
                           int psuPort, EnergyModel energy, String psuSerial, Timing timing) throws IOException {
        this.endpoint = new WireEndpoint(link);
        this.device = new EmulatedDevice(firmware, defects, random, clock, timing, energy, endpoint);
        this.cpu = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "device-cpu-" + psuSerial);
            t.setDaemon(true);
            return t;
        });
        // Off cuts at once (mid-operation); on returns to the supply at once and boots on the device's own thread.
        ScpiSupply supply = new ScpiSupply(psuSerial, on -> {
            if (on) {
                device.powerOnAsync(cpu);
            } else {
                device.setSupply(false);
            }
        }, () -> device.running() ? 0.005 : 0.0);
        this.psu = new ScpiServer(supply, psuPort);
        endpoint.start(device);
        device.setSupply(true); // a bench left powered: booted before the station is handed out
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
        cpu.shutdownNow();
    }
}
