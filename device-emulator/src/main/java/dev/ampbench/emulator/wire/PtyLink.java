package dev.ampbench.emulator.wire;

import dev.ampbench.emulator.pty.PseudoTerminal;
import java.io.IOException;

/** A device's serial port: a pseudo-terminal the bench opens with jSerialComm. */
public final class PtyLink implements Link {
    private final PseudoTerminal pty;

    public PtyLink() throws IOException {
        this.pty = PseudoTerminal.open();
    }

    @Override
    public int read(byte[] buf, int timeoutMillis) throws IOException {
        return pty.read(buf, timeoutMillis);
    }

    @Override
    public void write(byte[] bytes) throws IOException {
        pty.write(bytes);
    }

    @Override
    public String address() {
        return pty.path();
    }

    @Override
    public void close() {
        pty.close();
    }
}
