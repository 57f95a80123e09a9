package dev.ampbench.bench.power;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny SCPI supply on a real TCP socket for the tests: the subset the bench uses (*IDN?, SYST:ERR?, OUTP,
 * OUTP?, INST:NSEL, channel lists), with knobs for the faults a lab meets: an instrument that never answers, one
 * that refuses to switch with an error, one whose output does not follow.
 */
final class TinyScpiInstrument implements AutoCloseable {

    enum Mode { NORMAL, SILENT, REJECT_OUTPUT, STUCK }

    private final ServerSocket server;
    private final java.util.Set<Socket> clients = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private final List<String> received = new ArrayList<>();
    private final Map<Integer, Boolean> outputs = new HashMap<>();
    private final Deque<String> errors = new ArrayDeque<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final String idn;
    private volatile Mode mode;
    private int selected = 1;

    TinyScpiInstrument(String idn, Mode mode) throws IOException {
        this.idn = idn;
        this.mode = mode;
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::acceptLoop, "tiny-scpi");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    void mode(Mode m) {
        mode = m;
    }

    int connections() {
        return connections.get();
    }

    synchronized List<String> received() {
        return List.copyOf(received);
    }

    synchronized boolean output(int channel) {
        return outputs.getOrDefault(channel, false);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "tiny-scpi-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.US_ASCII)); OutputStream out = s.getOutputStream()) {
            String line;
            while ((line = in.readLine()) != null) {
                String reply = execute(line);
                if (reply != null && mode != Mode.SILENT) {
                    out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private synchronized String execute(String line) {
        received.add(line);
        String l = line.trim().toUpperCase();
        if (l.equals("*IDN?")) {
            return idn;
        }
        if (l.equals("SYST:ERR?")) {
            String e = errors.pollFirst();
            return e == null ? "0,\"No error\"" : e;
        }
        if (l.equals("*OPC?")) {
            return "1";
        }
        if (l.startsWith("INST:NSEL ")) {
            selected = Integer.parseInt(l.substring(10).trim());
            return null;
        }
        int channel = selected;
        int list = l.indexOf("(@");
        if (list >= 0) {
            channel = Integer.parseInt(l.substring(list + 2, l.indexOf(')', list)));
            l = l.substring(0, list).replaceAll("[ ,]+$", "");
        }
        if (l.equals("OUTP?")) {
            return output(channel) ? "1" : "0";
        }
        if (l.equals("OUTP ON") || l.equals("OUTP OFF")) {
            if (mode == Mode.REJECT_OUTPUT) {
                errors.add("-221,\"Settings conflict\"");
                errors.add("-300,\"Device-specific error, over-temperature\"");
            } else if (mode != Mode.STUCK) {
                outputs.put(channel, l.endsWith("ON"));
            }
            return null;
        }
        errors.add("-113,\"Undefined header\"");
        return null;
    }

    /** Switches the instrument off: stops listening and drops every open connection, as a power loss would. */
    @Override
    public void close() {
        try {
            server.close();
            for (Socket c : clients) {
                c.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
