package dev.ampbench.bench.transport;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.ampbench.bench.LabFault;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The real {@link SerialPorts}: jSerialComm. */
public final class JSerialCommPorts implements SerialPorts {
    public static final JSerialCommPorts INSTANCE = new JSerialCommPorts();

    private JSerialCommPorts() {
    }

    @Override
    public Port atPath(String path) throws LabFault {
        // A dangling /dev/serial/by-id link (the adapter is re-enumerating) is "not there yet", not a port.
        if (path.startsWith("/") && !Files.exists(Path.of(path))) {
            throw new LabFault("no serial port at " + path + " (unplugged, or not enumerated yet?)");
        }
        try {
            return new JPort(SerialPort.getCommPort(path));
        } catch (SerialPortInvalidPortException e) {
            throw new LabFault("no serial port at " + path + " (unplugged, or not enumerated yet?)", e);
        }
    }

    @Override
    public List<Port> list() {
        List<Port> ports = new ArrayList<>();
        for (SerialPort p : SerialPort.getCommPorts()) {
            ports.add(new JPort(p));
        }
        return ports;
    }

    private record JPort(SerialPort port) implements Port {
        @Override
        public String systemPath() {
            return port.getSystemPortPath();
        }

        @Override
        public String usbSerialNumber() {
            return port.getSerialNumber();
        }

        @Override
        public int vendorId() {
            return port.getVendorID();
        }

        @Override
        public int productId() {
            return port.getProductID();
        }

        @Override
        public void configure(int baudRate, int readTimeoutMillis) {
            port.setComPortParameters(baudRate, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMillis, 0);
        }

        @Override
        public void setDtr(boolean asserted) {
            if (asserted) {
                port.setDTR();
            } else {
                port.clearDTR();
            }
        }

        @Override
        public void setRts(boolean asserted) {
            if (asserted) {
                port.setRTS();
            } else {
                port.clearRTS();
            }
        }

        @Override
        public boolean open() {
            return port.openPort();
        }

        @Override
        public int lastErrorCode() {
            return port.getLastErrorCode();
        }

        @Override
        public boolean isOpen() {
            return port.isOpen();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            return port.readBytes(b, len, off);
        }

        @Override
        public int write(byte[] b, int off, int len) {
            return port.writeBytes(b, len, off);
        }

        @Override
        public void close() {
            port.closePort();
        }
    }
}
