package dev.ampbench.bench.power;

import com.fazecast.jSerialComm.SerialPort;
import dev.ampbench.bench.LabFault;

import java.util.Objects;

/**
 * Power through a modem control line of a serial port: DTR or RTS drives a transistor, MOSFET or relay that feeds
 * the device (or holds it in reset). The levels are set through the {@link SerialLines} boundary; the real one is
 * jSerialComm ({@link #jSerialComm(String)}), tests use a fake.
 *
 * <p>What happens on the wire, with {@code asserted} meaning the line's logical 1 (TIOCMBIS on POSIX,
 * SETDTR/SETRTS on Windows): with {@code activeLow = false}, on() asserts the line and off() clears it; with
 * {@code activeLow = true} the other way round. The other line of the pair is held cleared.
 *
 * <p><b>The reset pulse at open.</b> Opening a serial port asserts DTR and RTS: the Linux and macOS kernels raise
 * both lines in open(2) before any program can change them, and jSerialComm then applies the levels it was given
 * before {@code openPort()} (since 2.10.4 it carries a {@code clearDTR()}/{@code clearRTS()} made before opening
 * into the port's configuration; jSerialComm issues #437 and #523). This driver therefore
 * <ul>
 *   <li>does not open the port until the first on() or off(), and then requests the level that command wants
 *       <em>before</em> opening and sets it again right after, so the only glitch left is the kernel's, well under
 *       a millisecond (jSerialComm #437 measured it);</li>
 *   <li>keeps the port open for its whole life, so no later command opens it again; {@link #state()} before the
 *       first command answers {@link PowerState#UNKNOWN} instead of opening the port to look;</li>
 *   <li>cannot stop the kernel dropping both lines when the port is finally closed (HUPCL): {@link #close()} leaves
 *       the line cleared, which is OFF with active-high wiring.</li>
 * </ul>
 * Wire the switch so that "asserted" at open does no harm (a short pulse on an active-high power line is a brief
 * power-on of a device that was off), or add an RC delay in hardware when even that is too much.
 */
public final class SerialLineSwitch implements PowerSwitch, AutoCloseable {

    /** Which modem control line switches the power. */
    public enum Line { DTR, RTS }

    /** The serial port's control lines; {@code true} = asserted. */
    public interface SerialLines extends AutoCloseable {
        /** Opens the port, asking for these initial levels. */
        void open(boolean dtr, boolean rts) throws LabFault;

        boolean isOpen();

        void set(Line line, boolean asserted) throws LabFault;

        /** The level as the port reports it. */
        boolean get(Line line) throws LabFault;

        /** The port, e.g. {@code /dev/ttyUSB0}. */
        String describe();

        @Override
        void close();
    }

    private final SerialLines lines;
    private final Line line;
    private final boolean activeLow;

    public SerialLineSwitch(SerialLines lines, Line line, boolean activeLow) {
        this.lines = Objects.requireNonNull(lines, "lines");
        this.line = Objects.requireNonNull(line, "line");
        this.activeLow = activeLow;
    }

    /** The real control lines of {@code device} through jSerialComm. */
    public static SerialLines jSerialComm(String device) {
        return new JSerialCommLines(device);
    }

    @Override
    public void on() throws LabFault {
        drive(!activeLow);
    }

    @Override
    public void off() throws LabFault {
        drive(activeLow);
    }

    @Override
    public PowerState state() throws LabFault {
        if (!lines.isOpen()) {
            return PowerState.UNKNOWN;
        }
        return lines.get(line) != activeLow ? PowerState.ON : PowerState.OFF;
    }

    @Override
    public String describe() {
        return "serial-line " + lines.describe() + " " + line + (activeLow ? " active-low" : "");
    }

    /** Closes the port; the kernel then clears both lines. */
    @Override
    public void close() {
        lines.close();
    }

    private void drive(boolean asserted) throws LabFault {
        if (!lines.isOpen()) {
            lines.open(line == Line.DTR && asserted, line == Line.RTS && asserted);
        }
        lines.set(line, asserted);
        if (lines.get(line) != asserted) {
            throw new LabFault(describe() + ": " + line + " did not go " + (asserted ? "high" : "low"));
        }
    }

    /** jSerialComm's control-line calls; nothing is read or written on the data lines. */
    static final class JSerialCommLines implements SerialLines {
        private final String device;
        private SerialPort port;

        JSerialCommLines(String device) {
            this.device = Objects.requireNonNull(device, "device");
        }

        @Override
        public void open(boolean dtr, boolean rts) throws LabFault {
            SerialPort p;
            try {
                p = SerialPort.getCommPort(device);
            } catch (RuntimeException e) {
                throw new LabFault("serial-line " + device + ": no such serial port: " + e.getMessage(), e);
            }
            p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            // Requested before opening: jSerialComm applies them while configuring the port.
            if (dtr) {
                p.setDTR();
            } else {
                p.clearDTR();
            }
            if (rts) {
                p.setRTS();
            } else {
                p.clearRTS();
            }
            if (!p.openPort()) {
                throw new LabFault("serial-line " + device + ": cannot open (error " + p.getLastErrorCode() + ")");
            }
            port = p;
            set(Line.DTR, dtr);
            set(Line.RTS, rts);
        }

        @Override
        public boolean isOpen() {
            return port != null;
        }

        @Override
        public void set(Line line, boolean asserted) throws LabFault {
            if (port == null) {
                throw new LabFault("serial-line " + device + ": not open");
            }
            boolean ok = line == Line.DTR ? (asserted ? port.setDTR() : port.clearDTR())
                    : (asserted ? port.setRTS() : port.clearRTS());
            if (!ok) {
                throw new LabFault("serial-line " + device + ": cannot " + (asserted ? "set " : "clear ") + line
                        + " (error " + port.getLastErrorCode() + ")");
            }
        }

        @Override
        public boolean get(Line line) throws LabFault {
            if (port == null) {
                throw new LabFault("serial-line " + device + ": not open");
            }
            return line == Line.DTR ? port.getDTR() : port.getRTS();
        }

        @Override
        public String describe() {
            return device;
        }

        @Override
        public void close() {
            if (port != null) {
                port.closePort();
                port = null;
            }
        }
    }
}
