package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.lorawan.DataFrame;
import dev.ampbench.protocol.lorawan.LoRaWanCodec;
import dev.ampbench.protocol.lorawan.LoRaWanDevice;
import dev.ampbench.protocol.lorawan.LoRaWanNetwork;
import dev.ampbench.protocol.lorawan.LoRaWanNetworkConfig;
import dev.ampbench.protocol.lorawan.LoRaWanPersonalization;
import dev.ampbench.protocol.lorawan.LoRaWanVersion;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * lorawan firmware (docs/protocols/lorawan.md, docs/emulator/lorawan.md), both roles, as a thin adapter over the
 * protocol module's machines.
 *
 * <p><b>Roles.</b> As a tag: a {@link LoRaWanDevice} (class A, OTAA) with one identity, LoRaWAN 1.0.4 or 1.1. As a
 * gateway: a {@link LoRaWanNetwork} (network server and Join Server collocated, default
 * {@link LoRaWanNetworkConfig}) serving a table of device identities; the Join Server's DevNonce and JoinNonce
 * records live in the gateway's non-volatile memory, sessions in its RAM.
 *
 * <p><b>Actions</b> (ACTION message; integers little-endian like the rest of the bench wire):
 * <ul>
 *   <li>tag {@code join}: no argument octets. Sends a JoinRequest with the next DevNonce (written to NVM first,
 *       LORAWAN-R2); any session is dropped.</li>
 *   <li>tag {@code send}: {@code FPort (1) | Flags (1) | Payload (rest, may be empty)}. FPort 1..223; Flags bit 0 =
 *       confirmed (ConfirmedDataUp), bits 7..1 must be 0. Needs a session (ERROR ACTION_FAILED otherwise).</li>
 *   <li>gateway {@code send}: {@code DevAddr (4, LE) | FPort (1) | Flags (1) | Payload (rest)}: a downlink to a
 *       joined device, same FPort and Flags as above (bit 0 = ConfirmedDataDown). Class A: the bench times the
 *       AIR_EMIT into the device's receive windows.</li>
 * </ul>
 * There is no {@code register} action: the gateway's table is its factory personalization (constructor or
 * PERSONALIZE), which survives power cuts; a table entry added to RAM would silently vanish at the next cut.
 *
 * <p><b>PERSONALIZE items</b> (values in the order sent; EUIs are 8 octets <em>most significant first</em>, as
 * printed on labels and in {@code Ids.eui}, not as they travel on the air):
 * <ul>
 *   <li>{@code DEVICE_ID} (0x01): DevEUI, 8 octets. Opens an identity: every item up to the next DEVICE_ID
 *       belongs to it (a gateway's table is a sequence of identities, a tag has exactly one).</li>
 *   <li>{@code NETWORK_ID} (0x02): JoinEUI (AppEUI in 1.0), 8 octets. Once per identity; a NETWORK_ID sent before
 *       the first DEVICE_ID is the default JoinEUI of every identity that has none.</li>
 *   <li>{@code ROOT_KEY} (0x81): AppKey, 16 octets: the identity is <b>LoRaWAN 1.0.4</b>.</li>
 *   <li>{@code NETWORK_KEY} (0x82) and {@code APP_KEY} (0x83): NwkKey and AppKey, 16 octets each, both required:
 *       the identity is <b>LoRaWAN 1.1</b>. Mixing ROOT_KEY with them in one identity is refused.</li>
 *   <li>{@code DEVICE_ADDRESS} and {@code PASSPHRASE} are refused: OTAA assigns the DevAddr (ABP is out of scope)
 *       and LoRaWAN has no passphrase.</li>
 * </ul>
 * {@link #items(LoRaWanPersonalization)} builds these items for one identity.
 *
 * <p><b>Identities from a seed</b> ({@link #identities(long, int)}), so the emulator and the bench playing the
 * other side agree without a manifest. With {@code S} = the seed as 8 octets big-endian, {@code I} = the index
 * {@code i} (0-based) as 4 octets big-endian and {@code H(x) = SHA-256(x)} over ASCII labels:
 * <ul>
 *   <li>JoinEUI (same for all, one Join Server) = first 8 octets of {@code H("ampbench/lorawan/joineui" | S)},
 *       read most significant first;</li>
 *   <li>DevEUI = first 4 octets of {@code H("ampbench/lorawan/deveui" | S)} (most significant half), then
 *       {@code I} (least significant half): distinct for every index;</li>
 *   <li>{@code K = H("ampbench/lorawan/keys" | S | I)}; version by the index's parity: even {@code i} is 1.0.4
 *       with AppKey = K[0..15]; odd {@code i} is 1.1 with NwkKey = K[0..15] and AppKey = K[16..31].</li>
 * </ul>
 *
 * <p>{@link #label()} and {@link #toString()} name the role, the version(s) and the table size only: never a key,
 * never a DevEUI or JoinEUI (the serial identity the keys are bound to).
 */
public final class LoRaWanFirmware implements Firmware {
    /** The LoRa PHY carries at most 255 octets (the largest LoRaWAN frame: a data frame, docs §4.5). */
    public static final int MAX_FRAME = DataFrame.MAX_LENGTH;
    public static final String JOIN = "join";
    public static final String SEND = "send";
    private static final int FLAG_CONFIRMED = 0x01;

    private final Role role;
    private final List<LoRaWanPersonalization> table;
    private final LoRaWanNetworkConfig config;

    private LoRaWanFirmware(Role role, List<LoRaWanPersonalization> table, LoRaWanNetworkConfig config) {
        if (table.isEmpty()) {
            throw new IllegalArgumentException("lorawan firmware needs at least one device identity");
        }
        if (role == Role.DEVICE && table.size() != 1) {
            throw new IllegalArgumentException("a lorawan tag has exactly one identity, got " + table.size());
        }
        Set<Long> devEuis = new HashSet<>();
        for (LoRaWanPersonalization p : table) {
            if (!devEuis.add(p.devEui())) {
                throw new IllegalArgumentException("the gateway's table holds a DevEUI twice");
            }
        }
        this.role = role;
        this.table = List.copyOf(table);
        this.config = config;
    }

    public static LoRaWanFirmware tag(LoRaWanPersonalization me) {
        return new LoRaWanFirmware(Role.DEVICE, List.of(me), LoRaWanNetworkConfig.defaults());
    }

    /** A gateway (network server + Join Server) with the default network configuration. */
    public static LoRaWanFirmware gateway(List<LoRaWanPersonalization> devices) {
        return gateway(devices, LoRaWanNetworkConfig.defaults());
    }

    public static LoRaWanFirmware gateway(List<LoRaWanPersonalization> devices, LoRaWanNetworkConfig config) {
        return new LoRaWanFirmware(Role.INFRASTRUCTURE, devices, config);
    }

    /** The identities this firmware holds (one for a tag). */
    public List<LoRaWanPersonalization> identities() {
        return table;
    }

    /**
     * {@code count} distinct, reproducible identities derived from {@code seed} as the class javadoc says: even
     * indices LoRaWAN 1.0.4, odd indices 1.1, all under one JoinEUI.
     */
    public static List<LoRaWanPersonalization> identities(long seed, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        byte[] s = ByteBuffer.allocate(8).putLong(seed).array();
        long joinEui = ByteBuffer.wrap(sha256("ampbench/lorawan/joineui", s)).getLong();
        long devEuiHigh = ByteBuffer.wrap(sha256("ampbench/lorawan/deveui", s)).getInt() & 0xffffffffL;
        List<LoRaWanPersonalization> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] index = ByteBuffer.allocate(4).putInt(i).array();
            byte[] k = sha256("ampbench/lorawan/keys", s, index);
            long devEui = devEuiHigh << 32 | (i & 0xffffffffL);
            KeyMaterial first = KeyMaterial.of(Arrays.copyOfRange(k, 0, 16));
            out.add(i % 2 == 0 ? LoRaWanPersonalization.v1_0_4(devEui, joinEui, first)
                    : LoRaWanPersonalization.v1_1(devEui, joinEui, first, KeyMaterial.of(Arrays.copyOfRange(k, 16, 32))));
        }
        Arrays.fill(s, (byte) 0);
        return out;
    }

    /** The PERSONALIZE items of one identity, as {@link #personalized(List)} reads them. */
    public static List<WireMessage.Item> items(LoRaWanPersonalization p) {
        List<WireMessage.Item> items = new ArrayList<>(4);
        items.add(new WireMessage.Item(WireMessage.Item.DEVICE_ID, eui(p.devEui())));
        items.add(new WireMessage.Item(WireMessage.Item.NETWORK_ID, eui(p.joinEui())));
        if (p.version() == LoRaWanVersion.V1_0_4) {
            items.add(new WireMessage.Item(WireMessage.Item.ROOT_KEY, p.appKey().bytes()));
        } else {
            items.add(new WireMessage.Item(WireMessage.Item.NETWORK_KEY, p.nwkKey().bytes()));
            items.add(new WireMessage.Item(WireMessage.Item.APP_KEY, p.appKey().bytes()));
        }
        return items;
    }

    @Override
    public Profile profile() {
        return Profile.LORAWAN;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String label() {
        // DevEUI and JoinEUI identify the device its root keys are bound to: never in the label.
        return role == Role.DEVICE ? "lorawan-tag-" + table.get(0).version().label()
                : "lorawan-ns+js[" + table.size() + " devices]";
    }

    @Override
    public ProtocolMachine boot(MachineContext ctx, Set<Deviation> deviations) {
        return role == Role.DEVICE
                ? new LoRaWanDevice(table.get(0), ctx, deviations)
                : new LoRaWanNetwork(config, table, ctx, deviations);
    }

    @Override
    public List<String> actions() {
        return role == Role.DEVICE ? List.of(JOIN, SEND) : List.of(SEND);
    }

    @Override
    public List<Effect> act(ProtocolMachine machine, String action, byte[] args) {
        if (machine instanceof LoRaWanDevice device) {
            switch (action) {
                case JOIN:
                    if (args.length != 0) {
                        throw new IllegalArgumentException("join takes no arguments, got " + args.length + " octets");
                    }
                    return device.join();
                case SEND:
                    if (args.length < 2) {
                        throw new IllegalArgumentException("send takes FPort (1), Flags (1), payload");
                    }
                    return device.sendData(Arrays.copyOfRange(args, 2, args.length), args[0] & 0xff,
                            confirmed(args[1]));
                default:
                    throw new IllegalArgumentException("unknown lorawan tag action '" + action
                            + "'; known: join, send");
            }
        }
        LoRaWanNetwork network = (LoRaWanNetwork) machine;
        if (!SEND.equals(action)) {
            throw new IllegalArgumentException("unknown lorawan gateway action '" + action + "'; known: send");
        }
        if (args.length < 6) {
            throw new IllegalArgumentException("send takes DevAddr (4, LE), FPort (1), Flags (1), payload");
        }
        int devAddr = (args[0] & 0xff) | (args[1] & 0xff) << 8 | (args[2] & 0xff) << 16 | (args[3] & 0xff) << 24;
        return network.sendData(devAddr, Arrays.copyOfRange(args, 6, args.length), args[4] & 0xff,
                confirmed(args[5]));
    }

    private static boolean confirmed(byte flags) {
        if ((flags & ~FLAG_CONFIRMED) != 0) {
            throw new IllegalArgumentException("send Flags: only bit 0 (confirmed) is defined, got 0x"
                    + Integer.toHexString(flags & 0xff));
        }
        return flags == FLAG_CONFIRMED;
    }

    @Override
    public ProfileCodec codec() {
        return new LoRaWanCodec();
    }

    @Override
    public int maxFrameLength() {
        return MAX_FRAME;
    }

    /** LoRaWAN is symmetric cryptography only (AES-128 CMAC and block encryption). */
    @Override
    public int publicKeyOpsPerFrame() {
        return 0;
    }

    /** See the class javadoc for the item mapping. */
    @Override
    public Firmware personalized(List<WireMessage.Item> items) {
        byte[] defaultJoinEui = null;
        List<List<WireMessage.Item>> groups = new ArrayList<>();
        for (WireMessage.Item i : items) {
            switch (i.tag()) {
                case WireMessage.Item.DEVICE_ID:
                    groups.add(new ArrayList<>(List.of(i)));
                    break;
                case WireMessage.Item.NETWORK_ID:
                case WireMessage.Item.ROOT_KEY:
                case WireMessage.Item.NETWORK_KEY:
                case WireMessage.Item.APP_KEY:
                    if (groups.isEmpty()) {
                        if (i.tag() != WireMessage.Item.NETWORK_ID || defaultJoinEui != null) {
                            throw new IllegalArgumentException("only one NETWORK_ID (default JoinEUI) may come "
                                    + "before the first DEVICE_ID");
                        }
                        defaultJoinEui = Items.one(List.of(i), i.tag(), "NETWORK_ID (JoinEUI)", 8);
                    } else {
                        groups.get(groups.size() - 1).add(i);
                    }
                    break;
                case WireMessage.Item.DEVICE_ADDRESS:
                    throw new IllegalArgumentException("DEVICE_ADDRESS is not used: OTAA assigns the DevAddr "
                            + "(ABP is out of scope)");
                default:
                    throw new IllegalArgumentException(String.format("item tag 0x%02x has no meaning in lorawan",
                            i.tag()));
            }
        }
        if (groups.isEmpty()) {
            throw new IllegalArgumentException("PERSONALIZE needs a DEVICE_ID (DevEUI) item");
        }
        List<LoRaWanPersonalization> t = new ArrayList<>(groups.size());
        for (List<WireMessage.Item> g : groups) {
            t.add(identity(g, defaultJoinEui));
        }
        return new LoRaWanFirmware(role, t, config);
    }

    private static LoRaWanPersonalization identity(List<WireMessage.Item> g, byte[] defaultJoinEui) {
        long devEui = ByteBuffer.wrap(Items.one(g, WireMessage.Item.DEVICE_ID, "DEVICE_ID (DevEUI)", 8)).getLong();
        List<byte[]> joinEuis = Items.all(g, WireMessage.Item.NETWORK_ID, "NETWORK_ID (JoinEUI)", 8);
        if (joinEuis.size() > 1 || (joinEuis.isEmpty() && defaultJoinEui == null)) {
            throw new IllegalArgumentException("each identity needs one NETWORK_ID (JoinEUI) item, got "
                    + joinEuis.size());
        }
        long joinEui = ByteBuffer.wrap(joinEuis.isEmpty() ? defaultJoinEui : joinEuis.get(0)).getLong();
        List<byte[]> root = Items.all(g, WireMessage.Item.ROOT_KEY, "ROOT_KEY (AppKey)", 16);
        List<byte[]> nwk = Items.all(g, WireMessage.Item.NETWORK_KEY, "NETWORK_KEY (NwkKey)", 16);
        List<byte[]> app = Items.all(g, WireMessage.Item.APP_KEY, "APP_KEY (AppKey)", 16);
        if (root.size() == 1 && nwk.isEmpty() && app.isEmpty()) {
            return LoRaWanPersonalization.v1_0_4(devEui, joinEui, KeyMaterial.of(root.get(0)));
        }
        if (root.isEmpty() && nwk.size() == 1 && app.size() == 1) {
            return LoRaWanPersonalization.v1_1(devEui, joinEui, KeyMaterial.of(nwk.get(0)),
                    KeyMaterial.of(app.get(0)));
        }
        throw new IllegalArgumentException("each identity needs either one ROOT_KEY (1.0.4 AppKey) or one "
                + "NETWORK_KEY and one APP_KEY (1.1), got " + root.size() + ", " + nwk.size() + ", " + app.size());
    }

    private static byte[] eui(long eui) {
        return ByteBuffer.allocate(8).putLong(eui).array();
    }

    private static byte[] sha256(String label, byte[]... parts) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            d.update(label.getBytes(StandardCharsets.US_ASCII));
            for (byte[] p : parts) {
                d.update(p);
            }
            return d.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        // EUIs and keys are never printed; versions and the table size are public.
        long v11 = table.stream().filter(p -> p.version() == LoRaWanVersion.V1_1).count();
        return "LoRaWanFirmware[" + role.cliName() + ", " + table.size() + " identit"
                + (table.size() == 1 ? "y" : "ies") + " (" + (table.size() - v11) + " x 1.0.4, " + v11 + " x 1.1)]";
    }
}
