package dev.ampbench.emulator.pty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The emulator's pseudo-terminal, opened through jSerialComm as the bench opens a real USB serial adapter. */
class PseudoTerminalTest {

    private static byte[] allByteValues() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    @Test
    void everyByteValuePassesBothWaysThroughJSerialComm() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            assertTrue(Files.exists(Path.of(pty.path())), pty.path());
            SerialPort port = SerialPort.getCommPort(pty.path());
            port.setBaudRate(115200);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 2000, 0);
            assertTrue(port.openPort(), "jSerialComm could not open " + pty.path());
            try {
                byte[] sent = allByteValues();
                // client -> device
                assertEquals(sent.length, port.writeBytes(sent, sent.length));
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[512];
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (got.size() < sent.length && System.nanoTime() < deadline) {
                    int n = pty.read(buf, 200);
                    got.write(buf, 0, Math.max(n, 0));
                }
                assertArrayEquals(sent, got.toByteArray(), "client to device");

                // device -> client
                pty.write(sent);
                byte[] back = new byte[sent.length];
                int total = 0;
                while (total < back.length && System.nanoTime() < deadline) {
                    int n = port.readBytes(back, back.length - total, total);
                    total += Math.max(n, 0);
                }
                assertArrayEquals(sent, back, "device to client");
            } finally {
                port.closePort();
            }
        }
    }

    @Test
    void survivesClientReopening() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            for (int round = 0; round < 3; round++) {
                SerialPort port = SerialPort.getCommPort(pty.path());
                port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 2000, 0);
                assertTrue(port.openPort());
                byte[] msg = {(byte) round, 0x7e, 0x0a, 0x0d};
                port.writeBytes(msg, msg.length);
                byte[] buf = new byte[16];
                int got = 0;
                long deadline = System.nanoTime() + 3_000_000_000L;
                byte[] all = new byte[msg.length];
                while (got < msg.length && System.nanoTime() < deadline) {
                    int n = pty.read(buf, 200);
                    for (int i = 0; i < n && got < all.length; i++) {
                        all[got++] = buf[i];
                    }
                }
                assertArrayEquals(msg, all, "round " + round);
                port.closePort();
            }
        }
    }

    @Test
    void writesWithNoClientNeverBlockAndAreCounted() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            byte[] chunk = new byte[4096];
            for (int i = 0; i < 64; i++) {
                pty.write(chunk);
            }
            assertTrue(pty.droppedBytes() > 0, "a full terminal must drop, not block");
        }
    }

    @Test
    void readTimesOutWithZero() throws Exception {
        try (PseudoTerminal pty = PseudoTerminal.open()) {
            assertEquals(0, pty.read(new byte[8], 50));
            pty.close();
            assertEquals(-1, pty.read(new byte[8], 50));
        }
    }
}
