package dev.ampbench.bench.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ampbench.bench.LabFault;
import dev.ampbench.bench.session.NoResponse;
import dev.ampbench.bench.session.WireSession;
import dev.ampbench.emulator.EmulatedStation;
import dev.ampbench.emulator.MonotonicClock;
import dev.ampbench.emulator.firmware.AiotS9Firmware;
import dev.ampbench.emulator.pty.PseudoTerminal;
import dev.ampbench.emulator.wire.Link;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.machine.SeededRandomSource;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A USB-CDC device that re-enumerates mid-session, for real: the emulated device's UART is a pseudo-terminal behind
 * a stable symlink (as udev's /dev/serial/by-id/... is), opened through jSerialComm. "Re-enumerating" closes the pty
 * (its /dev/pts/N disappears; the bench's open port fails), opens a new one (another /dev/pts/M) and points the
 * symlink there after a while, as udev does once the device is back on the bus.
 */
class SerialReenumerationPtyTest {
    @TempDir
    Path dir;
    private EmulatedStation station;
    private WireSession wire;

    @AfterEach
    void close() throws IOException {
        if (wire != null) {
            wire.close();
        }
        if (station != null) {
            station.close();
        }
    }

    /** The device's side: a pty that can be replaced by another, behind a symlink the bench knows. */
    static final class ReenumeratingPty implements Link {
        private final Path link;
        private volatile PseudoTerminal pty;
        private volatile PseudoTerminal next;

        ReenumeratingPty(Path link) throws IOException {
            this.link = link;
            this.pty = PseudoTerminal.open();
            Files.createSymbolicLink(link, Path.of(pty.path()));
        }

        String ttyPath() {
            return pty.path();
        }

        /**
         * Off the bus: the tty and the by-id link disappear (the bench's open port fails). The tty it will come back
         * as is made now, before the old one is freed, so its /dev/pts number differs, as a re-enumerated adapter's
         * name may; nobody knows it until {@link #comeBack()} links it.
         */
        void leave() throws IOException {
            PseudoTerminal old = pty;
            next = PseudoTerminal.open();
            pty = null;
            Files.delete(link);
            old.close();
        }

        /** Back on the bus under the new tty, and udev points the by-id link at it. */
        String comeBack() throws IOException {
            PseudoTerminal fresh = next;
            next = null;
            pty = fresh;
            Files.createSymbolicLink(link, Path.of(fresh.path()));
            return fresh.path();
        }

        @Override
        public int read(byte[] buf, int timeoutMillis) throws IOException {
            PseudoTerminal p = pty;
            if (p == null) {
                sleep(timeoutMillis);
                return 0;
            }
            int n = p.read(buf, timeoutMillis);
            return n < 0 ? 0 : n; // the pty was swapped under this read: the device itself runs on
        }

        @Override
        public void write(byte[] bytes) {
            PseudoTerminal p = pty;
            if (p == null) {
                return; // off the bus: what the device sends is lost
            }
            try {
                p.write(bytes);
            } catch (IOException swappedMeanwhile) {
                // lost, as above
            }
        }

        @Override
        public String address() {
            return link.toString();
        }

        @Override
        public void close() {
            for (PseudoTerminal p : new PseudoTerminal[] {pty, next}) {
                if (p != null) {
                    p.close();
                }
            }
        }

        private static void sleep(int millis) throws IOException {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    private ReenumeratingPty start(int windowMillis) throws Exception {
        ReenumeratingPty device = new ReenumeratingPty(dir.resolve("usb-Ampbench_Tag_0001-if00"));
        station = new EmulatedStation(AiotS9Firmware.tag(AiotS9Firmware.identities(1, 1).get(0)), Set.of(),
                new SeededRandomSource(1), new MonotonicClock(), device, 0, null, "PSU");
        wire = WireSession.open(new SerialTransport(JSerialCommPorts.INSTANCE,
                SerialTransport.PortSelector.path(device.address()), 115200, SerialTransport.Lines.BOTH_LOW,
                windowMillis, "tag-1"), Duration.ofSeconds(1));
        return device;
    }

    @Test
    void theSessionCarriesOnAfterTheDeviceReEnumeratesUnderAnotherTty() throws Exception {
        ReenumeratingPty device = start(5000);
        long boot = wire.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class).bootCounter();
        String before = device.ttyPath();

        device.leave();
        CompletableFuture<String> back = CompletableFuture.supplyAsync(() -> {
            try {
                return device.comeBack();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, CompletableFuture.delayedExecutor(600, TimeUnit.MILLISECONDS));
        // A request while the device is away is either answered late or times out; it is never a lab fault.
        try {
            wire.request(WireMessage.Heartbeat::new, Duration.ofMillis(300));
        } catch (NoResponse lost) {
            // its bytes were lost with the old tty; the TID is free again
        }
        String after = back.get(5, TimeUnit.SECONDS);
        assertNotEquals(before, after);

        assertInstanceOf(WireMessage.HelloResponse.class, wire.request(WireMessage.Hello::new));
        assertEquals(boot, wire.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class).bootCounter());
        assertInstanceOf(WireMessage.Ack.class, wire.request(tid -> new WireMessage.AirInject(tid, Profile.AIOT_S9,
                0, 0x7F, 0xFFFF, new byte[] {1, 2, 3})));
        assertFalse(wire.describe().contains("re-enumerating"), wire.describe());
    }

    @Test
    void aDeviceThatNeverComesBackIsALabFaultNamingTheDutWithinTheWindow() throws Exception {
        ReenumeratingPty device = start(400);
        wire.call(WireMessage.Heartbeat::new, WireMessage.HeartbeatAck.class);
        device.leave();
        long start = System.nanoTime();
        LabFault f = assertThrows(LabFault.class, () -> {
            for (int i = 0; i < 20; i++) { // NoResponse until the transport gives up, then the lab fault
                try {
                    wire.request(WireMessage.Heartbeat::new, Duration.ofMillis(200));
                } catch (NoResponse waiting) {
                    continue;
                }
            }
        });
        long tookMillis = (System.nanoTime() - start) / 1_000_000L;
        assertFalse(f instanceof NoResponse, f.getMessage());
        // "cannot write to ..." or "connection to ... failed", by which thread saw it first
        assertTrue(f.getMessage().contains(" DUT tag-1 on serial " + device.address() + " @115200 (gone)"),
                f.getMessage());
        assertTrue(f.getMessage().contains("the device did not come back within 400 ms (no serial port at "
                + device.address() + " (unplugged, or not enumerated yet?))"), f.getMessage());
        assertTrue(tookMillis < 3000, "the lab fault took " + tookMillis + " ms");
    }
}
