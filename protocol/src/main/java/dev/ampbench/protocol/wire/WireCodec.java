package dev.ampbench.protocol.wire;

import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;

/**
 * Decodes bench wire messages (the unescaped content of one frame, FCS removed, as {@link HdlcDeframer} delivers
 * it). Throws nothing but {@link FrameDecodeException}, which names the spec's field and its offset.
 */
public final class WireCodec {
    private WireCodec() {
    }

    /** Strict decoding: octets after the last field are malformed (peer of the same minor version, WIRE-R9). */
    public static WireMessage decode(byte[] message) throws FrameDecodeException {
        return decode(message, false);
    }

    /**
     * Decodes one message.
     *
     * @param ignoreTrailing true when the peer announced a higher minor version: octets after the last field this
     *                       codec knows are fields added later and are ignored (WIRE-R10)
     */
    public static WireMessage decode(byte[] message, boolean ignoreTrailing) throws FrameDecodeException {
        if (message.length > HdlcFramer.MAX_MESSAGE_SIZE) {
            throw new FrameDecodeException("Header", 0, "message of " + message.length + " octets exceeds "
                    + HdlcFramer.MAX_MESSAGE_SIZE);
        }
        FrameReader r = new FrameReader(message);
        int header = r.u8("Header", FieldKind.TYPE);
        if ((header & WireFields.SYNC_MASK) != WireFields.SYNC) {
            throw r.error("Header", String.format("sync bits are not 0b10 in 0x%02x", header));
        }
        if ((header & WireFields.RESERVED_MASK) != 0) {
            throw r.error("Header", String.format("reserved bits set in 0x%02x", header));
        }
        int tid = header & WireFields.TID_MASK;
        int code = r.u8("Type", FieldKind.TYPE);
        MessageType type = MessageType.byCode(code)
                .orElseThrow(() -> r.error("Type", String.format("unknown message type 0x%02x", code)));
        checkTid(r, type, tid);
        WireMessage m = switch (type) {
            case HELLO -> WireMessage.Hello.read(tid, r);
            case RESET -> WireMessage.Reset.read(tid, r);
            case PERSONALIZE -> WireMessage.Personalize.read(tid, r);
            case STATUS_GET -> new WireMessage.StatusGet(tid);
            case NV_READ -> WireMessage.NvRead.read(tid, r);
            case NV_ERASE -> WireMessage.NvErase.read(tid, r);
            case HEARTBEAT -> new WireMessage.Heartbeat(tid);
            case AIR_INJECT -> WireMessage.AirInject.read(tid, r);
            case ACTION -> WireMessage.Action.read(tid, r);
            case HELLO_RESPONSE -> WireMessage.HelloResponse.read(tid, r);
            case STATUS -> WireMessage.Status.read(tid, r);
            case NV_DATA -> WireMessage.NvData.read(tid, r);
            case HEARTBEAT_ACK -> WireMessage.HeartbeatAck.read(tid, r);
            case ACK -> WireMessage.Ack.read(tid, r);
            case ERROR -> WireMessage.ErrorResponse.read(tid, r);
            case AIR_EMIT -> WireMessage.AirEmit.read(r);
            case EVENT -> WireMessage.Event.read(r);
            case LOG -> WireMessage.Log.read(r);
        };
        if (!ignoreTrailing && !otherMajor(m)) {
            r.end(r.fields().get(r.fields().size() - 1).name());
        }
        return m;
    }

    /**
     * HELLO and HELLO_RESPONSE keep their leading fields across major versions (section 6.1 of the spec) so that a
     * version mismatch can always be read and reported; what a different major version appends is not judged here.
     */
    private static boolean otherMajor(WireMessage m) {
        if (m instanceof WireMessage.Hello h) {
            return h.versionMajor() != WireMessage.VERSION_MAJOR;
        }
        if (m instanceof WireMessage.HelloResponse h) {
            return h.versionMajor() != WireMessage.VERSION_MAJOR;
        }
        return false;
    }

    /**
     * The TID of a message whose header is sound, or 0: what a device echoes in ERROR when it cannot decode the
     * rest of a command (WIRE-R8).
     */
    public static int tidOf(byte[] message) {
        if (message.length == 0) {
            return 0;
        }
        int h = message[0] & 0xff;
        return (h & (WireFields.SYNC_MASK | WireFields.RESERVED_MASK)) == WireFields.SYNC
                ? h & WireFields.TID_MASK : 0;
    }

    private static void checkTid(FrameReader r, MessageType type, int tid) throws FrameDecodeException {
        switch (type.kind()) {
            case NOTIFICATION -> {
                if (tid != 0) {
                    throw r.error("Header", "notification " + type + " must carry TID 0, carries " + tid);
                }
            }
            case COMMAND, RESPONSE -> {
                if (tid == 0 && type != MessageType.ERROR) {
                    throw r.error("Header", type + " must carry a TID of 1..15, carries 0");
                }
            }
            default -> throw new IllegalStateException();
        }
    }
}
