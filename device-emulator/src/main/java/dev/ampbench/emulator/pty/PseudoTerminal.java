package dev.ampbench.emulator.pty;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A pseudo-terminal the emulator makes itself (posix_openpt, grantpt, unlockpt, ptsname_r), so a fresh machine
 * needs no socat. The emulated device owns the master side; a client opens {@link #path()} with jSerialComm exactly
 * as it opens /dev/ttyUSB0. The slave is put in raw mode (cfmakeraw) so every byte value passes unchanged, and the
 * emulator keeps its own slave descriptor open so the master never sees a hang-up when a client closes and
 * reopens the port.
 *
 * <p>Writes never block the device: when nobody drains the terminal and its buffer is full, bytes are dropped and
 * counted, as a UART transmitting into an unplugged cable would lose them.
 */
public final class PseudoTerminal implements Closeable {
    /** Large enough for a struct termios on every Linux ABI (60 bytes on x86_64 and aarch64). */
    private static final int TERMIOS_SIZE = 256;

    private final int master;
    private final int slaveKeepAlive;
    private final String path;
    private final Memory pollFd = new Memory(8);
    private volatile boolean closed;
    private long droppedBytes;

    private PseudoTerminal(int master, int slaveKeepAlive, String path) {
        this.master = master;
        this.slaveKeepAlive = slaveKeepAlive;
        this.path = path;
    }

    /** Opens a new pseudo-terminal pair in raw mode. */
    public static PseudoTerminal open() throws IOException {
        LibC c = LibC.INSTANCE;
        int master = c.posix_openpt(LibC.O_RDWR | LibC.O_NOCTTY | LibC.O_NONBLOCK);
        if (master < 0) {
            throw error("posix_openpt");
        }
        try {
            if (c.grantpt(master) != 0) {
                throw error("grantpt");
            }
            if (c.unlockpt(master) != 0) {
                throw error("unlockpt");
            }
            byte[] name = new byte[128];
            if (c.ptsname_r(master, name, new NativeLong(name.length)) != 0) {
                throw error("ptsname_r");
            }
            int len = 0;
            while (len < name.length && name[len] != 0) {
                len++;
            }
            String path = new String(name, 0, len, StandardCharsets.US_ASCII);
            int slave = c.open(path, LibC.O_RDWR | LibC.O_NOCTTY);
            if (slave < 0) {
                throw error("open " + path);
            }
            makeRaw(slave);
            return new PseudoTerminal(master, slave, path);
        } catch (IOException e) {
            c.close(master);
            throw e;
        }
    }

    private static void makeRaw(int fd) throws IOException {
        Memory termios = new Memory(TERMIOS_SIZE);
        termios.clear();
        LibC c = LibC.INSTANCE;
        if (c.tcgetattr(fd, termios) != 0) {
            throw error("tcgetattr");
        }
        c.cfmakeraw(termios);
        if (c.tcsetattr(fd, LibC.TCSANOW, termios) != 0) {
            throw error("tcsetattr");
        }
    }

    private static IOException error(String call) {
        int errno = Native.getLastError();
        return new IOException(call + " failed: " + LibC.INSTANCE.strerror(errno) + " (errno " + errno + ")");
    }

    /** The slave device path, e.g. {@code /dev/pts/3}, to hand to a serial client. */
    public String path() {
        return path;
    }

    /**
     * Reads what a client wrote, waiting at most {@code timeoutMillis}.
     *
     * @return bytes read (0 on timeout), or -1 once closed
     */
    public int read(byte[] buf, int timeoutMillis) throws IOException {
        if (closed) {
            return -1;
        }
        pollFd.setInt(0, master);
        pollFd.setShort(4, LibC.POLLIN);
        pollFd.setShort(6, (short) 0);
        int ready = LibC.INSTANCE.poll(pollFd, new NativeLong(1), timeoutMillis);
        if (ready < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EINTR) {
                return 0;
            }
            throw error("poll");
        }
        if (ready == 0 || closed) {
            return closed ? -1 : 0;
        }
        long n = LibC.INSTANCE.read(master, buf, new NativeLong(buf.length)).longValue();
        if (n < 0) {
            int errno = Native.getLastError();
            if (errno == LibC.EAGAIN || errno == LibC.EINTR || errno == LibC.EIO) {
                return 0;
            }
            throw error("read");
        }
        return (int) n;
    }

    /** Writes to the client; what the terminal cannot take now is dropped and counted. */
    public synchronized void write(byte[] data) throws IOException {
        if (closed) {
            throw new IOException("pseudo-terminal " + path + " is closed");
        }
        int off = 0;
        while (off < data.length) {
            byte[] chunk = off == 0 ? data : Arrays.copyOfRange(data, off, data.length);
            long n = LibC.INSTANCE.write(master, chunk, new NativeLong(chunk.length)).longValue();
            if (n < 0) {
                int errno = Native.getLastError();
                if (errno == LibC.EINTR) {
                    continue;
                }
                if (errno == LibC.EAGAIN) {
                    droppedBytes += data.length - off;
                    return;
                }
                throw error("write");
            }
            off += (int) n;
        }
    }

    /** Bytes dropped because no client drained the terminal. */
    public synchronized long droppedBytes() {
        return droppedBytes;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            LibC.INSTANCE.close(slaveKeepAlive);
            LibC.INSTANCE.close(master);
        }
    }
}
