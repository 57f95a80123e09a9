package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * However often the adapter re-enumerates between writes, a write that finds its port gone goes whole to the port
 * found again (nothing lands twice, nothing is lost, order kept), and every port is opened with the lines held
 * low before and after.
 */
class SerialReattachPropertiesTest {

    @Property(tries = 100)
    void writesFollowTheAdapterAcrossReEnumerations(
            @ForAll @Size(min = 1, max = 10) List<@Size(min = 1, max = 200) byte[]> writes,
            @ForAll @Size(min = 10, max = 10) List<Boolean> reEnumerateBefore) throws Exception {
        FakeSerialPorts ports = new FakeSerialPorts();
        List<FakeSerialPorts.FakePort> seen = new ArrayList<>();
        seen.add(ports.plug("/dev/ttyUSB0", "FT-A", 0x0403, 0x6001));
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        try (Connection c = new SerialTransport(ports, SerialTransport.PortSelector.usbSerialNumber("FT-A"), 115200,
                SerialTransport.Lines.BOTH_LOW, 1000, "tag-p").open()) {
            for (int i = 0; i < writes.size(); i++) {
                if (reEnumerateBefore.get(i)) {
                    ports.unplug(seen.get(seen.size() - 1));
                    seen.add(ports.plug("/dev/ttyUSB" + seen.size(), "FT-A", 0x0403, 0x6001));
                }
                c.out().write(writes.get(i));
                want.write(writes.get(i));
            }
        }
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (FakeSerialPorts.FakePort p : seen) {
            got.write(p.fromHost.toByteArray());
            String path = p.systemPath();
            int configured = ports.calls.indexOf("configure " + path + " 115200 timeout 100");
            assertTrue(configured >= 0, "never opened: " + path);
            assertEquals(List.of("dtr " + path + " low", "rts " + path + " low", "open " + path,
                    "dtr " + path + " low", "rts " + path + " low"), ports.calls.subList(configured + 1,
                    configured + 6));
        }
        assertArrayEquals(want.toByteArray(), got.toByteArray());
    }
}
