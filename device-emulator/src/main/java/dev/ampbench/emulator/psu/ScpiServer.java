package dev.ampbench.emulator.psu;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves a {@link ScpiSupply} on a TCP socket as LXI supplies do on port 5025: one command line in, one response
 * line out for queries, lines ended by LF (a CR before it is ignored). Listens on loopback only. Lines longer than
 * {@value #MAX_LINE} characters are answered with an error and the connection is closed.
 */
public final class ScpiServer implements Closeable {
    static final int MAX_LINE = 512;

    private final ScpiSupply supply;
    private final ServerSocket server;
    private final Set<Socket> clients = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    /** Starts serving; {@code port} 0 picks a free one (see {@link #port()}). */
    public ScpiServer(ScpiSupply supply, int port) throws IOException {
        this.supply = supply;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        this.acceptor = new Thread(this::acceptLoop, "scpi-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                clients.add(s);
                Thread t = new Thread(() -> serve(s), "scpi-client-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                StandardCharsets.US_ASCII)); OutputStream out = s.getOutputStream()) {
            StringBuilder line = new StringBuilder();
            int ch;
            while ((ch = in.read()) >= 0) {
                if (ch == '\n') {
                    String reply = supply.execute(line.toString());
                    line.setLength(0);
                    if (reply != null) {
                        out.write((reply + "\n").getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                } else if (ch != '\r') {
                    if (line.length() >= MAX_LINE) {
                        out.write("-223,\"Too much data\"\n".getBytes(StandardCharsets.US_ASCII));
                        return;
                    }
                    line.append((char) ch);
                }
            }
        } catch (SocketException e) {
            // client went away or server closed
        } catch (IOException e) {
            // same: a broken client connection ends only that connection
        } finally {
            clients.remove(s);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : clients) {
            s.close();
        }
    }
}
