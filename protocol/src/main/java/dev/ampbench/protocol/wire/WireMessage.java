package dev.ampbench.protocol.wire;

import static dev.ampbench.protocol.wire.WireFields.anyTid;
import static dev.ampbench.protocol.wire.WireFields.blob;
import static dev.ampbench.protocol.wire.WireFields.commandTid;
import static dev.ampbench.protocol.wire.WireFields.header;
import static dev.ampbench.protocol.wire.WireFields.hex;
import static dev.ampbench.protocol.wire.WireFields.profileCode;
import static dev.ampbench.protocol.wire.WireFields.range;
import static dev.ampbench.protocol.wire.WireFields.readBlob;
import static dev.ampbench.protocol.wire.WireFields.readProfile;
import static dev.ampbench.protocol.wire.WireFields.readString;
import static dev.ampbench.protocol.wire.WireFields.string;
import static dev.ampbench.protocol.wire.WireFields.u32;
import static dev.ampbench.protocol.wire.WireFields.writeBlob;
import static dev.ampbench.protocol.wire.WireFields.writeString;

import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.FieldDescriptor;
import dev.ampbench.protocol.codec.FieldKind;
import dev.ampbench.protocol.codec.Frame;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.FrameReader;
import dev.ampbench.protocol.codec.FrameWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One message of the bench wire protocol ({@code docs/bench-wire-protocol.md}): the unescaped content of one
 * HDLC-lite frame, Header octet (sync 0b10, reserved 0b00, TID) + Type octet + payload. Each record is one message
 * type; its field names are the spec's. {@link #encode()} gives the message octets (frame them with
 * {@link HdlcFramer#encode}); {@link WireCodec#decode} reads them back. Records copy byte arrays in and out.
 */
public sealed interface WireMessage extends Frame permits WireMessage.Hello, WireMessage.HelloResponse,
        WireMessage.Reset, WireMessage.Personalize, WireMessage.StatusGet, WireMessage.Status,
        WireMessage.NvRead, WireMessage.NvData, WireMessage.NvErase, WireMessage.Heartbeat,
        WireMessage.HeartbeatAck, WireMessage.AirInject, WireMessage.AirEmit, WireMessage.Action,
        WireMessage.Event, WireMessage.Log, WireMessage.Ack, WireMessage.ErrorResponse {

    /** Wire protocol version spoken by this codec. */
    int VERSION_MAJOR = 1;
    int VERSION_MINOR = 0;

    /** Smallest maximum message size a peer may announce in HELLO. */
    int MIN_MAX_MESSAGE_SIZE = 64;

    /** RSSI octet value meaning "not given" (dBm are -128..126). */
    int RSSI_NONE = 127;
    /** Channel value meaning "not given". */
    int CHANNEL_NONE = 0xFFFF;
    /** Profile octet value meaning "no profile" (EVENT only). */
    int PROFILE_NONE = 0xFF;

    /** The Type octet. */
    MessageType messageType();

    /** The transaction id of the Header octet: 1..15 for commands and their responses, 0 for notifications. */
    int tid();

    /** Writes the message, recording every field. */
    FrameWriter writer();

    @Override
    default String type() {
        return messageType().name();
    }

    /**
     * The message octets.
     *
     * @throws IllegalArgumentException if they would exceed {@link HdlcFramer#MAX_MESSAGE_SIZE}
     */
    @Override
    default byte[] encode() {
        byte[] b = writer().toBytes();
        if (b.length > HdlcFramer.MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException(type() + " is " + b.length + " octets, more than "
                    + HdlcFramer.MAX_MESSAGE_SIZE);
        }
        return b;
    }

    @Override
    default List<FieldDescriptor> fields() {
        return writer().fields();
    }

    /** Capability bits of HELLO_RESPONSE. */
    final class Capabilities {
        /** Sends EVENT NV_WRITE_BEGIN/END around every non-volatile write. */
        public static final long NV_WRITE_EVENTS = 1L;
        /** Fills in the energy figures of STATUS. */
        public static final long ENERGY_REPORT = 1L << 1;
        /** Survives and reports a power cut in the middle of a frame or an NV write (torn-write test target). */
        public static final long POWER_CUT_MID_FRAME = 1L << 2;
        /** Test firmware or emulator: accepts PERSONALIZE. Production firmware never sets this bit. */
        public static final long PERSONALIZE = 1L << 3;
        /** Accepts AIR_INJECT and reports AIR_EMIT (the radio can be bypassed by the bench). */
        public static final long AIR_BYPASS = 1L << 4;
        /** Software emulator rather than silicon. */
        public static final long EMULATOR = 1L << 5;

        private Capabilities() {
        }
    }

    // ---------------------------------------------------------------------------------------------- commands

    /** HELLO (0x01): the host's version and the largest message it accepts. First command of every session. */
    record Hello(int tid, int versionMajor, int versionMinor, int maxMessageSize) implements WireMessage {
        public Hello {
            commandTid(tid);
            range("VersionMajor", versionMajor, 0, 255);
            range("VersionMinor", versionMinor, 0, 255);
            range("MaxMessageSize", maxMessageSize, MIN_MAX_MESSAGE_SIZE, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        /** A HELLO with this codec's version and the full message size. */
        public Hello(int tid) {
            this(tid, VERSION_MAJOR, VERSION_MINOR, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        @Override
        public MessageType messageType() {
            return MessageType.HELLO;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType())
                    .u8("VersionMajor", FieldKind.TYPE, versionMajor)
                    .u8("VersionMinor", FieldKind.TYPE, versionMinor)
                    .uintLe("MaxMessageSize", 2, FieldKind.PARAMETER, maxMessageSize);
        }

        static Hello read(int tid, FrameReader r) throws FrameDecodeException {
            int major = r.u8("VersionMajor", FieldKind.TYPE);
            int minor = r.u8("VersionMinor", FieldKind.TYPE);
            int max = readMaxSize(r);
            return new Hello(tid, major, minor, max);
        }
    }

    /** RESET (0x02): the device answers ACK, then resets and sends EVENT BOOT. */
    record Reset(int tid, ResetMode mode) implements WireMessage {
        public Reset {
            commandTid(tid);
            Objects.requireNonNull(mode, "mode");
        }

        @Override
        public MessageType messageType() {
            return MessageType.RESET;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType()).u8("Mode", FieldKind.PARAMETER, mode.code());
        }

        static Reset read(int tid, FrameReader r) throws FrameDecodeException {
            int m = r.u8("Mode", FieldKind.PARAMETER);
            return new Reset(tid, ResetMode.byCode(m).orElseThrow(() -> r.error("Mode", "unknown mode " + m)));
        }
    }

    /**
     * One identity or key item of PERSONALIZE. Tags 0x00..0x7F are public identity items, 0x80..0xFF secret key
     * items; {@link #toString()} never prints a secret item's value.
     */
    record Item(int tag, byte[] value) {
        public static final int DEVICE_ID = 0x01;
        public static final int NETWORK_ID = 0x02;
        public static final int DEVICE_ADDRESS = 0x03;
        public static final int ROOT_KEY = 0x81;
        public static final int NETWORK_KEY = 0x82;
        public static final int APP_KEY = 0x83;
        public static final int PASSPHRASE = 0x84;

        public Item {
            range("Item.Tag", tag, 0, 255);
            value = blob("Item.Value", value, 255);
        }

        public boolean secret() {
            return tag >= 0x80;
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Item i && i.tag == tag && Arrays.equals(i.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * tag + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return String.format("Item[tag=0x%02x, value=%s]", tag,
                    secret() ? "<redacted " + value.length + " octets>" : hex(value));
        }
    }

    /**
     * PERSONALIZE (0x03): installs identity and key items for one profile. Accepted only by test firmware and the
     * emulator (capability {@link Capabilities#PERSONALIZE}); production firmware answers ERROR NOT_PERMITTED.
     * Answered by ACK or ERROR, never echoed; {@link #toString()} redacts secret items.
     */
    record Personalize(int tid, Profile profile, List<Item> items) implements WireMessage {
        public Personalize {
            commandTid(tid);
            Objects.requireNonNull(profile, "profile");
            items = List.copyOf(items);
            range("ItemCount", items.size(), 0, 255);
        }

        @Override
        public MessageType messageType() {
            return MessageType.PERSONALIZE;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType())
                    .u8("Profile", FieldKind.TYPE, profileCode(profile))
                    .u8("ItemCount", FieldKind.LENGTH, items.size());
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                String f = "Item[" + i + "].";
                w.u8(f + "Tag", FieldKind.KEY_ID, it.tag())
                        .u8(f + "Length", FieldKind.LENGTH, it.value.length)
                        .optionalBytes(f + "Value", it.secret() ? FieldKind.PAYLOAD : FieldKind.ADDRESS, it.value);
            }
            return w;
        }

        static Personalize read(int tid, FrameReader r) throws FrameDecodeException {
            Profile p = readProfile(r, "Profile");
            int n = r.u8("ItemCount", FieldKind.LENGTH);
            List<Item> items = new ArrayList<>(Math.min(n, r.remaining() / 2));
            for (int i = 0; i < n; i++) {
                String f = "Item[" + i + "].";
                int tag = r.u8(f + "Tag", FieldKind.KEY_ID);
                int len = r.u8(f + "Length", FieldKind.LENGTH);
                byte[] v = len == 0 ? new byte[0]
                        : r.bytes(f + "Value", len, tag >= 0x80 ? FieldKind.PAYLOAD : FieldKind.ADDRESS);
                items.add(new Item(tag, v));
            }
            return new Personalize(tid, p, items);
        }
    }

    /** STATUS_GET (0x04): asks for STATUS. No payload. */
    record StatusGet(int tid) implements WireMessage {
        public StatusGet {
            commandTid(tid);
        }

        @Override
        public MessageType messageType() {
            return MessageType.STATUS_GET;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType());
        }
    }

    /** NV_READ (0x05): asks for NV_DATA of one key. */
    record NvRead(int tid, String key) implements WireMessage {
        public NvRead {
            commandTid(tid);
            nvKey(key);
        }

        @Override
        public MessageType messageType() {
            return MessageType.NV_READ;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType());
            writeString(w, "Key", key);
            return w;
        }

        static NvRead read(int tid, FrameReader r) throws FrameDecodeException {
            return new NvRead(tid, readNvKey(r));
        }
    }

    /** NV_ERASE (0x06): erases one key (Scope 0, Key given) or all keys (Scope 1, Key empty). Answered by ACK. */
    record NvErase(int tid, boolean all, String key) implements WireMessage {
        public NvErase {
            commandTid(tid);
            if (all) {
                if (!key.isEmpty()) {
                    throw new IllegalArgumentException("Key must be empty when erasing all keys");
                }
            } else {
                nvKey(key);
            }
        }

        public static NvErase everything(int tid) {
            return new NvErase(tid, true, "");
        }

        @Override
        public MessageType messageType() {
            return MessageType.NV_ERASE;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType()).u8("Scope", FieldKind.PARAMETER, all ? 1 : 0);
            writeString(w, "Key", key);
            return w;
        }

        static NvErase read(int tid, FrameReader r) throws FrameDecodeException {
            int scope = r.u8("Scope", FieldKind.PARAMETER);
            if (scope > 1) {
                throw r.error("Scope", "unknown scope " + scope);
            }
            String key = readString(r, "Key");
            if (scope == 1 && !key.isEmpty()) {
                throw r.error("Key", "must be empty when Scope is 1 (all)");
            }
            if (scope == 0 && key.isEmpty()) {
                throw r.error("KeyLength", "must not be empty when Scope is 0 (one key)");
            }
            return new NvErase(tid, scope == 1, key);
        }
    }

    /** HEARTBEAT (0x07): liveness probe. No payload; answered by HEARTBEAT_ACK. */
    record Heartbeat(int tid) implements WireMessage {
        public Heartbeat {
            commandTid(tid);
        }

        @Override
        public MessageType messageType() {
            return MessageType.HEARTBEAT;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType());
        }
    }

    /**
     * AIR_INJECT (0x08): the host says "this frame arrived over the air". Timestamp in the device's microseconds
     * since boot (0 = on receipt of this message); RSSI in dBm or {@link #RSSI_NONE}; channel or
     * {@link #CHANNEL_NONE}. Answered by ACK once the frame is queued to the profile, or ERROR.
     */
    record AirInject(int tid, Profile profile, long timestampUs, int rssiDbm, int channel, byte[] frame)
            implements WireMessage {
        public AirInject {
            commandTid(tid);
            Objects.requireNonNull(profile, "profile");
            range("TimestampUs", timestampUs, 0, WireFields.MAX_U48);
            range("Rssi", rssiDbm, -128, 127);
            range("Channel", channel, 0, 0xFFFF);
            frame = blob("Frame", frame, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }

        @Override
        public MessageType messageType() {
            return MessageType.AIR_INJECT;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType())
                    .u8("Profile", FieldKind.TYPE, profileCode(profile))
                    .uintLe("TimestampUs", 6, FieldKind.PARAMETER, timestampUs)
                    .u8("Rssi", FieldKind.PARAMETER, rssiDbm & 0xff)
                    .uintLe("Channel", 2, FieldKind.PARAMETER, channel);
            writeBlob(w, "Frame", FieldKind.PAYLOAD, frame);
            return w;
        }

        static AirInject read(int tid, FrameReader r) throws FrameDecodeException {
            Profile p = readProfile(r, "Profile");
            long ts = r.uintLe("TimestampUs", 6, FieldKind.PARAMETER);
            int rssi = (byte) r.u8("Rssi", FieldKind.PARAMETER);
            int ch = (int) r.uintLe("Channel", 2, FieldKind.PARAMETER);
            return new AirInject(tid, p, ts, rssi, ch, readBlob(r, "Frame", FieldKind.PAYLOAD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AirInject a && a.tid == tid && a.profile == profile && a.timestampUs == timestampUs
                    && a.rssiDbm == rssiDbm && a.channel == channel && Arrays.equals(a.frame, frame);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, profile, timestampUs, rssiDbm, channel, Arrays.hashCode(frame));
        }

        @Override
        public String toString() {
            return "AirInject[tid=" + tid + ", profile=" + profile.id() + ", timestampUs=" + timestampUs
                    + ", rssiDbm=" + rssiDbm + ", channel=" + channel + ", frame=" + hex(frame) + "]";
        }
    }

    /**
     * ACTION (0x09): start a profile action by name ({@code beacon}, {@code page}, {@code join}, {@code send} ...)
     * with argument octets. Answered by ACK when started (outcome by EVENT) or ERROR.
     */
    record Action(int tid, Profile profile, String name, byte[] args) implements WireMessage {
        public Action {
            commandTid(tid);
            Objects.requireNonNull(profile, "profile");
            string("Name", name);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("Name must not be empty");
            }
            args = blob("Args", args, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        @Override
        public byte[] args() {
            return args.clone();
        }

        @Override
        public MessageType messageType() {
            return MessageType.ACTION;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType()).u8("Profile", FieldKind.TYPE, profileCode(profile));
            writeString(w, "Name", name);
            writeBlob(w, "Args", FieldKind.PAYLOAD, args);
            return w;
        }

        static Action read(int tid, FrameReader r) throws FrameDecodeException {
            Profile p = readProfile(r, "Profile");
            String name = readString(r, "Name");
            if (name.isEmpty()) {
                throw r.error("NameLength", "action name must not be empty");
            }
            return new Action(tid, p, name, readBlob(r, "Args", FieldKind.PAYLOAD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Action a && a.tid == tid && a.profile == profile && a.name.equals(name)
                    && Arrays.equals(a.args, args);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, profile, name, Arrays.hashCode(args));
        }

        @Override
        public String toString() {
            return "Action[tid=" + tid + ", profile=" + profile.id() + ", name=" + name + ", args=" + hex(args) + "]";
        }
    }

    // --------------------------------------------------------------------------------------------- responses

    /** HELLO_RESPONSE (0x41): who the device is. The device label is a bench label, never a secret identity. */
    record HelloResponse(int tid, int versionMajor, int versionMinor, Role role, int profiles, long capabilities,
                         long bootCounter, int maxMessageSize, String firmwareVersion, String deviceLabel)
            implements WireMessage {
        public HelloResponse {
            commandTid(tid);
            range("VersionMajor", versionMajor, 0, 255);
            range("VersionMinor", versionMinor, 0, 255);
            Objects.requireNonNull(role, "role");
            range("Profiles", profiles, 0, 0xFFFF);
            u32("Capabilities", capabilities);
            u32("BootCounter", bootCounter);
            range("MaxMessageSize", maxMessageSize, MIN_MAX_MESSAGE_SIZE, HdlcFramer.MAX_MESSAGE_SIZE);
            string("FirmwareVersion", firmwareVersion);
            string("DeviceLabel", deviceLabel);
        }

        /** The Profiles bitmap for a set of profiles: bit i is {@code Profile.values()[i]}. */
        public static int bitmap(Set<Profile> profiles) {
            int b = 0;
            for (Profile p : profiles) {
                b |= 1 << p.ordinal();
            }
            return b;
        }

        /** The known profiles of the bitmap; bits of profiles added by later minor versions are ignored. */
        public Set<Profile> supportedProfiles() {
            Set<Profile> s = EnumSet.noneOf(Profile.class);
            for (Profile p : Profile.values()) {
                if ((profiles & (1 << p.ordinal())) != 0) {
                    s.add(p);
                }
            }
            return s;
        }

        public boolean has(long capability) {
            return (capabilities & capability) == capability;
        }

        @Override
        public MessageType messageType() {
            return MessageType.HELLO_RESPONSE;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType())
                    .u8("VersionMajor", FieldKind.TYPE, versionMajor)
                    .u8("VersionMinor", FieldKind.TYPE, versionMinor)
                    .u8("Role", FieldKind.TYPE, role.ordinal())
                    .uintLe("Profiles", 2, FieldKind.PARAMETER, profiles)
                    .uintLe("Capabilities", 4, FieldKind.PARAMETER, capabilities)
                    .uintLe("BootCounter", 4, FieldKind.COUNTER, bootCounter)
                    .uintLe("MaxMessageSize", 2, FieldKind.PARAMETER, maxMessageSize);
            writeString(w, "FirmwareVersion", firmwareVersion);
            writeString(w, "DeviceLabel", deviceLabel);
            return w;
        }

        static HelloResponse read(int tid, FrameReader r) throws FrameDecodeException {
            int major = r.u8("VersionMajor", FieldKind.TYPE);
            int minor = r.u8("VersionMinor", FieldKind.TYPE);
            int role = r.u8("Role", FieldKind.TYPE);
            if (role >= Role.values().length) {
                throw r.error("Role", "unknown role " + role);
            }
            int profiles = (int) r.uintLe("Profiles", 2, FieldKind.PARAMETER);
            long caps = r.uintLe("Capabilities", 4, FieldKind.PARAMETER);
            long boot = r.uintLe("BootCounter", 4, FieldKind.COUNTER);
            int max = readMaxSize(r);
            String fw = readString(r, "FirmwareVersion");
            String label = readString(r, "DeviceLabel");
            return new HelloResponse(tid, major, minor, Role.values()[role], profiles, caps, boot, max, fw, label);
        }
    }

    /** Energy figures of STATUS, present when the device has the {@link Capabilities#ENERGY_REPORT} capability. */
    record Energy(long storedMicrojoules, long harvestMicrowatts, long consumedMicrojoules) {
        public Energy {
            u32("StoredEnergyUj", storedMicrojoules);
            u32("HarvestPowerUw", harvestMicrowatts);
            u32("ConsumedEnergyUj", consumedMicrojoules);
        }
    }

    /** The state of one profile's machine, as STATUS lists it. */
    record ProfileState(Profile profile, String state) {
        public ProfileState {
            Objects.requireNonNull(profile, "profile");
            string("State", state);
        }
    }

    /** STATUS (0x44): boot counter, uptime (ms, wraps at 2^32), personalised flag, energy, each profile's state. */
    record Status(int tid, long bootCounter, long uptimeMs, boolean personalized, Optional<Energy> energy,
                  List<ProfileState> states) implements WireMessage {
        static final int FLAG_PERSONALIZED = 0x01;
        static final int FLAG_ENERGY = 0x02;

        public Status {
            commandTid(tid);
            u32("BootCounter", bootCounter);
            u32("UptimeMs", uptimeMs);
            Objects.requireNonNull(energy, "energy");
            states = List.copyOf(states);
            range("StateCount", states.size(), 0, 255);
        }

        @Override
        public MessageType messageType() {
            return MessageType.STATUS;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType())
                    .uintLe("BootCounter", 4, FieldKind.COUNTER, bootCounter)
                    .uintLe("UptimeMs", 4, FieldKind.PARAMETER, uptimeMs)
                    .u8("Flags", FieldKind.PARAMETER,
                            (personalized ? FLAG_PERSONALIZED : 0) | (energy.isPresent() ? FLAG_ENERGY : 0));
            energy.ifPresent(e -> w
                    .uintLe("StoredEnergyUj", 4, FieldKind.PARAMETER, e.storedMicrojoules())
                    .uintLe("HarvestPowerUw", 4, FieldKind.PARAMETER, e.harvestMicrowatts())
                    .uintLe("ConsumedEnergyUj", 4, FieldKind.PARAMETER, e.consumedMicrojoules()));
            w.u8("StateCount", FieldKind.LENGTH, states.size());
            for (int i = 0; i < states.size(); i++) {
                w.u8("State[" + i + "].Profile", FieldKind.TYPE, profileCode(states.get(i).profile()));
                writeString(w, "State[" + i + "].Name", states.get(i).state());
            }
            return w;
        }

        static Status read(int tid, FrameReader r) throws FrameDecodeException {
            long boot = r.uintLe("BootCounter", 4, FieldKind.COUNTER);
            long up = r.uintLe("UptimeMs", 4, FieldKind.PARAMETER);
            int flags = r.u8("Flags", FieldKind.PARAMETER);
            if ((flags & ~(FLAG_PERSONALIZED | FLAG_ENERGY)) != 0) {
                throw r.error("Flags", String.format("reserved bits set: 0x%02x", flags));
            }
            Optional<Energy> energy = Optional.empty();
            if ((flags & FLAG_ENERGY) != 0) {
                energy = Optional.of(new Energy(r.uintLe("StoredEnergyUj", 4, FieldKind.PARAMETER),
                        r.uintLe("HarvestPowerUw", 4, FieldKind.PARAMETER),
                        r.uintLe("ConsumedEnergyUj", 4, FieldKind.PARAMETER)));
            }
            int n = r.u8("StateCount", FieldKind.LENGTH);
            List<ProfileState> states = new ArrayList<>(Math.min(n, r.remaining() / 2));
            for (int i = 0; i < n; i++) {
                Profile p = readProfile(r, "State[" + i + "].Profile");
                states.add(new ProfileState(p, readString(r, "State[" + i + "].Name")));
            }
            return new Status(tid, boot, up, (flags & FLAG_PERSONALIZED) != 0, energy, states);
        }
    }

    /** NV_DATA (0x45): the value stored under a key, answering NV_READ. */
    record NvData(int tid, String key, byte[] value) implements WireMessage {
        public NvData {
            commandTid(tid);
            nvKey(key);
            value = blob("Value", value, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public MessageType messageType() {
            return MessageType.NV_DATA;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType());
            writeString(w, "Key", key);
            writeBlob(w, "Value", FieldKind.PAYLOAD, value);
            return w;
        }

        static NvData read(int tid, FrameReader r) throws FrameDecodeException {
            String key = readNvKey(r);
            return new NvData(tid, key, readBlob(r, "Value", FieldKind.PAYLOAD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof NvData d && d.tid == tid && d.key.equals(key) && Arrays.equals(d.value, value);
        }

        @Override
        public int hashCode() {
            return Objects.hash(tid, key, Arrays.hashCode(value));
        }

        /** NV values can hold keys on a test device: only the length is printed. */
        @Override
        public String toString() {
            return "NvData[tid=" + tid + ", key=" + key + ", value=<" + value.length + " octets>]";
        }
    }

    /** HEARTBEAT_ACK (0x47): boot counter and uptime, so the host sees a reboot between two heartbeats. */
    record HeartbeatAck(int tid, long bootCounter, long uptimeMs) implements WireMessage {
        public HeartbeatAck {
            commandTid(tid);
            u32("BootCounter", bootCounter);
            u32("UptimeMs", uptimeMs);
        }

        @Override
        public MessageType messageType() {
            return MessageType.HEARTBEAT_ACK;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType())
                    .uintLe("BootCounter", 4, FieldKind.COUNTER, bootCounter)
                    .uintLe("UptimeMs", 4, FieldKind.PARAMETER, uptimeMs);
        }

        static HeartbeatAck read(int tid, FrameReader r) throws FrameDecodeException {
            return new HeartbeatAck(tid, r.uintLe("BootCounter", 4, FieldKind.COUNTER),
                    r.uintLe("UptimeMs", 4, FieldKind.PARAMETER));
        }
    }

    /** ACK (0x60): generic success; echoes the command's TID and Type. */
    record Ack(int tid, int requestType) implements WireMessage {
        public Ack {
            commandTid(tid);
            range("RequestType", requestType, 0, 255);
        }

        public Ack(int tid, MessageType request) {
            this(tid, request.code());
        }

        @Override
        public MessageType messageType() {
            return MessageType.ACK;
        }

        @Override
        public FrameWriter writer() {
            return header(tid, messageType()).u8("RequestType", FieldKind.TYPE, requestType);
        }

        static Ack read(int tid, FrameReader r) throws FrameDecodeException {
            return new Ack(tid, r.u8("RequestType", FieldKind.TYPE));
        }
    }

    /**
     * ERROR (0x61): the command failed. TID is the command's, or 0 when the command's TID could not be read.
     * Code values not in {@link ErrorCode} (from a later minor version) are kept as they are.
     */
    record ErrorResponse(int tid, int code, int requestType, String text) implements WireMessage {
        public ErrorResponse {
            anyTid(tid);
            range("Code", code, 0, 255);
            range("RequestType", requestType, 0, 255);
            string("Text", text);
        }

        public ErrorResponse(int tid, ErrorCode code, int requestType, String text) {
            this(tid, code.code(), requestType, text);
        }

        public Optional<ErrorCode> knownCode() {
            return ErrorCode.byCode(code);
        }

        @Override
        public MessageType messageType() {
            return MessageType.ERROR;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(tid, messageType())
                    .u8("Code", FieldKind.TYPE, code)
                    .u8("RequestType", FieldKind.TYPE, requestType);
            writeString(w, "Text", text);
            return w;
        }

        static ErrorResponse read(int tid, FrameReader r) throws FrameDecodeException {
            int code = r.u8("Code", FieldKind.TYPE);
            int req = r.u8("RequestType", FieldKind.TYPE);
            return new ErrorResponse(tid, code, req, readString(r, "Text"));
        }
    }

    // ----------------------------------------------------------------------------------------- notifications

    /** AIR_EMIT (0x80): the device transmitted this frame over the air (or would have, with the radio bypassed). */
    record AirEmit(Profile profile, long timestampUs, int channel, byte[] frame) implements WireMessage {
        public AirEmit {
            Objects.requireNonNull(profile, "profile");
            range("TimestampUs", timestampUs, 0, WireFields.MAX_U48);
            range("Channel", channel, 0, 0xFFFF);
            frame = blob("Frame", frame, HdlcFramer.MAX_MESSAGE_SIZE);
        }

        @Override
        public byte[] frame() {
            return frame.clone();
        }

        @Override
        public int tid() {
            return 0;
        }

        @Override
        public MessageType messageType() {
            return MessageType.AIR_EMIT;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(0, messageType())
                    .u8("Profile", FieldKind.TYPE, profileCode(profile))
                    .uintLe("TimestampUs", 6, FieldKind.PARAMETER, timestampUs)
                    .uintLe("Channel", 2, FieldKind.PARAMETER, channel);
            writeBlob(w, "Frame", FieldKind.PAYLOAD, frame);
            return w;
        }

        static AirEmit read(FrameReader r) throws FrameDecodeException {
            Profile p = readProfile(r, "Profile");
            long ts = r.uintLe("TimestampUs", 6, FieldKind.PARAMETER);
            int ch = (int) r.uintLe("Channel", 2, FieldKind.PARAMETER);
            return new AirEmit(p, ts, ch, readBlob(r, "Frame", FieldKind.PAYLOAD));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof AirEmit a && a.profile == profile && a.timestampUs == timestampUs
                    && a.channel == channel && Arrays.equals(a.frame, frame);
        }

        @Override
        public int hashCode() {
            return Objects.hash(profile, timestampUs, channel, Arrays.hashCode(frame));
        }

        @Override
        public String toString() {
            return "AirEmit[profile=" + profile.id() + ", timestampUs=" + timestampUs + ", channel=" + channel
                    + ", frame=" + hex(frame) + "]";
        }
    }

    /**
     * EVENT (0x81): something happened on the device. One layout for every kind; {@link EventKind} says what
     * Value, Name and Detail mean. Profile empty means device-wide (octet 0xFF).
     */
    record Event(EventKind kind, Optional<Profile> profile, long timestampUs, long value, String name,
                 String detail) implements WireMessage {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(profile, "profile");
            range("TimestampUs", timestampUs, 0, WireFields.MAX_U48);
            u32("Value", value);
            string("Name", name);
            string("Detail", detail);
        }

        @Override
        public int tid() {
            return 0;
        }

        @Override
        public MessageType messageType() {
            return MessageType.EVENT;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(0, messageType())
                    .u8("Kind", FieldKind.TYPE, kind.code())
                    .u8("Profile", FieldKind.TYPE, profile.map(WireFields::profileCode).orElse(PROFILE_NONE))
                    .uintLe("TimestampUs", 6, FieldKind.PARAMETER, timestampUs)
                    .uintLe("Value", 4, FieldKind.PARAMETER, value);
            writeString(w, "Name", name);
            writeString(w, "Detail", detail);
            return w;
        }

        static Event read(FrameReader r) throws FrameDecodeException {
            int k = r.u8("Kind", FieldKind.TYPE);
            EventKind kind = EventKind.byCode(k).orElseThrow(() -> r.error("Kind", "unknown event kind " + k));
            int pc = r.u8("Profile", FieldKind.TYPE);
            Optional<Profile> p = Optional.empty();
            if (pc != PROFILE_NONE) {
                if (pc >= Profile.values().length) {
                    throw r.error("Profile", "unknown profile code " + pc);
                }
                p = Optional.of(Profile.values()[pc]);
            }
            long ts = r.uintLe("TimestampUs", 6, FieldKind.PARAMETER);
            long v = r.uintLe("Value", 4, FieldKind.PARAMETER);
            String name = readString(r, "Name");
            return new Event(kind, p, ts, v, name, readString(r, "Detail"));
        }
    }

    /** LOG (0x82): one line of the device's log. Longer lines are split by the device. */
    record Log(LogLevel level, String text) implements WireMessage {
        public Log {
            Objects.requireNonNull(level, "level");
            string("Text", text);
        }

        @Override
        public int tid() {
            return 0;
        }

        @Override
        public MessageType messageType() {
            return MessageType.LOG;
        }

        @Override
        public FrameWriter writer() {
            FrameWriter w = header(0, messageType()).u8("Level", FieldKind.PARAMETER, level.code());
            writeString(w, "Text", text);
            return w;
        }

        static Log read(FrameReader r) throws FrameDecodeException {
            int l = r.u8("Level", FieldKind.PARAMETER);
            LogLevel level = LogLevel.byCode(l).orElseThrow(() -> r.error("Level", "unknown log level " + l));
            return new Log(level, readString(r, "Text"));
        }
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static String nvKey(String key) {
        string("Key", key);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("Key must not be empty");
        }
        return key;
    }

    private static String readNvKey(FrameReader r) throws FrameDecodeException {
        String key = readString(r, "Key");
        if (key.isEmpty()) {
            throw r.error("KeyLength", "key must not be empty");
        }
        return key;
    }

    private static int readMaxSize(FrameReader r) throws FrameDecodeException {
        int max = (int) r.uintLe("MaxMessageSize", 2, FieldKind.PARAMETER);
        if (max < MIN_MAX_MESSAGE_SIZE || max > HdlcFramer.MAX_MESSAGE_SIZE) {
            throw r.error("MaxMessageSize", "must be " + MIN_MAX_MESSAGE_SIZE + ".." + HdlcFramer.MAX_MESSAGE_SIZE
                    + ", is " + max);
        }
        return max;
    }
}
