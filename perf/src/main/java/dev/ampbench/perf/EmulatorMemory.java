package dev.ampbench.perf;

import dev.ampbench.emulator.device.DeviceEvent;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.protocol.aiots9.AiotS9Frames;
import dev.ampbench.protocol.aiots9.AiotS9Personalization;
import dev.ampbench.protocol.machine.ManualClock;
import dev.ampbench.protocol.machine.SeededRandomSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Memory per emulated device: builds N powered aiot-s9 tags in one process (one paging area), pages every one of
 * them once over its in-process radio so each has run its state machine, and reports the heap they hold.
 * Run with the heap limit under test:
 * <pre>java -Xmx512m -cp perf/target/benchmarks.jar dev.ampbench.perf.EmulatorMemory 10000</pre>
 */
public final class EmulatorMemory {
    private EmulatorMemory() {
    }

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        long before = usedAfterGc();
        List<AiotS9Personalization> ids = AiotS9Firmware.identities(1, count);
        List<EmulatedDevice> devices = new ArrayList<>(count);
        long[] answers = new long[1];
        EmulatedDevice.Output sink = new EmulatedDevice.Output() {
            @Override
            public void airEmit(byte[] frame, long micros) {
                answers[0]++;
            }

            @Override
            public void event(DeviceEvent event) {
            }

            @Override
            public void booted(long bootCount) {
            }
        };
        ManualClock clock = new ManualClock(0);
        for (int i = 0; i < count; i++) {
            EmulatedDevice d = new EmulatedDevice(AiotS9Firmware.tag(ids.get(i)), Set.of(), new SeededRandomSource(i),
                    clock, 0, null, sink);
            d.setSupply(true);
            devices.add(d);
        }
        byte[] nn = new byte[8];
        for (int i = 0; i < count; i++) {
            nn[0] = (byte) i;
            nn[1] = (byte) (i >> 8);
            devices.get(i).airReceive(AiotS9Frames.paging(ids.get(i), nn).encode());
        }
        long after = usedAfterGc();
        long identities = ids.size();
        System.out.printf("%d emulated aiot-s9 tags, %d answered their paging%n", devices.size(), answers[0]);
        System.out.printf("heap held: %.1f MiB total, %d bytes per device (max heap %d MiB)%n",
                (after - before) / 1048576.0, (after - before) / Math.max(1, identities),
                Runtime.getRuntime().maxMemory() / 1048576);
        if (answers[0] != count) {
            throw new IllegalStateException("only " + answers[0] + " of " + count + " devices answered");
        }
    }

    private static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
