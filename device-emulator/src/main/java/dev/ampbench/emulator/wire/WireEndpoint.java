package dev.ampbench.emulator.wire;

import dev.ampbench.emulator.device.DeviceEvent;
import dev.ampbench.emulator.device.EmulatedDevice;
import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.wire.ErrorCode;
import dev.ampbench.protocol.wire.EventKind;
import dev.ampbench.protocol.wire.HdlcDeframer;
import dev.ampbench.protocol.wire.HdlcFramer;
import dev.ampbench.protocol.wire.LogLevel;
import dev.ampbench.protocol.wire.MessageType;
import dev.ampbench.protocol.wire.WireCodec;
import dev.ampbench.protocol.wire.WireMessage;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Puts an {@link EmulatedDevice} on a {@link Link} behind the bench wire protocol (docs/bench-wire-protocol.md):
 * HDLC-lite framing, one response per intact command, notifications for radio emissions, events and logs. A device
 * that is off or hung answers nothing, as real hardware would not.
 *
 * <p>Ordering (WIRE-R17): notifications the device produces while a command is being handled are held back and sent
 * after that command's response, except the timing events (AIR_TX_BEGIN, NV_WRITE_BEGIN, NV_WRITE_END), which go out
 * the moment they happen so a bench can cut power while the operation is under way; notifications produced at
 * other times (a boot after the supply came back, a brown-out recovery) go out at once.
 */
public final class WireEndpoint implements EmulatedDevice.Output, Closeable {
    public static final String FIRMWARE_VERSION = "ampbench-emulator-0.1";
    private static final int POLL_MILLIS = 50;

    private final Link link;
    private final Thread reader;
    private final HdlcDeframer deframer = new HdlcDeframer();
    private final Object sendLock = new Object();
    private final List<WireMessage> held = new ArrayList<>();
    private EmulatedDevice device;
    private boolean holding;
    private volatile boolean closed;

    public WireEndpoint(Link link) {
        this.link = link;
        this.reader = new Thread(this::readLoop, "wire-" + link.address());
        reader.setDaemon(true);
    }

    /** Attaches the device (built with this endpoint as its output) and starts serving. */
    public void start(EmulatedDevice device) {
        this.device = device;
        reader.start();
    }

    public String address() {
        return link.address();
    }

    /** Counts of what the framer dropped: evidence for the garbage-on-the-line tests. */
    public HdlcDeframer deframer() {
        return deframer;
    }

