package dev.ampbench.emulator.firmware;

import dev.ampbench.emulator.device.Firmware;
import dev.ampbench.protocol.Profile;
import dev.ampbench.protocol.Role;
import dev.ampbench.protocol.ampsec.AmpSecAccessPoint;
import dev.ampbench.protocol.ampsec.AmpSecAkm;
import dev.ampbench.protocol.ampsec.AmpSecCodec;
import dev.ampbench.protocol.ampsec.AmpSecFormat;
import dev.ampbench.protocol.ampsec.AmpSecKeySchedule;
import dev.ampbench.protocol.ampsec.AmpSecParameters;
import dev.ampbench.protocol.ampsec.AmpSecPersonalization;
import dev.ampbench.protocol.ampsec.AmpSecStation;
import dev.ampbench.protocol.codec.ProfileCodec;
import dev.ampbench.protocol.crypto.KeyMaterial;
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
 * amp-sec firmware (docs/protocols/amp-sec.md, docs/emulator/amp-sec.md). As a tag: an {@link AmpSecStation} (non-AP
 * AMP STA) that answers Triggers for its SA, confirms the AP and then exchanges protected data; its PMK lives in the
 * NV records {@code ampsec.pmk.a} / {@code ampsec.pmk.b}. As a gateway: an {@link AmpSecAccessPoint} serving a table
 * of enrolled STAs, all under one AA and one set of deployment parameters.
 *
 * <p><b>Actions</b> (ACTION message; {@code a} is the deployment's address length, 6 by default):
 * <ul>
 *   <li>gateway {@code trigger}: args = DlData (0..{@value #MAX_DATA} octets). A broadcast Trigger with a fresh
 *       ANonce; a STA delivers the DlData only after the Confirm.</li>
 *   <li>gateway {@code page}: args = SA ({@code a} octets) || DlData (0..{@value #MAX_DATA} octets). A Trigger paged
 *       to one STA.</li>
 *   <li>gateway {@code send}: args = SA ({@code a} octets) || payload (1..{@value #MAX_DATA} octets). DownlinkData
 *       to an established STA; fails (ERROR ACTION_FAILED) without a session.</li>
 *   <li>gateway {@code pmk-update}: args = SA ({@code a} octets). A PmkUpdate moving the established STA to its next
 *       PMK generation; fails while the previous update is unsettled.</li>
 *   <li>tag {@code send}: args = payload (1..{@value #MAX_DATA} octets). UplinkData when established; otherwise the
 *       payload is queued (nothing is emitted) and rides, sealed under the new TK, in the Response to the next
 *       Trigger.</li>
 * </ul>
 *
 * <p><b>PERSONALIZE items</b> (profile code 1):
 * <ul>
 *   <li>{@code NETWORK_ID} (0x02): the AA, exactly once, 2..8 octets; its length sets the deployment's address
 *       length.</li>
 *   <li>{@code DEVICE_ID} (0x01): a STA's SA, the same length as the AA, not all 0xff. A tag takes exactly one; a
 *       gateway one per enrolled STA.</li>
 *   <li>{@code ROOT_KEY} (0x81): that STA's PMK, 32 octets, at PMK generation 0. Paired in order with the
 *       DEVICE_IDs.</li>
 * </ul>
 * Nonce length and AKM are kept from the firmware being personalized (the defaults: 32-octet nonces,
 * {@code CMAC_KDF_SHA256}). Any other item tag is refused, naming it. Personalization erases NV memory, so a tag
 * starts again from the personalized PMK.
 *
 * <p><b>Identities from a seed</b> ({@link #identities(long, int)}): so that an emulator started with
 * {@code --seed S --count N} and a bench playing the other side agree without a manifest. With {@code S8} the seed
 * as 8 octets big-endian, {@code i4} the index 0..N-1 as 4 octets big-endian, and {@code H} SHA-256 over the ASCII
 * label followed by those octets:
 * <pre>
 *   AA    = 0x02 || H("ampbench/amp-sec/aa" || S8)[0..4]                 (6 octets, locally administered)
 *   SA_i  = 0x06 || H("ampbench/amp-sec/sa" || S8)[0..2] || i4[2..3]     (6 octets; distinct by construction)
 *   PMK_i = H("ampbench/amp-sec/pmk" || S8 || i4)                        (32 octets), PMK generation 0
 * </pre>
 * with the default parameters. These keys are bench keys: anyone who knows the seed knows them.
 *
 * <p>{@link #label()} and {@link #toString()} name the role and the table size only: never an address, key or
 * generation.
 */
public final class AmpSecFirmware implements Firmware {
    /**
     * Project choice of the emulator: the largest DlData, UlData or Data payload its radio carries. The spec leaves
     * payload size open; 255 octets is the LoRaWAN PHYPayload bound the bench wire was sized for, and ambient-power
     * frames are shorter than that.
     */
    public static final int MAX_DATA = 255;

    private static final String AA_LABEL = "ampbench/amp-sec/aa";
    private static final String SA_LABEL = "ampbench/amp-sec/sa";
    private static final String PMK_LABEL = "ampbench/amp-sec/pmk";

    private final Role role;
    private final AmpSecParameters parameters;
    private final byte[] aa;
    private final List<AmpSecPersonalization> table;

    private AmpSecFirmware(Role role, List<AmpSecPersonalization> table) {
        if (table.isEmpty()) {
            throw new IllegalArgumentException("amp-sec firmware needs at least one STA identity");
        }
        if (role == Role.DEVICE && table.size() != 1) {
            throw new IllegalArgumentException("an amp-sec tag has exactly one identity, got " + table.size());
        }
        AmpSecPersonalization first = table.get(0);
        Set<ByteBuffer> sas = new HashSet<>();
        for (AmpSecPersonalization p : table) {
            if (!Arrays.equals(p.aa(), first.aa()) || !p.parameters().equals(first.parameters())) {
                throw new IllegalArgumentException("every STA of an amp-sec gateway must name the same AA and parameters");
            }
            if (!sas.add(ByteBuffer.wrap(p.sa()))) {
                throw new IllegalArgumentException("an SA appears twice in the amp-sec gateway's table");
            }
        }
        this.role = role;
        this.parameters = first.parameters();
        this.aa = first.aa();
        this.table = List.copyOf(table);
    }

    /** A STA with this personalization. */
    public static AmpSecFirmware tag(AmpSecPersonalization me) {
        return new AmpSecFirmware(Role.DEVICE, List.of(me));
    }

    /** An AP serving these STAs (all with the same AA and parameters). */
    public static AmpSecFirmware gateway(List<AmpSecPersonalization> stations) {
        return new AmpSecFirmware(Role.INFRASTRUCTURE, stations);
    }

    /**
     * {@code count} distinct, reproducible STA identities of one AP, derived from {@code seed} as the class
     * documentation says. The same seed always gives the same AA, SAs and PMKs.
     */
    public static List<AmpSecPersonalization> identities(long seed, int count) {
        if (count < 1 || count > 0x10000) {
            throw new IllegalArgumentException("count must be 1..65536, got " + count);
        }
        byte[] s8 = ByteBuffer.allocate(8).putLong(seed).array();
        byte[] aaHash = sha256(AA_LABEL, s8);
        byte[] saHash = sha256(SA_LABEL, s8);
        byte[] aa = {0x02, aaHash[0], aaHash[1], aaHash[2], aaHash[3], aaHash[4]};
        List<AmpSecPersonalization> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] i4 = ByteBuffer.allocate(4).putInt(i).array();
            byte[] sa = {0x06, saHash[0], saHash[1], saHash[2], i4[2], i4[3]};
            KeyMaterial pmk = KeyMaterial.of(sha256(PMK_LABEL, s8, i4));
            out.add(new AmpSecPersonalization(aa, sa, pmk, 0, AmpSecParameters.DEFAULT));
        }
        return out;
    }

    private static byte[] sha256(String label, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(label.getBytes(StandardCharsets.US_ASCII));
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public Profile profile() {
        return Profile.AMP_SEC;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String label() {
        // The SA may be a serial (EUI-64) and the PMK is the secret: neither appears here.
        return role == Role.DEVICE ? "amp-sec-sta" : "amp-sec-ap[" + table.size() + " STAs]";
    }

    @Override
    public ProtocolMachine boot(MachineContext ctx, Set<Deviation> deviations) {
        return role == Role.DEVICE
                ? new AmpSecStation(table.get(0), ctx, deviations)
                : new AmpSecAccessPoint(aa, parameters, table, ctx, deviations);
    }

    @Override
    public List<String> actions() {
        return role == Role.DEVICE ? List.of("send") : List.of("trigger", "page", "send", "pmk-update");
    }

    @Override
    public List<Effect> act(ProtocolMachine machine, String action, byte[] args) {
        try {
            if (machine instanceof AmpSecStation sta) {
                if (!action.equals("send")) {
                    throw new IllegalArgumentException("unknown amp-sec tag action '" + action + "'; known: send");
                }
                return sta.sendData(data(args, 1, "send takes the UL payload"));
            }
            AmpSecAccessPoint ap = (AmpSecAccessPoint) machine;
            int a = parameters.format().addressLength();
            switch (action) {
                case "trigger":
                    return ap.trigger(data(args, 0, "trigger takes the DL data"));
                case "page":
                    return ap.page(sa(args, a, "page"), data(tail(args, a), 0, "page takes SA || DL data"));
                case "send":
                    return ap.sendData(sa(args, a, "send"), data(tail(args, a), 1, "send takes SA || DL payload"));
                case "pmk-update":
                    if (args.length != a) {
                        throw new IllegalArgumentException("pmk-update takes the " + a + "-octet SA, got "
                                + args.length + " octets");
                    }
                    return ap.updatePmk(args);
                default:
                    throw new IllegalArgumentException("unknown amp-sec gateway action '" + action
                            + "'; known: trigger, page, send, pmk-update");
            }
        } catch (IllegalStateException e) {
            // The machine refused in its current state (no session, update unsettled): a bad request at this time.
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static byte[] sa(byte[] args, int a, String action) {
        if (args.length < a) {
            throw new IllegalArgumentException(action + " starts with the " + a + "-octet SA, got " + args.length
                    + " octets");
        }
        return Arrays.copyOf(args, a);
    }

    private static byte[] tail(byte[] args, int from) {
        return Arrays.copyOfRange(args, from, args.length);
    }

    private static byte[] data(byte[] d, int min, String what) {
        if (d.length < min || d.length > MAX_DATA) {
            throw new IllegalArgumentException(what + " of " + min + ".." + MAX_DATA + " octets, got " + d.length);
        }
        return d;
    }

    @Override
    public ProfileCodec codec() {
        return new AmpSecCodec();
    }

    /**
     * The largest frame of this deployment: a Response carrying {@value #MAX_DATA} octets of UL data,
     * 22 + 2a + n + d + 8 octets (spec section 4.4); 329 with the defaults. It is longer than the largest Trigger
     * (4 + 2a + n + d) and data frame (16 + 2a + d + 8).
     */
    @Override
    public int maxFrameLength() {
        AmpSecFormat f = parameters.format();
        return 6 + 2 * f.addressLength() + f.nonceLength() + MAX_DATA + 8 + AmpSecAkm.MIC_LENGTH;
    }

    @Override
    public Firmware personalized(List<WireMessage.Item> items) {
        for (WireMessage.Item i : items) {
            if (i.tag() != WireMessage.Item.NETWORK_ID && i.tag() != WireMessage.Item.DEVICE_ID
                    && i.tag() != WireMessage.Item.ROOT_KEY) {
                throw new IllegalArgumentException(String.format("amp-sec takes NETWORK_ID (AA), DEVICE_ID (SA) and "
                        + "ROOT_KEY (PMK) items only, not tag 0x%02x", i.tag()));
            }
        }
        byte[] newAa = Items.one(items, WireMessage.Item.NETWORK_ID, "NETWORK_ID (AA)", 0);
        if (newAa.length < AmpSecFormat.MIN_ADDRESS_LENGTH || newAa.length > AmpSecFormat.MAX_ADDRESS_LENGTH) {
            throw new IllegalArgumentException("NETWORK_ID (AA) must be 2..8 octets, got " + newAa.length);
        }
        List<byte[]> sas = Items.all(items, WireMessage.Item.DEVICE_ID, "DEVICE_ID (SA)", newAa.length);
        List<byte[]> pmks = Items.all(items, WireMessage.Item.ROOT_KEY, "ROOT_KEY (PMK)",
                AmpSecKeySchedule.PMK_LENGTH);
        if (sas.isEmpty() || sas.size() != pmks.size()) {
            throw new IllegalArgumentException("PERSONALIZE needs DEVICE_ID (SA) and ROOT_KEY (PMK) items in pairs, got "
                    + sas.size() + " and " + pmks.size());
        }
        AmpSecFormat old = parameters.format();
        AmpSecParameters p = new AmpSecParameters(new AmpSecFormat(newAa.length, old.nonceLength(), old.akm()),
                parameters.anonceLifetimeMillis());
        List<AmpSecPersonalization> t = new ArrayList<>();
        for (int i = 0; i < sas.size(); i++) {
            t.add(new AmpSecPersonalization(newAa, sas.get(i), KeyMaterial.of(pmks.get(i)), 0, p));
        }
        return new AmpSecFirmware(role, t);
    }

    @Override
    public String toString() {
        // Addresses can be serials and PMKs are secrets: never printed.
        return "AmpSecFirmware[" + role.cliName() + ", " + table.size() + " identit"
                + (table.size() == 1 ? "y" : "ies") + "]";
    }
}
