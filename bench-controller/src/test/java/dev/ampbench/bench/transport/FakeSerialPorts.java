package dev.ampbench.bench.transport;

import dev.ampbench.bench.LabFault;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A recording fake of the jSerialComm boundary: every call the transport makes, in order, as one line each
 * ({@code "dtr /dev/ttyUSB0 low"}, {@code "open /dev/ttyUSB0"}, ...). Ports are plugged in by path or listed with
 * USB ids; {@link FakePort#vanish()} makes the port fail as a re-enumerating adapter's does (reads and writes -1).
 */
final class FakeSerialPorts implements SerialPorts {
    final List<String> calls = new CopyOnWriteArrayList<>();
    final Map<String, FakePort> byPath = new ConcurrentHashMap<>();
    final List<FakePort> listed = new CopyOnWriteArrayList<>();

    FakePort plug(String path, String serial, int vid, int pid) {
        FakePort p = new FakePort(path, serial, vid, pid);
        byPath.put(path, p);
        listed.add(p);
        return p;
    }

    void unplug(FakePort p) {
        p.vanish();
        byPath.remove(p.path);
        listed.remove(p);
    }

    @Override
    public Port atPath(String path) throws LabFault {
        calls.add("at-path " + path);
        FakePort p = byPath.get(path);
        if (p == null) {
            throw new LabFault("no serial port at " + path + " (unplugged, or not enumerated yet?)");
        }
        return p;
    }

    @Override
    public List<Port> list() {
        calls.add("list");
        return new ArrayList<>(listed);
    }

    final class FakePort implements Port {
        final String path;
        final String serial;
        final int vid;
        final int pid;
        final LinkedBlockingQueue<byte[]> toHost = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream fromHost = new ByteArrayOutputStream();
        volatile boolean gone;
        volatile boolean refusesOpen;
        /** Opens, but every read and write fails. */
        volatile boolean failsIo;
        private volatile boolean open;
        private int readTimeout = 100;

        FakePort(String path, String serial, int vid, int pid) {
            this.path = path;
            this.serial = serial;
            this.vid = vid;
            this.pid = pid;
        }

        void vanish() {
            gone = true;
        }

        @Override
        public String systemPath() {
            return path;
        }

        @Override
        public String usbSerialNumber() {
            return serial;
        }

        @Override
        public int vendorId() {
            return vid;
        }

        @Override
        public int productId() {
            return pid;
        }

        @Override
        public void configure(int baudRate, int readTimeoutMillis) {
            readTimeout = readTimeoutMillis;
            calls.add("configure " + path + " " + baudRate + " timeout " + readTimeoutMillis);
        }

        @Override
        public void setDtr(boolean asserted) {
            calls.add("dtr " + path + (asserted ? " high" : " low"));
        }

        @Override
        public void setRts(boolean asserted) {
            calls.add("rts " + path + (asserted ? " high" : " low"));
        }

        @Override
        public boolean open() {
            calls.add("open " + path);
            open = !gone && !refusesOpen;
            return open;
        }

        @Override
        public int lastErrorCode() {
            return 13;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (gone || failsIo || !open) {
                return -1;
            }
            try {
                byte[] chunk = toHost.poll(readTimeout, TimeUnit.MILLISECONDS);
                if (chunk == null) {
                    return gone ? -1 : 0;
                }
                System.arraycopy(chunk, 0, b, off, chunk.length); // tests queue chunks smaller than len
                return chunk.length;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
        }

        @Override
        public int write(byte[] b, int off, int len) {
            if (gone || failsIo || !open) {
                return -1;
            }
            synchronized (fromHost) {
                fromHost.write(b, off, len);
            }
            return len;
        }

        @Override
        public void close() {
            calls.add("close " + path);
            open = false;
        }
    }
}
