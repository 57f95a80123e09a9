package dev.ampbench.bench.power;

import com.fazecast.jSerialComm.SerialPort;
import dev.ampbench.bench.LabFault;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A programmable bench supply (Keysight E36xx, R&amp;S HMC804x, Rigol DP8xx, the emulator's supply) switched by
 * SCPI over its LXI raw socket (TCP port {@value #LXI_RAW_PORT}) or over a serial port.
 *
 * <p>Every line sent is ASCII terminated by a single LF ({@code 0x0A}); every reply is read up to LF (a CR before
 * it is dropped). The exact exchange, with {@code n} the configured channel:
 * <pre>
 * first use:   *IDN?                 -> "maker,model,serial,firmware"   (checked against idn-contains if set)
 *              SYST:ERR?             -> "0,\"No error\""               (clears nothing; an error here is reported)
 * on():        [INST:NSEL n]  SYST:ERR?          only with channel syntax NSEL
 *              OUTP ON               SYST:ERR?   (channel syntax LIST: "OUTP ON,(@n)")
 *              OUTP?                 -> "1"      (LIST: "OUTP? (@n)"); anything but ON is a LabFault
 * off():       the same with OFF and "0"
 * state():     [INST:NSEL n] SYST:ERR?   then OUTP?  -> "1"|"ON" = ON, "0"|"OFF" = OFF
 * </pre>
 * After each command that is not a query, {@code SYST:ERR?} is asked until it answers code 0 (at most
 * {@value #MAX_ERRORS_READ} times); any non-zero code makes the command a {@link LabFault} naming the command and
 * the instrument's errors. A reply that does not come within the timeout is a {@link LabFault}; the link is then
 * closed (a late reply would be taken for the next one) and opened again on the next call. Only maker and model
 * of the identity are ever shown: the instrument's serial number stays out of messages.
 */
public final class ScpiPowerSwitch implements PowerSwitch, AutoCloseable {

    public static final int LXI_RAW_PORT = 5025;
    static final int MAX_ERRORS_READ = 16;
    static final int MAX_LINE = 4096;

    /** How a channel is addressed on a multi-channel supply. */
    public enum ChannelSyntax {
        /** Single-channel supply: no channel is named. */
        NONE,
        /** {@code INST:NSEL n} selects the channel, then plain {@code OUTP ON}. */
        NSEL,
        /** Channel list suffix: {@code OUTP ON,(@n)} and {@code OUTP? (@n)}. */
        LIST
    }

    /** A line-oriented connection to the instrument. Opened lazily, may be closed and opened again. */
    public interface Link extends AutoCloseable {
        void open() throws LabFault;

        boolean isOpen();

        /** Sends one line; the link adds the LF. */
        void send(String line) throws LabFault;

        /** Receives one line without its terminator, or throws {@link LabFault} on timeout. */
        String receive() throws LabFault;

        /** Where it goes, e.g. {@code tcp 10.0.0.5:5025}. */
        String describe();

        @Override
        void close();
    }

    private final Link link;
    private final int channel;
    private final ChannelSyntax syntax;
    private final String idnContains;
    private String identity;

    /**
     * @param link        how to reach the instrument
     * @param syntax      how to name the channel
     * @param channel     channel number (1-based), ignored for {@link ChannelSyntax#NONE}
     * @param idnContains text the {@code *IDN?} reply must contain (case-insensitive), or {@code null}
     */
    public ScpiPowerSwitch(Link link, ChannelSyntax syntax, int channel, String idnContains) {
        this.link = Objects.requireNonNull(link, "link");
        this.syntax = Objects.requireNonNull(syntax, "syntax");
        if (syntax != ChannelSyntax.NONE && channel < 1) {
            throw new IllegalArgumentException("channel must be 1 or more, got " + channel);
        }
        this.channel = syntax == ChannelSyntax.NONE ? 0 : channel;
        this.idnContains = idnContains;
    }

    /** A supply on its LXI raw socket. */
    public static Link tcp(String host, int port, Duration timeout) {
        return new TcpLink(host, port, timeout);
    }

    /** A supply on a serial port, 8N1 without flow control. */
    public static Link serial(String device, int baud, Duration timeout) {
        return new SerialLink(device, baud, timeout);
    }

    @Override
    public void on() throws LabFault {
        switchOutput(true);
    }

    @Override
    public void off() throws LabFault {
        switchOutput(false);
    }

    @Override
    public PowerState state() throws LabFault {
        ensureIdentified();
        selectChannel();
        return parseOutputState(query(outputQuery()));
    }

    /** Maker and model from {@code *IDN?} once identified, else {@code null}; never the serial number. */
    public String identity() {
        return identity;
    }

    @Override
    public String describe() {
        return "scpi " + link.describe() + (syntax == ChannelSyntax.NONE ? "" : " channel " + channel)
                + (identity == null ? "" : " (" + identity + ")");
    }

    @Override
    public void close() {
        link.close();
    }

    private void switchOutput(boolean on) throws LabFault {
        ensureIdentified();
        selectChannel();
        String word = on ? "ON" : "OFF";
        command(syntax == ChannelSyntax.LIST ? "OUTP " + word + ",(@" + channel + ")" : "OUTP " + word);
        PowerState now = parseOutputState(query(outputQuery()));
        PowerState wanted = on ? PowerState.ON : PowerState.OFF;
        if (now != wanted) {
            throw new LabFault(describe() + ": output is " + now + " after OUTP " + word);
        }
    }

    private String outputQuery() {
        return syntax == ChannelSyntax.LIST ? "OUTP? (@" + channel + ")" : "OUTP?";
    }

    private void selectChannel() throws LabFault {
        if (syntax == ChannelSyntax.NSEL) {
            command("INST:NSEL " + channel);
        }
    }

    private void ensureIdentified() throws LabFault {
        if (link.isOpen() && identity != null) {
            return;
        }
        link.open();
        String idn = query("*IDN?");
        String[] fields = idn.split(",", -1);
        if (idn.isBlank() || fields.length < 2) {
            link.close();
            throw new LabFault(describe() + ": *IDN? answered '" + truncate(fields[0]) + "', not an identity");
        }
        String makerModel = fields[0].trim() + " " + fields[1].trim();
        if (idnContains != null && !idn.toLowerCase(Locale.ROOT).contains(idnContains.toLowerCase(Locale.ROOT))) {
            link.close();
            throw new LabFault(describe() + ": instrument identifies as " + makerModel + ", expected one matching '"
                    + idnContains + "'");
        }
        identity = makerModel;
        checkErrors("*IDN?");
    }

    private void command(String line) throws LabFault {
        send(line);
        checkErrors(line);
    }

    private String query(String line) throws LabFault {
        send(line);
        try {
            return link.receive();
        } catch (LabFault e) {
            link.close();
            identity = null;
            throw new LabFault(describe() + ": no answer to '" + line + "': " + e.getMessage(), e);
        }
    }

    private void send(String line) throws LabFault {
        try {
            link.send(line);
        } catch (LabFault e) {
            link.close();
            identity = null;
            throw e;
        }
    }

    private void checkErrors(String after) throws LabFault {
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < MAX_ERRORS_READ; i++) {
            String reply = query("SYST:ERR?");
            ScpiError error = ScpiError.parse(reply);
            if (error == null) {
                link.close();
                identity = null;
                throw new LabFault(describe() + ": SYST:ERR? after '" + after + "' answered '" + truncate(reply)
                        + "', not <code>,\"text\"");
            }
            if (error.code() == 0) {
                break;
            }
            errors.add(error.toString());
        }
        if (!errors.isEmpty()) {
            throw new LabFault(describe() + ": instrument reported " + String.join("; ", errors) + " after '"
                    + after + "'");
        }
    }

    /** Reads an {@code OUTP?} reply. */
    static PowerState parseOutputState(String reply) throws LabFault {
        String r = reply.trim().toUpperCase(Locale.ROOT);
        switch (r) {
            case "1":
            case "ON":
                return PowerState.ON;
            case "0":
            case "OFF":
                return PowerState.OFF;
            default:
                throw new LabFault("OUTP? answered '" + truncate(reply) + "', expected 1, 0, ON or OFF");
        }
    }

    private static String truncate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }

    /** One entry of the SCPI error queue: {@code -113,"Undefined header"}. */
    record ScpiError(int code, String text) {
        /** Parses {@code <code>,"<text>"} (quotes optional, the text may contain commas); {@code null} if not. */
        static ScpiError parse(String reply) {
            String r = reply.trim();
            int comma = r.indexOf(',');
            String number = comma < 0 ? r : r.substring(0, comma).trim();
            if (!number.matches("[+-]?\\d{1,9}")) {
                return null;
            }
            String text = comma < 0 ? "" : r.substring(comma + 1).trim();
            if (text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"")) {
                text = text.substring(1, text.length() - 1);
            }
            return new ScpiError(Integer.parseInt(number), text);
        }

        @Override
        public String toString() {
            return code + ",\"" + text + "\"";
        }
    }

    /** LXI raw socket: one TCP connection, lines in both directions. */
    static final class TcpLink implements Link {
        private final String host;
        private final int port;
        private final int timeoutMillis;
        private Socket socket;
        private InputStream in;
        private OutputStream out;

        TcpLink(String host, int port, Duration timeout) {
            this.host = Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range: " + port);
            }
            this.port = port;
            this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
        }

        @Override
        public void open() throws LabFault {
            close();
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(host, port), timeoutMillis);
                s.setSoTimeout(timeoutMillis);
                s.setTcpNoDelay(true);
                in = s.getInputStream();
                out = s.getOutputStream();
                socket = s;
            } catch (IOException e) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // nothing more to release
                }
                throw new LabFault("scpi " + describe() + ": cannot connect: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean isOpen() {
            return socket != null;
        }

        @Override
        public void send(String line) throws LabFault {
            if (socket == null) {
                throw new LabFault("scpi " + describe() + ": not connected");
            }
            try {
                out.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException e) {
                throw new LabFault("scpi " + describe() + ": sending '" + line + "' failed: " + e.getMessage(), e);
            }
        }

        @Override
        public String receive() throws LabFault {
            if (socket == null) {
                throw new LabFault("scpi " + describe() + ": not connected");
            }
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            try {
                while (true) {
                    int b = in.read();
                    if (b < 0) {
                        throw new LabFault("connection closed by the instrument");
                    }
                    if (b == '\n') {
                        return stripCr(line.toString(StandardCharsets.US_ASCII));
                    }
                    if (line.size() >= MAX_LINE) {
                        throw new LabFault("reply longer than " + MAX_LINE + " bytes without a line end");
                    }
                    line.write(b);
                }
            } catch (SocketTimeoutException e) {
                throw new LabFault("timed out after " + timeoutMillis + " ms", e);
            } catch (IOException e) {
                throw new LabFault("read failed: " + e.getMessage(), e);
            }
        }

        @Override
        public String describe() {
            return "tcp " + host + ":" + port;
        }

        @Override
        public void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing is best effort
                }
                socket = null;
                in = null;
                out = null;
            }
        }
    }

    /** A serial port through jSerialComm: 8 data bits, no parity, 1 stop bit, no flow control. */
    static final class SerialLink implements Link {
        private final String device;
        private final int baud;
        private final int timeoutMillis;
        private SerialPort port;

        SerialLink(String device, int baud, Duration timeout) {
            this.device = Objects.requireNonNull(device, "device");
            this.baud = baud;
            this.timeoutMillis = (int) Math.max(1, timeout.toMillis());
        }

        @Override
        public void open() throws LabFault {
            close();
            SerialPort p;
            try {
                p = SerialPort.getCommPort(device);
            } catch (RuntimeException e) {
                throw new LabFault("scpi " + describe() + ": no such serial port: " + e.getMessage(), e);
            }
            p.setComPortParameters(baud, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            p.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
            p.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING,
                    timeoutMillis, timeoutMillis);
            if (!p.openPort()) {
                throw new LabFault("scpi " + describe() + ": cannot open (error " + p.getLastErrorCode() + ")");
            }
            port = p;
        }

        @Override
        public boolean isOpen() {
            return port != null;
        }

        @Override
        public void send(String line) throws LabFault {
            if (port == null) {
                throw new LabFault("scpi " + describe() + ": not open");
            }
            byte[] bytes = (line + "\n").getBytes(StandardCharsets.US_ASCII);
            if (port.writeBytes(bytes, bytes.length) != bytes.length) {
                throw new LabFault("scpi " + describe() + ": sending '" + line + "' failed");
            }
        }

        @Override
        public String receive() throws LabFault {
            if (port == null) {
                throw new LabFault("scpi " + describe() + ": not open");
            }
            long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] one = new byte[1];
            while (System.nanoTime() < deadline) {
                int n = port.readBytes(one, 1);
                if (n < 0) {
                    throw new LabFault("serial port " + device + " failed while reading");
                }
                if (n == 1) {
                    if (one[0] == '\n') {
                        return stripCr(line.toString(StandardCharsets.US_ASCII));
                    }
                    if (line.size() >= MAX_LINE) {
                        throw new LabFault("reply longer than " + MAX_LINE + " bytes without a line end");
                    }
                    line.write(one[0]);
                }
            }
            throw new LabFault("timed out after " + timeoutMillis + " ms");
        }

        @Override
        public String describe() {
            return "serial " + device + " " + baud + " 8N1";
        }

        @Override
        public void close() {
            if (port != null) {
                port.closePort();
                port = null;
            }
        }
    }

    private static String stripCr(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }
}