    private void readLoop() {
        byte[] buf = new byte[2048];
        while (!closed) {
            int n;
            try {
                n = link.read(buf, POLL_MILLIS);
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("ampbench emulate: link " + link.address() + " failed: " + e.getMessage());
                }
                return;
            }
            if (n < 0) {
                return;
            }
            device.tick();
            if (n == 0) {
                continue;
            }
            List<byte[]> messages;
            synchronized (deframer) {
                messages = deframer.accept(buf, 0, n);
            }
            for (byte[] m : messages) {
                handle(m);
            }
        }
    }

    private void handle(byte[] raw) {
        if (!device.responsive()) {
            return; // off or hung: silence is what the bench must detect
        }
        WireMessage response;
        synchronized (sendLock) {
            holding = true;
        }
        try {
            response = respond(raw);
        } catch (RuntimeException e) {
            // A fault of the emulator itself, not of the bench: say so on the wire and in the emulator's log.
            System.err.println("ampbench emulate: internal error handling a command: " + e);
            response = new WireMessage.ErrorResponse(WireCodec.tidOf(raw), ErrorCode.ACTION_FAILED, 0,
                    "internal emulator error: " + e.getClass().getSimpleName());
        }
        List<WireMessage> release;
        synchronized (sendLock) {
            holding = false;
            release = new ArrayList<>(held);
            held.clear();
        }
        if (response != null) {
            send(response);
        }
        release.forEach(this::send);
    }

    /** Builds the one response to a command (null when the device went silent while handling it). */
    private WireMessage respond(byte[] raw) {
        WireMessage msg;
        try {
            msg = WireCodec.decode(raw);
        } catch (FrameDecodeException e) {
            int tid = WireCodec.tidOf(raw);
            boolean unknownType = raw.length > 1 && MessageType.byCode(raw[1] & 0xff).isEmpty();
            return new WireMessage.ErrorResponse(tid, unknownType ? ErrorCode.UNKNOWN_TYPE : ErrorCode.MALFORMED,
                    raw.length > 1 ? raw[1] & 0xff : 0, e.getMessage());
        }
        int tid = msg.tid();
        Firmware fw = device.firmware();
        if (msg instanceof WireMessage.Hello) {
            return new WireMessage.HelloResponse(tid, 1, 0, fw.role(), WireMessage.HelloResponse.bitmap(
                    EnumSet.of(fw.profile())), capabilities(), wireBootCount(), HdlcFramer.MAX_MESSAGE_SIZE,
                    FIRMWARE_VERSION, fw.label());
        } else if (msg instanceof WireMessage.Reset) {
            // The ACK goes out before the reboot's EVENT BOOT (held back until after it).
            device.reset();
            return new WireMessage.Ack(tid, MessageType.RESET);
        } else if (msg instanceof WireMessage.Personalize p) {
            if (p.profile() != fw.profile()) {
                return error(tid, ErrorCode.UNSUPPORTED_PROFILE, msg, "this device runs " + fw.profile().id());
            }
            try {
                device.personalize(fw.personalized(p.items()));
            } catch (IllegalArgumentException e) {
                return error(tid, ErrorCode.MALFORMED, msg, e.getMessage());
            }
            return new WireMessage.Ack(tid, MessageType.PERSONALIZE);
        } else if (msg instanceof WireMessage.StatusGet) {
            Optional<WireMessage.Energy> energy = device.energyFigures()
                    .map(f -> new WireMessage.Energy(f[0], f[1], f[2]));
            return new WireMessage.Status(tid, wireBootCount(), device.uptimeMillis() & 0xFFFFFFFFL, true, energy,
                    List.of(new WireMessage.ProfileState(fw.profile(), device.state())));
        } else if (msg instanceof WireMessage.NvRead r) {
            return device.nvm().read(r.key())
                    .<WireMessage>map(v -> new WireMessage.NvData(tid, r.key(), v))
                    .orElseGet(() -> error(tid, ErrorCode.NOT_FOUND, msg, "no record " + r.key()));
        } else if (msg instanceof WireMessage.NvErase e) {
            if (e.all()) {
                device.nvm().eraseAll();
            } else {
                device.nvm().erase(e.key());
            }
            return new WireMessage.Ack(tid, MessageType.NV_ERASE);
        } else if (msg instanceof WireMessage.Heartbeat) {
            return new WireMessage.HeartbeatAck(tid, wireBootCount(), device.uptimeMillis() & 0xFFFFFFFFL);
        } else if (msg instanceof WireMessage.AirInject a) {
            if (a.profile() != fw.profile()) {
                return error(tid, ErrorCode.UNSUPPORTED_PROFILE, msg, "this device runs " + fw.profile().id());
            }
            byte[] frame = a.frame();
            if (frame.length > fw.maxFrameLength() && !device.defects().contains(
                    dev.ampbench.emulator.device.Defect.HANG_ON_OVERSIZED_LENGTH)) {
                return error(tid, ErrorCode.TOO_LARGE, msg, frame.length + " octets, the radio takes at most "
                        + fw.maxFrameLength());
            }
            device.airReceive(frame);
            return device.responsive() ? new WireMessage.Ack(tid, MessageType.AIR_INJECT) : null;
        } else if (msg instanceof WireMessage.Action a) {
            if (a.profile() != fw.profile()) {
                return error(tid, ErrorCode.UNSUPPORTED_PROFILE, msg, "this device runs " + fw.profile().id());
            }
            try {
                device.action(a.name(), a.args());
            } catch (IllegalArgumentException | IllegalStateException e) {
                return error(tid, ErrorCode.ACTION_FAILED, msg, e.getMessage());
            }
            if (!device.responsive()) {
                return null;
            }
            notify(new WireMessage.Event(EventKind.ACTION_DONE, Optional.of(fw.profile()), micros(), 0,
                    a.name(), ""));
            return new WireMessage.Ack(tid, MessageType.ACTION);
        }
        // Responses and notifications are never sent to a device.
        return error(tid, ErrorCode.UNKNOWN_TYPE, msg, msg.messageType() + " is not a command");
    }

    private static WireMessage error(int tid, ErrorCode code, WireMessage request, String text) {
        String t = text == null ? "" : text;
        return new WireMessage.ErrorResponse(tid, code, request.messageType().code(),
                t.length() > 200 ? t.substring(0, 200) : t);
    }

    /**
     * The boot counter as the wire carries it, a u32: firmware with a 32-bit counter wraps, and a counter read back
     * from a torn record (the torn-nv-write defect) may hold any 64-bit value.
     */
    private long wireBootCount() {
        return device.bootCount() & 0xFFFFFFFFL;
    }

    private long capabilities() {
        // An emulated device has no radio of its own (AIR_BYPASS: the wire is its air) and survives a cut anywhere,
        // announcing AIR_TX_BEGIN and NV writes so the bench can time one (POWER_CUT_MID_FRAME).
        return WireMessage.Capabilities.NV_WRITE_EVENTS | WireMessage.Capabilities.PERSONALIZE
                | WireMessage.Capabilities.EMULATOR | WireMessage.Capabilities.AIR_BYPASS
                | WireMessage.Capabilities.POWER_CUT_MID_FRAME
                | (device.energyFigures().isPresent() ? WireMessage.Capabilities.ENERGY_REPORT : 0);
    }

    private long micros() {
        return (device.uptimeMillis() * 1000) & 0xFFFF_FFFF_FFFFL;
    }

    // ------------------------------------------------------------------------------ device output (notifications)

    @Override
    public void airEmit(byte[] frame, long micros) {
        notify(new WireMessage.AirEmit(device.firmware().profile(), micros(), 0xFFFF, frame));
    }

    @Override
    public void event(DeviceEvent e) {
        EventKind kind = switch (e.kind()) {
            case BOOT -> EventKind.BOOT;
            case STATE -> EventKind.STATE_CHANGE;
            case ESTABLISHED -> EventKind.ESTABLISHED;
            case REJECTED -> EventKind.REJECTED;
            case NV_WRITE_BEGIN -> EventKind.NV_WRITE_BEGIN;
            case NV_WRITE_END -> EventKind.NV_WRITE_END;
            case AIR_TX_BEGIN -> EventKind.AIR_TX_BEGIN;
            case DELIVERED -> null;
        };
        if (kind == null) {
            notify(new WireMessage.Log(LogLevel.INFO, "delivered " + e.value() + " octets of application data"));
            return;
        }
        Optional<dev.ampbench.protocol.Profile> profile = kind == EventKind.BOOT
                || kind == EventKind.NV_WRITE_BEGIN || kind == EventKind.NV_WRITE_END
                ? Optional.empty() : Optional.of(device.firmware().profile());
        WireMessage.Event event = new WireMessage.Event(kind, profile, micros(), e.value() & 0xFFFFFFFFL,
                clip(e.name()), clip(e.detail()));
        if (kind == EventKind.AIR_TX_BEGIN || kind == EventKind.NV_WRITE_BEGIN || kind == EventKind.NV_WRITE_END) {
            send(event); // a timing event: the bench may be waiting on it to cut power
        } else {
            notify(event);
        }
    }

    @Override
    public void booted(long bootCount) {
        // EVENT BOOT already announced the boot (WIRE-R12); nothing more to send.
    }

    private static String clip(String s) {
        return s.length() > 120 ? s.substring(0, 120) : s;
    }

    private void notify(WireMessage m) {
        synchronized (sendLock) {
            if (holding) {
                held.add(m);
                return;
            }
        }
        send(m);
    }

    private void send(WireMessage m) {
        byte[] framed = HdlcFramer.encode(m.encode());
        synchronized (link) {
            try {
                link.write(framed);
            } catch (IOException e) {
                // The bench is gone or the link closed: a UART would lose these bytes too.
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        link.close();
        try {
            reader.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
