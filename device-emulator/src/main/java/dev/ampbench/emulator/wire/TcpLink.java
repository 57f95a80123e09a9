package dev.ampbench.emulator.wire;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A device's host interface on a TCP port of the loopback interface, as a serial-to-network adapter (ser2net, a
 * terminal server) exposes a UART. One bench connection at a time: a new connection replaces the old one, so a bench
 * that crashed and reconnects is never locked out by its own stale socket. Bytes sent while no bench is connected
 * are dropped, as a UART transmitting into an unplugged cable loses them.
 */
public final class TcpLink implements Link {
    private final ServerSocket server;
    private final Object lock = new Object();
    private final Thread acceptor;
    private Socket client;
    private volatile boolean closed;

    /** Listens on {@code port} (0 for any free port). */
    public TcpLink(int port) throws IOException {
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        acceptor = new Thread(this::acceptLoop, "tcp-link-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public String address() {
        return "tcp://127.0.0.1:" + port();
    }

    private Socket current() {
        synchronized (lock) {
            return client;
        }
    }

    /** Takes each new connection, replacing the current one. */
    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                synchronized (lock) {
                    if (client != null) {
                        client.close();
                    }
                    client = s;
                    lock.notifyAll();
                }
            } catch (IOException e) {
                return; // server closed
            }
        }
    }

    @Override
    public int read(byte[] buf, int timeoutMillis) throws IOException {
        if (closed) {
            return -1;
        }
        Socket s;
        synchronized (lock) {
            if (client == null) {
                try {
                    lock.wait(Math.max(1, timeoutMillis));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            }
            s = client;
        }
        if (s == null) {
            return closed ? -1 : 0;
        }
        try {
            s.setSoTimeout(Math.max(1, timeoutMillis));
            InputStream in = s.getInputStream();
            int n = in.read(buf);
            if (n < 0) {
                drop(s);
                return 0;
            }
            return n;
        } catch (SocketTimeoutException e) {
            return 0;
        } catch (IOException e) {
            drop(s);
            return closed ? -1 : 0;
        }
    }

    private void drop(Socket s) {
        synchronized (lock) {
            if (client == s) {
                client = null;
            }
        }
        try {
            s.close();
        } catch (IOException ignored) {
            // already gone
        }
    }

    @Override
    public void write(byte[] bytes) {
        Socket s = current();
        if (s == null) {
            return;
        }
        try {
            s.getOutputStream().write(bytes);
        } catch (IOException e) {
            drop(s);
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        synchronized (lock) {
            if (client != null) {
                client.close();
            }
            lock.notifyAll();
        }
    }
}
