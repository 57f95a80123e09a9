package dev.ampbench.emulator.psu;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The instrument model of a one-channel bench power supply, speaking the SCPI subset that lab supplies (Keysight
 * E36xx, R&amp;S HMC804x, Rigol DP8xx) share on their LXI raw socket. No I/O: {@link ScpiServer} puts it on TCP.
 * Switching the output off is a power cut of the device it feeds.
 *
 * <p>Commands (case-insensitive, short or long form, several per line separated by {@code ;}):
 * <pre>
 * *IDN?  *RST  *CLS  *OPC?
 * OUTPut[:STATe] ON|OFF|1|0        OUTPut[:STATe]?            -> 1 | 0
 * [SOURce:]VOLTage[:LEVel] &lt;V&gt;       [SOURce:]VOLTage[:LEVel]?   -> set-point, volts
 * [SOURce:]CURRent[:LEVel] &lt;A&gt;       [SOURce:]CURRent[:LEVel]?   -> limit, amperes
 * MEASure[:SCALar]:VOLTage[:DC]?    MEASure[:SCALar]:CURRent[:DC]?
 * SYSTem:ERRor[:NEXT]?             -> 0,"No error" | -113,"Undefined header" ...
 * </pre>
 */
public final class ScpiSupply {

    /** Told when the output switches; the emulator cuts or restores the device's power. */
    @FunctionalInterface
    public interface OutputListener {
        void outputChanged(boolean on);
    }

    private static final int ERROR_QUEUE_MAX = 16;

    private final String identity;
    private final OutputListener listener;
    private final DoubleSupplier loadAmps;
    private final Deque<String> errors = new ArrayDeque<>();
    private boolean output;
    private double volts = 3.3;
    private double ampsLimit = 0.1;

    /**
     * @param serial   the instrument's serial number in {@code *IDN?}
     * @param listener told of every output change
     * @param loadAmps the current the device draws while powered (from the energy model, or a constant)
     */
    public ScpiSupply(String serial, OutputListener listener, DoubleSupplier loadAmps) {
        this.identity = "AMPBENCH,VPSU-1," + Objects.requireNonNull(serial, "serial") + ",1.0";
        this.listener = Objects.requireNonNull(listener, "listener");
        this.loadAmps = Objects.requireNonNull(loadAmps, "loadAmps");
    }

    public synchronized boolean output() {
        return output;
    }

    /**
     * Executes one line of SCPI.
     *
     * @return the response line, or {@code null} when no command on the line was a query
     */
    public String execute(String line) {
        List<String> replies = new ArrayList<>();
        List<Runnable> notifications = new ArrayList<>();
        synchronized (this) {
            for (String command : line.split(";")) {
                String c = command.trim();
                if (!c.isEmpty()) {
                    String reply = one(c, notifications);
                    if (reply != null) {
                        replies.add(reply);
                    }
                }
            }
        }
        // Listeners run outside the lock: they may cut the device's power, which takes time.
        notifications.forEach(Runnable::run);
        return replies.isEmpty() ? null : String.join(";", replies);
    }

    private String one(String command, List<Runnable> notifications) {
        int space = command.indexOf(' ');
        String header = (space < 0 ? command : command.substring(0, space)).toUpperCase(Locale.ROOT);
        String arg = space < 0 ? "" : command.substring(space + 1).trim();
        boolean query = header.endsWith("?");
        if (query) {
            header = header.substring(0, header.length() - 1);
            if (!arg.isEmpty()) {
                return error(-108, "Parameter not allowed");
            }
        }
        if (header.startsWith(":")) {
            header = header.substring(1);
        }
        String[] nodes = header.split(":");
        switch (header) {
            case "*IDN":
                return query ? identity : error(-113, "Undefined header");
            case "*RST":
                setOutput(false, notifications);
                volts = 3.3;
                ampsLimit = 0.1;
                return null;
            case "*CLS":
                errors.clear();
                return null;
            case "*OPC":
                return query ? "1" : null;
            default:
                break;
        }
        if (matches(nodes, "OUTPut", "[STATe]")) {
            if (query) {
                return output ? "1" : "0";
            }
            Boolean on = parseBoolean(arg);
            if (on == null) {
                return error(-224, "Illegal parameter value");
            }
            setOutput(on, notifications);
            return null;
        }
        if (matches(nodes, "[SOURce]", "VOLTage", "[LEVel]", "[IMMediate]", "[AMPLitude]")) {
            if (query) {
                return format(volts);
            }
            Double v = parseNumber(arg, 0, 30);
            if (v == null) {
                return error(-222, "Data out of range");
            }
            volts = v;
            return null;
        }
        if (matches(nodes, "[SOURce]", "CURRent", "[LEVel]", "[IMMediate]", "[AMPLitude]")) {
            if (query) {
                return format(ampsLimit);
            }
            Double a = parseNumber(arg, 0, 5);
            if (a == null) {
                return error(-222, "Data out of range");
            }
            ampsLimit = a;
            return null;
        }
        if (query && matches(nodes, "MEASure", "[SCALar]", "VOLTage", "[DC]")) {
            return format(output ? volts : 0.0);
        }
        if (query && matches(nodes, "MEASure", "[SCALar]", "CURRent", "[DC]")) {
            return format(output ? Math.min(loadAmps.getAsDouble(), ampsLimit) : 0.0);
        }
        if (query && matches(nodes, "SYSTem", "ERRor", "[NEXT]")) {
            String next = errors.pollFirst();
            return next == null ? "0,\"No error\"" : next;
        }
        return error(-113, "Undefined header");
    }

    private void setOutput(boolean on, List<Runnable> notifications) {
        if (on != output) {
            output = on;
            notifications.add(() -> listener.outputChanged(on));
        }
    }

    private String error(int code, String text) {
        if (errors.size() >= ERROR_QUEUE_MAX) {
            errors.pollLast();
            errors.addLast("-350,\"Queue overflow\"");
        } else {
            errors.addLast(code + ",\"" + text + "\"");
        }
        return null;
    }

    /**
     * True when {@code nodes} spell the pattern, each pattern node given in SCPI notation (upper-case short form,
     * lower-case rest) and optional when in brackets.
     */
    static boolean matches(String[] nodes, String... pattern) {
        return match(nodes, 0, pattern, 0);
    }

    private static boolean match(String[] nodes, int n, String[] pattern, int p) {
        if (p == pattern.length) {
            return n == nodes.length;
        }
        String pat = pattern[p];
        boolean optional = pat.startsWith("[");
        String word = optional ? pat.substring(1, pat.length() - 1) : pat;
        if (n < nodes.length && keyword(nodes[n], word) && match(nodes, n + 1, pattern, p + 1)) {
            return true;
        }
        return optional && match(nodes, n, pattern, p + 1);
    }

    private static boolean keyword(String node, String word) {
        String shortForm = word.chars().filter(Character::isUpperCase)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String longForm = word.toUpperCase(Locale.ROOT);
        return node.equals(shortForm) || node.equals(longForm);
    }

    private static Boolean parseBoolean(String arg) {
        return switch (arg.toUpperCase(Locale.ROOT)) {
            case "ON", "1" -> Boolean.TRUE;
            case "OFF", "0" -> Boolean.FALSE;
            default -> null;
        };
    }

    private static Double parseNumber(String arg, double min, double max) {
        try {
            double v = Double.parseDouble(arg);
            return v >= min && v <= max ? v : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
