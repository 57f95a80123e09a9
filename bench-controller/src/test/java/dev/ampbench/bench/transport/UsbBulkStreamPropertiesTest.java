package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.ampbench.bench.power.UsbBus.DeviceInfo;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Bulk packets are a byte stream: however the device packetizes and the bench reads, the bytes arrive in order. */
class UsbBulkStreamPropertiesTest {

    @Property(tries = 100)
    void packetsReadInAnyChunkSizeGiveTheSameBytes(@ForAll @Size(min = 1, max = 12) List<@Size(min = 1, max = 600)
            byte[]> packets, @ForAll @IntRange(min = 1, max = 700) int chunk) throws Exception {
        FakeUsbBulkBus bus = new FakeUsbBulkBus();
        FakeUsbBulkBus.DeviceSide side = bus.add(new DeviceInfo(1, List.of(3), 0x1209, 0xa3b0, 0x0200, 0, 0, 0),
                new FakeUsbBulkBus.DeviceSide("S", FakeUsbBulkBus.BULK_02_83));
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            side.write(p);
            sent.write(p);
        }
        byte[] want = sent.toByteArray();
        try (Connection c = new UsbBulkTransport(bus.factory(), 0x1209, 0xa3b0, Optional.empty(), 0, 0, 0, 100, 300)
                .open()) {
            byte[] got = new byte[want.length];
            int n = 0;
            while (n < got.length) {
                int r = c.in().read(got, n, Math.min(chunk, got.length - n));
                n += r;
            }
            assertArrayEquals(want, got);
        }
    }

    @Property(tries = 100)
    void writesArriveAsTheyWereWritten(@ForAll @Size(min = 1, max = 12) List<@Size(min = 1, max = 300) byte[]> writes)
            throws Exception {
        FakeUsbBulkBus bus = new FakeUsbBulkBus();
        FakeUsbBulkBus.DeviceSide side = bus.add(new DeviceInfo(1, List.of(3), 0x1209, 0xa3b0, 0x0200, 0, 0, 0),
                new FakeUsbBulkBus.DeviceSide("S", FakeUsbBulkBus.BULK_02_83));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        try (Connection c = new UsbBulkTransport(bus.factory(), 0x1209, 0xa3b0, Optional.empty(), 0, 0, 0, 100, 300)
                .open()) {
            for (byte[] w : writes) {
                c.out().write(w);
                want.write(w);
            }
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (byte[] b : side.fromHost) {
            got.write(b);
        }
        assertArrayEquals(want.toByteArray(), got.toByteArray());
    }
}
