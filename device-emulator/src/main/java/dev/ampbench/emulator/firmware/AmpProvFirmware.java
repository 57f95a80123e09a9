package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampprov.AmpProvAuthServer;
import dev.ampbench.protocol.ampprov.AmpProvCodec;
import dev.ampbench.protocol.ampprov.AmpProvDevice;
import dev.ampbench.protocol.ampprov.AmpProvDeviceIdentity;
import dev.ampbench.protocol.ampprov.AmpProvDeviceRecord;
import dev.ampbench.protocol.ampprov.AmpProvInfrastructure;
import dev.ampbench.protocol.ampprov.AmpProvParams;
import dev.ampbench.protocol.ampprov.AmpProvPersonalization;
import dev.ampbench.protocol.ampprov.KdfMode;
import dev.ampbench.protocol.ampprov.ProtectedFrame;
import dev.ampbench.protocol.ampprov.QrPayload;
import dev.ampbench.protocol.codec.FrameDecodeException;
import dev.ampbench.protocol.codec.Hex;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.crypto.Hkdf;
import dev.ampbench.protocol.crypto.KeyMaterial;
import dev.ampbench.protocol.crypto.Sha256;
import dev.ampbench.protocol.crypto.X25519;
import dev.ampbench.protocol.machine.Deviation;
import dev.ampbench.protocol.machine.Effect;
import dev.ampbench.protocol.machine.MachineContext;
import dev.ampbench.protocol.machine.ProtocolMachine;
import dev.ampbench.protocol.wire.WireMessage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * amp-prov firmware (docs/protocols/amp-prov.md, docs/emulator/amp-prov.md), both roles over the protocol module's
 * machines.
 *
 * <p><b>Tag</b> ({@link #tag}): an {@link AmpProvDevice} built at every power-up on the emulated NVM, so its
 * provisioning and session records ({@code ampprov.provisioning}, {@code ampprov.session}) survive power cuts and
 * everything else does not. Actions (arguments in octets):
 * <ul>
 *   <li>{@code factory-reset} (none): the local factory reset of R14; erases both records, back to PROVISIONING.</li>
 *   <li>{@code set-reading} (0..255 octets): the reading the next RES_SENSOR_DATA carries.</li>
 * </ul>
 * The tag's QR label is {@link #qrPayload(AmpProvDeviceIdentity)}.
 *
 * <p><b>Gateway</b> ({@link #gateway}): an {@link AmpProvInfrastructure} with a collocated {@link AmpProvAuthServer}
 * that has every tag of its table registered (none enrolled) at power-up. Its table, enrolments and sessions are
 * RAM: a power cut loses them, as the spec leaves the gateway/AS database outside the profile. Actions (integers
 * big-endian, as on the air):
 * <ul>
 *   <li>{@code beacon} (none): sends PROV_BEACON and opens provisioning.</li>
 *   <li>{@code close-provisioning} (none): stops answering PROV_REQUESTs.</li>
 *   <li>{@code enrol} (the QR payload: its 34 octets Version, Modes, PubKeyHash, or the label's text
 *       {@code AMPPROV:<hex>} in ASCII): the onboarding app's scan; fails when no registered tag matches.</li>
 *   <li>{@code request-sensor-data} (LocalAddr 2, query 0..255): sends REQ_SENSOR_DATA.</li>
 *   <li>{@code rekey} (LocalAddr 2, KeySel 1 = 1 or 2): sends REKEY to the next Cntr.</li>
 *   <li>{@code retry-rekey} (LocalAddr 2): sends the outstanding REKEY again, byte for byte.</li>
 *   <li>{@code reprovision} (LocalAddr 2): sends REPROVISION.</li>
 * </ul>
 *
 * <p><b>PERSONALIZE items</b> (bench wire tags; a gateway repeats DEVICE_ID and ROOT_KEY per tag, in pairs):
 * <table>
 *   <caption>item mapping</caption>
 *   <tr><th>item</th><th>tag</th><th>gateway</th></tr>
 *   <tr><td>DEVICE_ID 0x01</td><td>KdfMode (1: 0 SLIDES, 1 STRONG) || A_pubk (32)</td>
 *       <td>the same, once per tag</td></tr>
 *   <tr><td>ROOT_KEY 0x81</td><td>A_SN (1..64), the secret identity</td>
 *       <td>A_SN per tag, paired with DEVICE_ID</td></tr>
 *   <tr><td>APP_KEY 0x83</td><td>A_privk (32); A_pubk of DEVICE_ID must equal X25519(A_privk, 9)</td>
 *       <td>refused</td></tr>
 *   <tr><td>NETWORK_ID 0x02</td><td>AS_pubk (32)</td><td>GWID (4)</td></tr>
 *   <tr><td>NETWORK_KEY 0x82</td><td>refused</td><td>AS_privk (32)</td></tr>
 * </table>
 * Every other item (DEVICE_ADDRESS: local addresses are assigned by provisioning; PASSPHRASE) is refused.
 *
 * <p><b>Identities from a seed</b> ({@link #identities(long, int, KdfMode)}): with
 * {@code PRK = HKDF-Extract(salt = "ampbench amp-prov identities", IKM = BE8(seed))} (HKDF-SHA256, RFC 5869),
 * {@code AS_privk = HKDF-Expand(PRK, "AS", 32)}, {@code GWID = BE4 of HKDF-Expand(PRK, "GWID", 4)} and for tag
 * {@code i = 0..count-1}: {@code A_SN = HKDF-Expand(PRK, "SN" || BE4(i), 16)},
 * {@code A_privk = HKDF-Expand(PRK, "TAG" || BE4(i), 32)}. All tags of one seed share the gateway (GWID, AS key).
 *
 * <p>{@link #label()} and {@link #toString()} print the role, the KDF mode, the GWID (public: it is in every beacon)
 * and table sizes; never A_SN, a private key or an IdHash.
 */
public final class AmpProvFirmware implements Firmware {
    /** The largest amp-prov frame: a protected frame with a 255-octet payload (275 octets). */
    public static final int MAX_FRAME = ProtectedFrame.HEADER_LEN + ProtectedFrame.MAX_PAYLOAD_LEN
            + AmpProvParams.MIC_LEN;

    private static final List<String> TAG_ACTIONS = List.of("factory-reset", "set-reading");
    private static final List<String> GATEWAY_ACTIONS = List.of("beacon", "close-provisioning", "enrol",
            "request-sensor-data", "rekey", "retry-rekey", "reprovision");
    private static final int DEVICE_ID_LEN = 1 + X25519.KEY_LEN;
    private static final byte[] IDENTITY_SALT = "ampbench amp-prov identities".getBytes(StandardCharsets.US_ASCII);

    private final Role role;
    private final AmpProvDeviceIdentity identity;
    private final long gatewayId;
    private final KeyMaterial asPrivateKey;
    private final List<AmpProvDeviceRecord> records;

    private AmpProvFirmware(AmpProvDeviceIdentity identity) {
        this.role = Role.DEVICE;
        this.identity = Objects.requireNonNull(identity, "identity");
        if (identity.mode() == KdfMode.STRONG
                && X25519.agree(identity.tagPrivateKey(), identity.asPublicKey()).isEmpty()) {
            throw new IllegalArgumentException("AS_pubk is of low order: a STRONG tag cannot boot with it");
        }
        this.gatewayId = -1;
        this.asPrivateKey = null;
        this.records = List.of();
    }

    private AmpProvFirmware(long gatewayId, KeyMaterial asPrivateKey, List<AmpProvDeviceRecord> records) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("an amp-prov gateway needs at least one tag record");
        }
        if (gatewayId < 0 || gatewayId > AmpProvParams.MAX_COUNTER) {
            throw new IllegalArgumentException("GWID must fit 4 octets");
        }
        this.role = Role.INFRASTRUCTURE;
        this.identity = null;
        this.gatewayId = gatewayId;
        this.asPrivateKey = Objects.requireNonNull(asPrivateKey, "asPrivateKey");
        this.records = List.copyOf(records);
        authServer(); // fails now, not at boot, on a bad AS key or colliding IdHashes
    }

    /** A tag with the factory state of {@code p} (A_SN, A_privk, AS_pubk, mode). */
    public static AmpProvFirmware tag(AmpProvPersonalization p) {
        return new AmpProvFirmware(p.deviceIdentity());
    }

    public static AmpProvFirmware tag(AmpProvDeviceIdentity identity) {
        return new AmpProvFirmware(identity);
    }

    /**
     * A gateway serving these tags. They must share one GWID and one AS key (one gateway, one AS), as the tags of
     * {@link #identities} do.
     */
    public static AmpProvFirmware gateway(List<AmpProvPersonalization> tags) {
        if (tags.isEmpty()) {
            throw new IllegalArgumentException("an amp-prov gateway needs at least one tag");
        }
        AmpProvPersonalization first = tags.get(0);
        List<AmpProvDeviceRecord> recs = new ArrayList<>();
        for (AmpProvPersonalization p : tags) {
            if (p.gatewayId() != first.gatewayId() || !p.asPrivateKey().equals(first.asPrivateKey())) {
                throw new IllegalArgumentException("all tags of one amp-prov gateway share its GWID and AS key");
            }
            recs.add(p.deviceRecord());
        }
        return new AmpProvFirmware(first.gatewayId(), first.asPrivateKey(), recs);
    }

    public static AmpProvFirmware gateway(long gatewayId, KeyMaterial asPrivateKey, List<AmpProvDeviceRecord> tags) {
        return new AmpProvFirmware(gatewayId, asPrivateKey, tags);
    }

    /** {@code count} distinct personalizations in the profile's default mode, SLIDES; see the class javadoc. */
    public static List<AmpProvPersonalization> identities(long seed, int count) {
        return identities(seed, count, KdfMode.SLIDES);
    }

    /**
     * {@code count} distinct, reproducible personalizations from {@code seed}, all for one gateway and AS, derived
     * as the class javadoc says, so an emulator started with a seed and the bench playing the other side agree
     * without a manifest.
     */
    public static List<AmpProvPersonalization> identities(long seed, int count, KdfMode mode) {
        if (count < 1 || count > 0xFFFE) {
            throw new IllegalArgumentException("count must be 1..65534 (one local address each), got " + count);
        }
        KeyMaterial prk = Hkdf.extract(IDENTITY_SALT, ByteBuffer.allocate(8).putLong(seed).array());
        KeyMaterial as = Hkdf.expand(prk, ascii("AS"), X25519.KEY_LEN);
        long gwid = ByteBuffer.wrap(Hkdf.expand(prk, ascii("GWID"), 4).bytes()).getInt() & 0xFFFF_FFFFL;
        List<AmpProvPersonalization> out = new ArrayList<>(count);
        Set<String> idHashes = new HashSet<>();
        for (int i = 0; i < count; i++) {
            KeyMaterial sn = Hkdf.expand(prk, indexed("SN", i), AmpProvPersonalization.GENERATED_SERIAL_LEN);
            KeyMaterial priv = Hkdf.expand(prk, indexed("TAG", i), X25519.KEY_LEN);
            AmpProvPersonalization p = new AmpProvPersonalization(sn, priv, as, gwid, mode);
            if (!idHashes.add(Hex.encode(idHash(p.deviceIdentity())))) {
                throw new IllegalStateException("IdHash collision among derived identities (2^-64 event)");
            }
            out.add(p);
        }
        return List.copyOf(out);
    }

    /** The QR payload printed on this tag's label: Hash(A_pubk) and the tag's mode (what {@code enrol} takes). */
    public static QrPayload qrPayload(AmpProvDeviceIdentity tag) {
        return QrPayload.forPublicKey(tag.tagPublicKey(), tag.mode().bit());
    }

    public static QrPayload qrPayload(AmpProvPersonalization tag) {
        return qrPayload(tag.deviceIdentity());
    }

    /** The tag's public handle on the air: the first 8 octets of SHA-256(A_pubk). */
    public static byte[] idHash(AmpProvDeviceIdentity tag) {
        return Arrays.copyOf(Sha256.hash(tag.tagPublicKey()), AmpProvParams.ID_HASH_LEN);
    }

    /**
     * The PERSONALIZE items that give a tag ({@code role} DEVICE) or a gateway serving {@code tags} (INFRASTRUCTURE)
     * this personalization, in the mapping of the class javadoc.
     */
    public static List<WireMessage.Item> items(Role role, List<AmpProvPersonalization> tags) {
        List<WireMessage.Item> out = new ArrayList<>();
        if (role == Role.DEVICE) {
            if (tags.size() != 1) {
                throw new IllegalArgumentException("a tag has exactly one identity, got " + tags.size());
            }
            AmpProvDeviceIdentity id = tags.get(0).deviceIdentity();
            out.add(new WireMessage.Item(WireMessage.Item.DEVICE_ID, deviceId(id.mode(), id.tagPublicKey())));
            out.add(new WireMessage.Item(WireMessage.Item.ROOT_KEY, id.serialNumber().bytes()));
            out.add(new WireMessage.Item(WireMessage.Item.APP_KEY, id.tagPrivateKey().bytes()));
            out.add(new WireMessage.Item(WireMessage.Item.NETWORK_ID, id.asPublicKey()));
            return out;
        }
        AmpProvPersonalization first = tags.get(0);
        out.add(new WireMessage.Item(WireMessage.Item.NETWORK_ID,
                ByteBuffer.allocate(4).putInt((int) first.gatewayId()).array()));
        out.add(new WireMessage.Item(WireMessage.Item.NETWORK_KEY, first.asPrivateKey().bytes()));
        for (AmpProvPersonalization p : tags) {
            AmpProvDeviceRecord r = p.deviceRecord();
            out.add(new WireMessage.Item(WireMessage.Item.DEVICE_ID, deviceId(r.mode(), r.tagPublicKey())));
            out.add(new WireMessage.Item(WireMessage.Item.ROOT_KEY, r.serialNumber().bytes()));
        }
        return out;
    }

    @Override
    public Profile profile() {
        return Profile.AMP_PROV;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String label() {
        return role == Role.DEVICE ? "amp-prov-tag[" + identity.mode() + "]"
                : String.format("amp-prov-gw[GWID %08x, %d tags]", gatewayId, records.size());
    }

    @Override
    public ProtocolMachine boot(MachineContext ctx, Set<Deviation> deviations) {
        return role == Role.DEVICE ? new AmpProvDevice(identity, ctx, deviations)
                : new AmpProvInfrastructure(gatewayId, authServer(), ctx, deviations);
    }

    private AmpProvAuthServer authServer() {
        AmpProvAuthServer as = new AmpProvAuthServer(asPrivateKey);
        records.forEach(as::register);
        return as;
    }

    @Override
    public List<String> actions() {
        return role == Role.DEVICE ? TAG_ACTIONS : GATEWAY_ACTIONS;
    }

    @Override
    public List<Effect> act(ProtocolMachine machine, String action, byte[] args) {
        if (machine instanceof AmpProvDevice tag) {
            return actTag(tag, action, args);
        }
        if (machine instanceof AmpProvInfrastructure gw) {
            return actGateway(gw, action, args);
        }
        throw new IllegalArgumentException("not an amp-prov machine: " + machine.getClass().getSimpleName());
    }

    private static List<Effect> actTag(AmpProvDevice tag, String action, byte[] args) {
        switch (action) {
            case "factory-reset":
                noArgs(action, args);
                return tag.factoryReset();
            case "set-reading":
                if (args.length > ProtectedFrame.MAX_PAYLOAD_LEN) {
                    throw new IllegalArgumentException("set-reading takes at most 255 octets, got " + args.length);
                }
                tag.setSensorReading(args);
                return List.of();
            default:
                throw new IllegalArgumentException("unknown amp-prov tag action '" + action + "'; known: "
                        + String.join(", ", TAG_ACTIONS));
        }
    }

    private static List<Effect> actGateway(AmpProvInfrastructure gw, String action, byte[] args) {
        switch (action) {
            case "beacon":
                noArgs(action, args);
                return gw.beacon();
            case "close-provisioning":
                noArgs(action, args);
                gw.closeProvisioning();
                return List.of();
            case "enrol":
                if (!gw.enrol(qr(args))) {
                    throw new IllegalArgumentException("enrol: no registered tag has this QR code's key and mode");
                }
                return List.of();
            case "request-sensor-data":
                if (args.length < 2 || args.length > 2 + ProtectedFrame.MAX_PAYLOAD_LEN) {
                    throw new IllegalArgumentException("request-sensor-data takes LocalAddr (2) and a query of"
                            + " 0..255 octets, got " + args.length + " octets");
                }
                return gw.requestSensorData(localAddr(args), Arrays.copyOfRange(args, 2, args.length));
            case "rekey":
                if (args.length != 3) {
                    throw new IllegalArgumentException("rekey takes LocalAddr (2) and KeySel (1), got "
                            + args.length + " octets");
                }
                return gw.rekey(localAddr(args), args[2] & 0xff);
            case "retry-rekey":
                return gw.retryRekey(onlyLocalAddr(action, args));
            case "reprovision":
                return gw.reprovision(onlyLocalAddr(action, args));
            default:
                throw new IllegalArgumentException("unknown amp-prov gateway action '" + action + "'; known: "
                        + String.join(", ", GATEWAY_ACTIONS));
        }
    }

    private static QrPayload qr(byte[] args) {
        String text = new String(args, StandardCharsets.US_ASCII);
        try {
            return text.startsWith(QrPayload.TEXT_PREFIX) ? QrPayload.parse(text.trim()) : QrPayload.decode(args);
        } catch (FrameDecodeException e) {
            throw new IllegalArgumentException("enrol takes a QR payload (34 octets or AMPPROV:<hex>): "
                    + e.getMessage());
        }
    }

    private static void noArgs(String action, byte[] args) {
        if (args.length != 0) {
            throw new IllegalArgumentException(action + " takes no arguments, got " + args.length + " octets");
        }
    }

    private static int onlyLocalAddr(String action, byte[] args) {
        if (args.length != 2) {
            throw new IllegalArgumentException(action + " takes LocalAddr (2 octets), got " + args.length);
        }
        return localAddr(args);
    }

    private static int localAddr(byte[] args) {
        return ((args[0] & 0xff) << 8) | (args[1] & 0xff);
    }

    @Override
    public ProfileCodec codec() {
        return new AmpProvCodec();
    }

    @Override
    public int maxFrameLength() {
        return MAX_FRAME;
    }

    /** Items as in the class javadoc: a tag takes exactly one of each of its four; a gateway its pairs. */
    @Override
    public Firmware personalized(List<WireMessage.Item> items) {
        Set<Integer> allowed = role == Role.DEVICE
                ? Set.of(WireMessage.Item.DEVICE_ID, WireMessage.Item.ROOT_KEY, WireMessage.Item.APP_KEY,
                        WireMessage.Item.NETWORK_ID)
                : Set.of(WireMessage.Item.DEVICE_ID, WireMessage.Item.ROOT_KEY, WireMessage.Item.NETWORK_ID,
                        WireMessage.Item.NETWORK_KEY);
        for (WireMessage.Item i : items) {
            if (!allowed.contains(i.tag())) {
                throw new IllegalArgumentException(String.format("an amp-prov %s takes no item 0x%02x",
                        role == Role.DEVICE ? "tag" : "gateway", i.tag()));
            }
        }
        if (role == Role.DEVICE) {
            byte[] deviceId = Items.one(items, WireMessage.Item.DEVICE_ID, "DEVICE_ID (KdfMode, A_pubk)",
                    DEVICE_ID_LEN);
            byte[] sn = serial(Items.one(items, WireMessage.Item.ROOT_KEY, "ROOT_KEY (A_SN)", 0));
            KeyMaterial priv = KeyMaterial.of(Items.one(items, WireMessage.Item.APP_KEY, "APP_KEY (A_privk)",
                    X25519.KEY_LEN));
            byte[] asPub = Items.one(items, WireMessage.Item.NETWORK_ID, "NETWORK_ID (AS_pubk)", X25519.KEY_LEN);
            byte[] pub = Arrays.copyOfRange(deviceId, 1, DEVICE_ID_LEN);
            if (!Arrays.equals(pub, X25519.publicKey(priv))) {
                throw new IllegalArgumentException("DEVICE_ID's A_pubk is not the public key of APP_KEY (A_privk)");
            }
            return new AmpProvFirmware(new AmpProvDeviceIdentity(KeyMaterial.of(sn), priv, pub, asPub,
                    mode(deviceId[0])));
        }
        byte[] gwid = Items.one(items, WireMessage.Item.NETWORK_ID, "NETWORK_ID (GWID)", AmpProvParams.GWID_LEN);
        KeyMaterial asPriv = KeyMaterial.of(Items.one(items, WireMessage.Item.NETWORK_KEY, "NETWORK_KEY (AS_privk)",
                X25519.KEY_LEN));
        List<byte[]> ids = Items.all(items, WireMessage.Item.DEVICE_ID, "DEVICE_ID (KdfMode, A_pubk)", DEVICE_ID_LEN);
        List<byte[]> sns = Items.all(items, WireMessage.Item.ROOT_KEY, "ROOT_KEY (A_SN)", 0);
        if (ids.isEmpty() || ids.size() != sns.size()) {
            throw new IllegalArgumentException("PERSONALIZE needs DEVICE_ID and ROOT_KEY items in pairs, got "
                    + ids.size() + " and " + sns.size());
        }
        List<AmpProvDeviceRecord> recs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            recs.add(new AmpProvDeviceRecord(KeyMaterial.of(serial(sns.get(i))),
                    Arrays.copyOfRange(ids.get(i), 1, DEVICE_ID_LEN), mode(ids.get(i)[0])));
        }
        return new AmpProvFirmware(ByteBuffer.wrap(gwid).getInt() & 0xFFFF_FFFFL, asPriv, recs);
    }

    @Override
    public int publicKeyOpsPerFrame() {
        // A STRONG tag needs X25519(A_privk, AS_pubk) to derive keys from a PROV_RESPONSE (and again at every boot
        // of a provisioned tag); charged on every frame, an upper bound. SLIDES tags and the mains-powered gateway,
        // whose AS computes each tag's shared secret once at registration, do no public-key work per frame.
        return role == Role.DEVICE && identity.mode() == KdfMode.STRONG ? 1 : 0;
    }

    private static byte[] serial(byte[] sn) {
        if (sn.length < 1 || sn.length > 64) {
            throw new IllegalArgumentException("ROOT_KEY (A_SN) must be 1..64 octets, got " + sn.length);
        }
        return sn;
    }

    private static KdfMode mode(byte code) {
        return KdfMode.fromCode(code & 0xff).orElseThrow(() -> new IllegalArgumentException(
                "DEVICE_ID's KdfMode octet must be 0 (SLIDES) or 1 (STRONG), got " + (code & 0xff)));
    }

    private static byte[] deviceId(KdfMode mode, byte[] pub) {
        byte[] out = new byte[DEVICE_ID_LEN];
        out[0] = (byte) mode.code();
        System.arraycopy(pub, 0, out, 1, X25519.KEY_LEN);
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] indexed(String label, int i) {
        return ByteBuffer.allocate(label.length() + 4).put(ascii(label)).putInt(i).array();
    }

    @Override
    public String toString() {
        // A_SN, the private keys and the IdHashes are never printed.
        return role == Role.DEVICE ? "AmpProvFirmware[tag, " + identity.mode() + "]"
                : String.format("AmpProvFirmware[gateway, GWID %08x, %d tag records]", gatewayId, records.size());
    }
}
