package dev.ampbench.emulator.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A device's host interface inside the bench's own process: the same bench wire protocol as over a serial port or
 * TCP, carried by two in-memory queues. For unit tests and fast fuzzing; the bench side is {@link #benchInput()} and
 * {@link #benchOutput()}.
 */
public final class InProcessLink implements Link {
    private static final byte[] EOF = new byte[0];

    private final BlockingQueue<byte[]> toDevice = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> toBench = new LinkedBlockingQueue<>();
    private final String name;
    private volatile boolean closed;

    public InProcessLink(String name) {
        this.name = name;
    }

    @Override
    public int read(byte[] buf, int timeoutMillis) throws IOException {
        if (closed) {
            return -1;
        }
        byte[] chunk;
        try {
            chunk = toDevice.poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
        if (chunk == null) {
            return 0;
        }
        if (chunk == EOF) {
            return -1;
        }
        if (chunk.length > buf.length) {
            // Hand over what fits and put the rest back in front.
            System.arraycopy(chunk, 0, buf, 0, buf.length);
            byte[] rest = java.util.Arrays.copyOfRange(chunk, buf.length, chunk.length);
            BlockingQueue<byte[]> requeue = new LinkedBlockingQueue<>();
            requeue.add(rest);
            toDevice.drainTo(requeue);
            toDevice.addAll(requeue);
            return buf.length;
        }
        System.arraycopy(chunk, 0, buf, 0, chunk.length);
        return chunk.length;
    }

    @Override
    public void write(byte[] bytes) {
        if (!closed) {
            toBench.add(bytes.clone());
        }
    }

    @Override
    public String address() {
        return "inproc:" + name;
    }

    /** What the device sent, as the bench reads it. Blocks until bytes arrive; -1 once the link is closed. */
    public InputStream benchInput() {
        return new InputStream() {
            private byte[] current = new byte[0];
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                while (pos >= current.length) {
                    try {
                        current = toBench.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted");
                    }
                    pos = 0;
                    if (current == EOF) {
                        toBench.add(EOF);
                        current = new byte[0];
                        return -1;
                    }
                }
                int n = Math.min(len, current.length - pos);
                System.arraycopy(current, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** Where the bench writes to the device. */
    public OutputStream benchOutput() {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (closed) {
                    throw new IOException("in-process link " + name + " is closed");
                }
                toDevice.add(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            toDevice.add(EOF);
            toBench.add(EOF);
        }
    }
}
