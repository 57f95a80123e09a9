package dev.ampbench.emulator.testing;

import com.fazecast.jSerialComm.SerialPort;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** How tests reach an emulated station: exactly as the bench reaches hardware. */
public final class Bench {
    private Bench() {
    }

    /** Opens the device's host interface: a TCP address or a serial device path (opened with jSerialComm). */
    public static WireClient connect(String address) throws IOException {
        if (address.startsWith("tcp://")) {
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
            s.setTcpNoDelay(true);
            return new WireClient(s.getInputStream(), s.getOutputStream(), s);
        }
        SerialPort port = SerialPort.getCommPort(address);
        port.setBaudRate(115200);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, 200, 0);
        if (!port.openPort()) {
            throw new IOException("jSerialComm could not open " + address);
        }
        return new WireClient(new java.io.InputStream() {
            private final byte[] one = new byte[1];

            @Override
            public int read() throws IOException {
                int n = read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                while (port.isOpen()) {
                    int n = port.readBytes(b, len, off);
                    if (n > 0) {
                        return n;
                    }
                }
                return -1;
            }
        }, port.getOutputStream(), port::closePort);
    }

    /** Sends one SCPI line to a supply and returns its answer (or null for a command without one). */
    public static String scpi(int port, String line) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            boolean query = line.contains("?");
            out.write((line + (query ? "" : ";*OPC?") + "\n").getBytes(StandardCharsets.US_ASCII));
            String reply = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            return query ? reply : null;
        }
    }
}
