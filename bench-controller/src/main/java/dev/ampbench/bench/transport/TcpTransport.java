package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A host interface on a TCP port: a serial-to-network adapter, a terminal server, or the emulator's --tcp. */
public final class TcpTransport implements Transport {
    private final String host;
    private final int port;
    private final int connectTimeoutMillis;

    public TcpTransport(String host, int port, int connectTimeoutMillis) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("TCP port must be 1..65535, got " + port);
        }
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Connection open() throws LabFault {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            return new Connection() {
                @Override
                public InputStream in() {
                    return in;
                }

                @Override
                public OutputStream out() {
                    return out;
                }

                @Override
                public String describe() {
                    return TcpTransport.this.describe();
                }

                @Override
                public void close() throws IOException {
                    s.close();
                }
            };
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException ignored) {
                // nothing more to release
            }
            throw new LabFault("cannot connect to " + describe() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "tcp://" + host + ":" + port;
    }
}
