package dev.ampbench.bench.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A host interface already connected in this process (the built-in emulator's in-process link): the same wire
 * protocol, no port. Opens once; whoever built the streams owns them.
 */
public final class StreamTransport implements Transport {
    private final String name;
    private final InputStream in;
    private final OutputStream out;
    private final Closeable onClose;

    public StreamTransport(String name, InputStream in, OutputStream out, Closeable onClose) {
        this.name = name;
        this.in = in;
        this.out = out;
        this.onClose = onClose;
    }

    @Override
    public Connection open() {
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
                return StreamTransport.this.describe();
            }

            @Override
            public void close() throws IOException {
                onClose.close();
            }
        };
    }

    @Override
    public String describe() {
        return "in-process " + name;
    }
}
