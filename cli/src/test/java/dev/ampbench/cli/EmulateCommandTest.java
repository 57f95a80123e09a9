package dev.ampbench.cli;

import dev.ampbench.cli.Cli.Result;
import static dev.ampbench.cli.Cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fazecast.jSerialComm.SerialPort;
import dev.ampbench.emulator.device.Defect;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class EmulateCommandTest {

    @Test
    void listDefectsPrintsTheCatalogWithTheRulesEachBreaks() {
        Result r = run("emulate", "--list-defects");
        assertEquals(0, r.code());
        String[] lines = r.out().strip().split("\n");
        assertEquals(Defect.values().length, lines.length);
        for (String line : lines) {
            assertTrue(line.matches("^[a-z-]+\\s+.*\\b[A-Z0-9-]+-R\\d+\\b.*"), "no rule id in: " + line);
        }
    }

    @Test
    void userErrorsAreOneLineAndExitTwo() {
        for (String[] args : List.of(new String[] {"emulate"}, new String[] {"emulate", "--profile", "wifi"},
                new String[] {"emulate", "--profile", "aiot-s9", "--role", "router"},
                new String[] {"emulate", "--profile", "aiot-s9", "--defect", "gremlins"},
                new String[] {"emulate", "--profile", "aiot-s9", "--count", "0"},
                new String[] {"emulate", "--profile", "aiot-s9", "--serial", "--tcp", "7000"})) {
            Result r = run(args);
            assertEquals(2, r.code(), String.join(" ", args));
            assertTrue(r.err().startsWith("ampbench: "), r.err());
            assertFalse(r.err().contains("\tat "), "a stack trace for a user error: " + r.err());
        }
    }

    @Test
    void emulateStartsDevicesOnPseudoTerminalsWithSupplies() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "emulate", "--profile", "aiot-s9", "--count", "2", "--seed", "5").redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            List<String> wires = new ArrayList<>();
            List<Integer> psus = new ArrayList<>();
            Pattern device = Pattern.compile("device \\d+: .* wire (\\S+)\\s+psu tcp://127\\.0\\.0\\.1:(\\d+)");
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("ready")) {
                Matcher m = device.matcher(line);
                if (m.find()) {
                    wires.add(m.group(1));
                    psus.add(Integer.parseInt(m.group(2)));
                }
                assertFalse(line.contains("Exception"), line);
            }
            assertEquals(2, wires.size(), "two devices announced");

            for (String wire : wires) {
                assertTrue(wire.startsWith("/dev/pts/"), wire);
                WireMessage.HelloResponse hello = hello(wire);
                assertEquals(Role.DEVICE, hello.role());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), psus.get(1))) {
                s.getOutputStream().write("*IDN?\n".getBytes(StandardCharsets.US_ASCII));
                String idn = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                assertTrue(idn.startsWith("AMPBENCH,VPSU-1,"), idn);
            }
        } finally {
            p.destroy(); // SIGTERM, as Ctrl-C would: the shutdown hook closes every port
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "emulate did not stop on SIGTERM");
        }
    }

    private static WireMessage.HelloResponse hello(String path) throws Exception {
        SerialPort port = SerialPort.getCommPort(path);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 2000, 0);
        assertTrue(port.openPort(), "cannot open " + path);
        try {
            byte[] hello = HdlcFramer.encode(new WireMessage.Hello(1).encode());
            port.writeBytes(hello, hello.length);
            HdlcDeframer deframer = new HdlcDeframer();
            byte[] buf = new byte[512];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline) {
                int n = port.readBytes(buf, buf.length);
                for (byte[] m : deframer.accept(buf, 0, Math.max(n, 0))) {
                    WireMessage msg = WireCodec.decode(m);
                    if (msg.tid() == 1) {
                        return assertInstanceOf(WireMessage.HelloResponse.class, msg);
                    }
                }
            }
            throw new AssertionError("no HELLO_RESPONSE from " + path);
        } finally {
            port.closePort();
        }
    }
}
